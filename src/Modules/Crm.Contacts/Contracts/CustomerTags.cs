namespace Crm.Contacts.Contracts;

/// <summary>Tags other modules put on the customers they register, with a meaning the Contacts screens can filter by.</summary>
public static class CustomerTags
{
    /// <summary>A customer a channel registered on its own (an email from an unknown sender): someone should check and complete it.</summary>
    public const string NeedsReview = "Needs review";
}
