using Crm.Kernel.Identity;
using Crm.Service.Contracts;
using Crm.Service.Features.Cases.AddTag;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace Crm.Service.Features.Cases.BulkUpdate;

/// <summary>
/// Asks for a bulk action's argument (the new owner, status or tag) and says, before anything changes, what will happen to how
/// many cases. Closes with the argument once confirmed.
/// </summary>
public partial class BulkCaseDialog
{
    /// <summary>The owner choice that leaves the cases unassigned (an empty argument).</summary>
    private const string Unassigned = "";

    private string? ownerId;
    private CaseStatus? status;
    private string tag = "";

    [CascadingParameter]
    private IMudDialogInstance MudDialog { get; set; } = default!;

    [Parameter]
    public CaseBulkAction Action { get; set; }

    [Parameter]
    public int Count { get; set; }

    [Parameter]
    public IReadOnlyList<UserName> Workers { get; set; } = [];

    public static string Title(CaseBulkAction action, int count) => action switch
    {
        CaseBulkAction.Assign => $"Assign {Cases(count)}",
        CaseBulkAction.ChangeStatus => $"Change the status of {Cases(count)}",
        _ => $"Tag {Cases(count)}",
    };

    private string? TagProblem => AddTagHandler.TagProblem(tag);

    /// <summary>What will happen, once the argument is chosen; null until then.</summary>
    private string? Summary => Action switch
    {
        CaseBulkAction.Assign when ownerId == Unassigned => $"{Cases(Count, capital: true)} will be unassigned.",
        CaseBulkAction.Assign when ownerId is not null => $"{Cases(Count, capital: true)} will be assigned to {Workers.FirstOrDefault(w => w.Id == ownerId)?.DisplayName ?? ownerId}.",
        CaseBulkAction.ChangeStatus when status is { } s =>
            $"{Cases(Count, capital: true)} will become {CaseLabels.Status(s)}. A case whose status cannot move there is skipped and left as it is.",
        CaseBulkAction.AddTag when TagProblem is null => $"{Cases(Count, capital: true)} will be tagged \"{tag.Trim()}\".",
        _ => null,
    };

    private string ConfirmText => Action switch
    {
        CaseBulkAction.Assign => $"Assign {Cases(Count)}",
        CaseBulkAction.ChangeStatus => $"Change {Cases(Count)}",
        _ => $"Tag {Cases(Count)}",
    };

    private static string Cases(int count, bool capital = false) =>
        count == 1 ? (capital ? "The case" : "1 case") : (capital ? $"The {count} cases" : $"{count} cases");

    private void Confirm()
    {
        if (Summary is null)
        {
            return;
        }

        MudDialog.Close(DialogResult.Ok(Action switch
        {
            CaseBulkAction.Assign => ownerId ?? Unassigned,
            CaseBulkAction.ChangeStatus => status!.Value.ToString(),
            _ => tag.Trim(),
        }));
    }
}
