using Crm.Service.Contracts;
using Crm.Service.Domain.Cases;
using MudBlazor;

namespace Crm.Service.Features.Cases;

/// <summary>How statuses, priorities, thread entries and links read and look on the case page and in the workspace.</summary>
internal static class CaseLabels
{
    public static string Status(CaseStatus status) => CaseStatusNames.Of(status);

    public static Color StatusColor(CaseStatus status) => status switch
    {
        CaseStatus.New => Color.Info,
        CaseStatus.Open => Color.Primary,
        CaseStatus.PendingCustomer or CaseStatus.PendingThirdParty => Color.Warning,
        CaseStatus.Resolved => Color.Success,
        _ => Color.Default,
    };

    /// <summary>The heading of an entry of the thread: who wrote it and on which channel.</summary>
    public static string EntryHeading(CaseEntryDto entry) => entry.Kind switch
    {
        CaseEntryKind.InternalNote => $"Internal note by {entry.AuthorName ?? entry.AuthorId}",
        CaseEntryKind.PublicReply => $"Reply by {entry.AuthorName ?? entry.AuthorId} on {entry.Channel}",
        _ => $"Customer on {entry.Channel}",
    };

    /// <summary>An entry's kind in the page's test ids: "note", "reply" or "customer".</summary>
    public static string EntryKindName(CaseEntryKind kind) => kind switch
    {
        CaseEntryKind.InternalNote => "note",
        CaseEntryKind.PublicReply => "reply",
        _ => "customer",
    };

    /// <summary>How a linked case relates to the case shown.</summary>
    public static string Relation(CaseRelation relation) => relation switch
    {
        CaseRelation.FollowUpOf => "Follow-up of",
        CaseRelation.FollowedUpBy => "Followed up by",
        CaseRelation.MergedInto => "Merged into",
        CaseRelation.MergedFrom => "Merged from",
        CaseRelation.SplitFrom => "Split from",
        _ => "Split into",
    };

    public static Color PriorityColor(CasePriority priority) => priority switch
    {
        CasePriority.Urgent => Color.Error,
        CasePriority.High => Color.Warning,
        CasePriority.Low => Color.Default,
        _ => Color.Info,
    };
}
