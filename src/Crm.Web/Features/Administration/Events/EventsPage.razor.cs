using Crm.Kernel.Errors;
using Crm.Kernel.Events.Outbox;
using Crm.Web.Features.Account;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace Crm.Web.Features.Administration.Events;

/// <summary>Admin page: the outbox's failed deliveries, with send again and discard (<see cref="OutboxAdministration"/>).</summary>
public partial class EventsPage
{
    private OutboxSummary? summary;
    private IReadOnlyList<OutboxProblem> problems = [];
    private bool loading = true;

    [Inject]
    private OperationScope Operations { get; set; } = default!;

    [Inject]
    private OutboxOptions Options { get; set; } = default!;

    [Inject]
    private IDialogService Dialogs { get; set; } = default!;

    [Inject]
    private ISnackbar Snackbar { get; set; } = default!;

    protected override Task OnInitializedAsync() => ReloadAsync();

    private async Task ReloadAsync()
    {
        loading = true;
        (summary, problems) = await Operations.RunAsync(async services =>
        {
            var outbox = services.GetRequiredService<OutboxAdministration>();
            return (await outbox.SummaryAsync(), await outbox.ProblemsAsync());
        });
        loading = false;
    }

    private async Task RetryAsync(OutboxProblem problem)
    {
        await ChangeAsync(outbox => outbox.RetryAsync(problem.Id), $"{ShortName(problem.EventType)} will be sent to {ShortName(problem.Handler)} again.");
    }

    private async Task DiscardAsync(OutboxProblem problem)
    {
        var confirmed = await Dialogs.ShowMessageBoxAsync("Discard this message?",
            $"{ShortName(problem.Handler)} will never receive this {ShortName(problem.EventType)}: whatever it would have changed stays as it is.",
            yesText: "Discard", cancelText: "Cancel");
        if (confirmed == true)
        {
            await ChangeAsync(outbox => outbox.DiscardAsync(problem.Id), "Message discarded.");
        }
    }

    private async Task ChangeAsync(Func<OutboxAdministration, Task> change, string done)
    {
        try
        {
            await Operations.RunAsync(async services =>
            {
                await change(services.GetRequiredService<OutboxAdministration>());
                return true;
            });
            Snackbar.Add(done, Severity.Success);
        }
        catch (NotFoundException ex)
        {
            Snackbar.Add(ex.Message, Severity.Info);
        }

        await ReloadAsync();
    }

    /// <summary>"Crm.Sales.Contracts.OrderChanged" reads as "OrderChanged".</summary>
    private static string ShortName(string typeName) => typeName[(typeName.LastIndexOf('.') + 1)..];
}
