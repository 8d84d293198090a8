namespace Crm.Contacts;

/// <summary>The <c>Contacts</c> configuration section.</summary>
internal sealed class ContactsOptions
{
    public const string SectionName = "Contacts";

    /// <summary>Region (ISO 3166 code) for phone numbers written without a country code.</summary>
    public string DefaultPhoneRegion { get; set; } = "US";
}
