using System.Security.Claims;

namespace Crm.Kernel.Identity;

/// <summary>Who is acting right now: the signed-in person, an API key's integration, or the command line.</summary>
public interface ICurrentUser
{
    ClaimsPrincipal Principal { get; }

    /// <summary>The user id, or a descriptive actor name (for example <c>cli:alice</c>) that audit columns record.</summary>
    string ActorId { get; }

    bool IsInRole(string role) => Principal.IsInRole(role);
}

/// <summary>
/// A scoped holder that the web host fills from the HTTP request or the Blazor circuit,
/// and the command line fills with its own actor.
/// </summary>
public sealed class CurrentUser : ICurrentUser
{
    private static readonly ClaimsPrincipal Anonymous = new(new ClaimsIdentity());

    public ClaimsPrincipal Principal { get; private set; } = Anonymous;

    public string ActorId { get; private set; } = "anonymous";

    public void Set(ClaimsPrincipal principal)
    {
        Principal = principal;
        ActorId = principal.FindFirstValue(ClaimTypes.NameIdentifier)
            ?? principal.Identity?.Name
            ?? "anonymous";
    }

    public void SetSystemActor(string actorId, params string[] roles)
    {
        var identity = new ClaimsIdentity(
            roles.Select(r => new Claim(ClaimTypes.Role, r)).Append(new Claim(ClaimTypes.Name, actorId)),
            authenticationType: "system");
        Principal = new ClaimsPrincipal(identity);
        ActorId = actorId;
    }
}
