namespace Crm.Contacts.Features.Verification;

/// <summary>The <c>Contacts:Verification</c> configuration section.</summary>
internal sealed class VerificationOptions
{
    public const string SectionName = "Contacts:Verification";

    public const string DefaultNeverAskNotice =
        "We will never ask you for your password, your full card number or a one-time code, and we will never ask you to move money to a \"safe account\". "
        + "If someone claiming to be us does, end the contact and call us on the number on our web site.";

    /// <summary>How long a code can be checked after the contact (a day by default).</summary>
    public int CodeLifetimeHours { get; set; } = 24;

    /// <summary>Checks per client address per <see cref="WindowMinutes"/> on /verify and its API (5 by default).</summary>
    public int TriesPerWindow { get; set; } = 5;

    public int WindowMinutes { get; set; } = 60;

    /// <summary>What we never ask for: shown on /verify and available to outbound messages (<c>IContactVerification.NeverAskNotice</c>).</summary>
    public string NeverAskNotice { get; set; } = DefaultNeverAskNotice;
}
