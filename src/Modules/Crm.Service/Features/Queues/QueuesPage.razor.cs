using Crm.Service.Contracts;
using Crm.Service.Features.Agents;
using Crm.Service.Features.Cases.Routing;
using Crm.Service.Features.Queues.SaveQueue;
using Crm.Ui.Feedback;
using Crm.Ui.Loading;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace Crm.Service.Features.Queues;

/// <summary>What the queues page shows.</summary>
internal sealed record QueuesOverview(IReadOnlyList<QueueDetails> Queues, IReadOnlyList<AgentAvailabilityView> Agents);

/// <summary>The queues with their members and backlog, and every agent's presence and capacity (Managers and Admins).</summary>
public partial class QueuesPage
{
    private readonly PageLoad<QueuesOverview> load = new();

    [Inject]
    private QueueQueries Queries { get; set; } = default!;

    [Inject]
    private SaveQueueHandler Save { get; set; } = default!;

    [Inject]
    private AgentAvailabilities Availabilities { get; set; } = default!;

    [Inject]
    private CaseRouting Routing { get; set; } = default!;

    [Inject]
    private IDialogService Dialogs { get; set; } = default!;

    [Inject]
    private ISnackbar Snackbar { get; set; } = default!;

    private int RelationshipDays => (int)Routing.RelationshipWindow.TotalDays;

    internal static string StrategyName(RoutingStrategy strategy) => strategy switch
    {
        RoutingStrategy.RoundRobin => "Round robin",
        RoutingStrategy.LeastLoaded => "Least loaded",
        _ => "Manual pick",
    };

    protected override Task OnInitializedAsync() => ReloadAsync();

    private Task ReloadAsync() => load.RunAsync(async () => new QueuesOverview(await Queries.ListAsync(), await Availabilities.ListAsync()));

    private async Task EditAsync(QueueDetails? queue)
    {
        var dialog = await Dialogs.ShowAsync<QueueDialog>(queue is null ? "New queue" : $"Edit {queue.Name}",
            new DialogParameters<QueueDialog> { { d => d.Queue, queue } },
            new DialogOptions { MaxWidth = MaxWidth.Small, FullWidth = true });
        if (await dialog.Result is { Canceled: false })
        {
            Snackbar.Done(queue is null ? "Queue created." : "Queue saved.");
            await ReloadAsync();
        }
    }

    private async Task SetActiveAsync(QueueDetails queue, bool active)
    {
        if (!active && await Dialogs.ShowMessageBoxAsync("Deactivate queue",
                $"{queue.Name} will take no new cases{(queue.IsDefault ? " and stop being the default queue" : "")}. Its {queue.OpenCases} open cases stay in it.",
                yesText: "Deactivate", cancelText: "Cancel") != true)
        {
            return;
        }

        if (await Snackbar.RunAsync(() => Save.SetActiveAsync(queue.Id, active, queue.Version), active ? $"{queue.Name} is active." : $"{queue.Name} is deactivated."))
        {
            await ReloadAsync();
        }
    }

    private async Task SetCapacityAsync(AgentAvailabilityView agent, int capacity)
    {
        if (await Snackbar.RunAsync(() => Availabilities.SetCapacityAsync(agent.AgentId, new CapacityInput { Capacity = capacity }),
                $"{agent.Name} takes up to {capacity} open cases."))
        {
            await ReloadAsync();
        }
    }
}
