using Crm.Kernel.Errors;
using Crm.Service.Contracts;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace Crm.Service.Features.Cases.MergeCase;

/// <summary>Merges a case into another open case of its customer, chosen by number; closes with the target's id.</summary>
public partial class MergeCaseDialog
{
    private IReadOnlyList<CaseListItem>? candidates;
    private string? target;
    private string? problem;
    private bool saving;

    [Parameter]
    public long SourceId { get; set; }

    [Parameter]
    public string SourceNumber { get; set; } = "";

    [Parameter]
    public long CustomerId { get; set; }

    /// <summary>The version of the case as the page showed it: a colleague's change in the meantime is reported.</summary>
    [Parameter]
    public Guid Version { get; set; }

    [CascadingParameter]
    private IMudDialogInstance MudDialog { get; set; } = default!;

    [Inject]
    private CaseQueries Queries { get; set; } = default!;

    [Inject]
    private MergeCaseHandler Merge { get; set; } = default!;

    protected override async Task OnInitializedAsync()
    {
        var open = await Queries.ListAsync(new CaseListQuery
        {
            CustomerId = CustomerId, OpenOnly = true, Sort = CaseSort.Number, Descending = true, PageSize = CaseQueries.MaxPageSize,
        });
        candidates = [.. open.Items.Where(c => c.Id != SourceId)];
    }

    private void Cancel() => MudDialog.Cancel();

    private async Task MergeAsync()
    {
        saving = true;
        problem = null;
        try
        {
            var result = await Merge.MergeAsync(SourceId, new CaseMergeInput(target ?? ""), Version);
            problem = result.Message ?? (result.Validation.Errors.Count > 0 ? result.Validation.Errors[0].Message : null);
            if (result.Succeeded)
            {
                MudDialog.Close(DialogResult.Ok(result.Value));
            }
        }
        catch (Exception ex) when (ex is ConflictException or NotFoundException or ForbiddenException)
        {
            problem = ex.Message;
        }
        finally
        {
            saving = false;
        }
    }
}
