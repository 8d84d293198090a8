using Crm.Kernel.Identity;
using Crm.Sales.Domain;
using Crm.Sales.Features.Pipeline;

namespace Crm.Sales.Features.Leads;

/// <summary>Leads follow the pipeline's rules: a SalesRep sees and works the leads assigned to them; Managers and Admins all.</summary>
internal static class LeadAccess
{
    public static void EnsureUse(ICurrentUser user) => PipelineAccess.EnsureUse(user);

    public static void EnsureEdit(ICurrentUser user, Lead lead) => PipelineAccess.EnsureEdit(user, lead.OwnerId, "lead");

    /// <summary>Only Managers and Admins hand a lead to someone else; a rep may take an unassigned lead for themselves.</summary>
    public static bool CanAssign(ICurrentUser user, Lead lead, string? newOwnerId) =>
        PipelineAccess.IsManagerOrAdmin(user)
        || (PipelineAccess.CanUse(user) && lead.OwnerId is null && newOwnerId == user.ActorId);
}
