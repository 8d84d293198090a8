using Microsoft.AspNetCore.Identity;

namespace Crm.Kernel.Identity;

/// <summary>A person who signs in to eCRM. Stored by ASP.NET Core Identity in the CCR.</summary>
public sealed class CrmUser : IdentityUser
{
    public string DisplayName { get; set; } = "";

    public DateTime CreatedAtUtc { get; set; }
}
