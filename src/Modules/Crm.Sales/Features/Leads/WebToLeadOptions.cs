namespace Crm.Sales.Features.Leads;

/// <summary>The <c>Sales:WebToLead</c> configuration section: the public lead form's redirects and rate limit.</summary>
internal sealed class WebToLeadOptions
{
    public const string SectionName = "Sales:WebToLead";

    /// <summary>
    /// Absolute addresses a form may ask to be sent back to after a submission (<c>return_url</c>): same scheme, host and
    /// port, and a path that starts with the allowed one. Anything else gets the thank-you page instead.
    /// </summary>
    public List<string> AllowedReturnUrls { get; set; } = [];

    /// <summary>Submissions one client address may make per window.</summary>
    public int PermitsPerWindow { get; set; } = 10;

    public int WindowSeconds { get; set; } = 60;

    public bool IsAllowedReturnUrl(string? returnUrl, out Uri? target)
    {
        target = null;
        if (string.IsNullOrWhiteSpace(returnUrl) || !Uri.TryCreate(returnUrl.Trim(), UriKind.Absolute, out var candidate)
            || (candidate.Scheme != Uri.UriSchemeHttps && candidate.Scheme != Uri.UriSchemeHttp) || candidate.UserInfo.Length > 0)
        {
            return false;
        }

        foreach (var allowed in AllowedReturnUrls)
        {
            if (Uri.TryCreate(allowed, UriKind.Absolute, out var entry)
                && string.Equals(entry.Scheme, candidate.Scheme, StringComparison.OrdinalIgnoreCase)
                && string.Equals(entry.Host, candidate.Host, StringComparison.OrdinalIgnoreCase)
                && entry.Port == candidate.Port
                && candidate.AbsolutePath.StartsWith(entry.AbsolutePath, StringComparison.Ordinal))
            {
                target = candidate;
                return true;
            }
        }

        return false;
    }
}
