namespace Crm.Contacts.Contracts;

/// <summary>
/// Phone numbers as Contacts stores them, for the channels that receive calls (telephony): the E.164 form of a number in
/// any common format (also the bare international digits telephone systems send, "4930555716000"), and the customer who
/// has it. No role check: a telephone system asks before any person is involved; callers show the result only to those
/// who may see it.
/// </summary>
public interface IPhoneDirectory
{
    /// <summary>The E.164 form of <paramref name="number"/> (for example +493055571600), or null for a number that is no valid phone number ("anonymous", an extension).</summary>
    string? Normalize(string? number);

    /// <summary>The active customer with this E.164 number (the lowest id when several share it), or null.</summary>
    Task<CustomerSummary?> FindByPhoneAsync(string e164, CancellationToken cancellationToken = default);
}
