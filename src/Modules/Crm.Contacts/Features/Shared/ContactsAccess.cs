using Crm.Kernel;
using Crm.Kernel.Api;
using Crm.Kernel.Errors;
using Crm.Kernel.Identity;

namespace Crm.Contacts.Features.Shared;

/// <summary>
/// Who may do what with customers: everyone signed in reads all; SalesReps create customers and edit the ones they own;
/// ServiceAgents log interactions; Managers and Admins do everything. Checked in every handler.
/// </summary>
internal static class ContactsAccess
{
    public static bool IsManagerOrAdmin(ICurrentUser user) => user.IsInRole(CrmRoles.Admin) || user.IsInRole(CrmRoles.Manager);

    public static bool CanRead(ICurrentUser user) => CrmRoles.All.Any(user.IsInRole);

    public static bool CanCreate(ICurrentUser user) => IsManagerOrAdmin(user) || user.IsInRole(CrmRoles.SalesRep);

    public static bool CanEdit(ICurrentUser user, string? ownerId) =>
        IsManagerOrAdmin(user) || (user.IsInRole(CrmRoles.SalesRep) && ownerId is not null && ownerId == user.ActorId);

    /// <summary>
    /// Whether the case entries of a customer's timeline (subjects, the customer's messages, public replies) are shown:
    /// the Service module's rule that a SalesRep sees the cases of their own customers only, applied to the timeline so it
    /// is not a way around it. Agents, Managers, Admins and integrations (API keys) see them.
    /// </summary>
    public static bool SeesServiceHistory(ICurrentUser user, string? ownerId) =>
        IsManagerOrAdmin(user) || user.IsInRole(CrmRoles.ServiceAgent) || ApiKeyService.IsApiKey(user)
        || (ownerId is not null && ownerId == user.ActorId);

    /// <summary>
    /// Who records a customer's preferences and personal details: whoever may edit the customer, and ServiceAgents, who hear
    /// them on the phone. An agent changes or removes only the facts they recorded (<see cref="Domain.PreferenceFact.ChangeRefusal"/>).
    /// </summary>
    public static bool CanRecordFacts(ICurrentUser user, string? ownerId) =>
        CanEdit(user, ownerId) || user.IsInRole(CrmRoles.ServiceAgent);

    public static void EnsureRecordFacts(ICurrentUser user, string? ownerId)
    {
        if (!CanRecordFacts(user, ownerId))
        {
            throw new ForbiddenException("Only the owning SalesRep, ServiceAgents, Managers and Admins record what a customer prefers.");
        }
    }

    public static void EnsureRead(ICurrentUser user)
    {
        if (!CanRead(user))
        {
            throw new ForbiddenException("Sign in with a role of eCRM to see customers.");
        }
    }

    public static void EnsureCreate(ICurrentUser user)
    {
        if (!CanCreate(user))
        {
            throw new ForbiddenException("Only SalesReps, Managers and Admins create customers.");
        }
    }

    /// <summary>Who may register a person who just called: those who create customers, and the ServiceAgents who take the calls.</summary>
    public static void EnsureCreateCaller(ICurrentUser user)
    {
        if (!CanCreate(user) && !user.IsInRole(CrmRoles.ServiceAgent))
        {
            throw new ForbiddenException("Only ServiceAgents, SalesReps, Managers and Admins register callers as customers.");
        }
    }

    public static void EnsureEdit(ICurrentUser user, string? ownerId)
    {
        if (!CanEdit(user, ownerId))
        {
            throw new ForbiddenException("Only the owning SalesRep, a Manager or an Admin may change this customer.");
        }
    }

    public static void EnsureManager(ICurrentUser user)
    {
        if (!IsManagerOrAdmin(user))
        {
            throw new ForbiddenException("Only Managers and Admins may do this.");
        }
    }
}
