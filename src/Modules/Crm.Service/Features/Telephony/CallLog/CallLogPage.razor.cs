using Crm.Kernel.Identity;
using Crm.Service.Contracts;
using Crm.Ui.Feedback;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace Crm.Service.Features.Telephony.CallLog;

/// <summary>The call log (agents their own calls, Managers and Admins everyone's): paged, ordered, filtered to missed calls or call backs.</summary>
public partial class CallLogPage
{
    private MudTable<CallRecordView> table = default!;
    private CallFilter filter = CallFilter.All;
    private CallSort sort = CallSort.Newest;
    private bool seesAll;

    [Inject]
    private CallLogQueries Queries { get; set; } = default!;

    [Inject]
    private CalledBackHandler CalledBack { get; set; } = default!;

    [Inject]
    private ICurrentUser CurrentUser { get; set; } = default!;

    [Inject]
    private ISnackbar Snackbar { get; set; } = default!;

    private string EmptyText => filter switch
    {
        CallFilter.Missed => "No missed calls.",
        CallFilter.ToCallBack => "Nobody is waiting for a call back.",
        _ => "No calls yet: calls appear here once a telephone system reports them.",
    };

    protected override void OnInitialized() => seesAll = TelephonyAccess.SeesAllCalls(CurrentUser);

    private async Task<TableData<CallRecordView>> LoadAsync(TableState state, CancellationToken cancellationToken)
    {
        var page = await Queries.ListAsync(filter, sort, null, state.Page, state.PageSize, cancellationToken);
        return new TableData<CallRecordView> { Items = page.Items, TotalItems = page.TotalCount };
    }

    private async Task SetFilterAsync(CallFilter value)
    {
        filter = value;
        await table.ReloadServerData();
    }

    private async Task SetSortAsync(CallSort value)
    {
        sort = value;
        await table.ReloadServerData();
    }

    private async Task CalledBackAsync(CallRecordView call)
    {
        if (await Snackbar.RunAsync(() => CalledBack.MarkAsync(call.Id, call.Version), "Marked as called back."))
        {
            await table.ReloadServerData();
        }
    }
}
