using Crm.Kernel.Errors;
using Crm.Kernel.Identity;
using Crm.Service.Contracts;
using Crm.Service.Features.Cases;
using Crm.Service.Features.Queues.SaveQueue;
using Crm.Ui.Feedback;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace Crm.Service.Features.Queues;

/// <summary>The queue form; closes when the queue is saved. Field problems are shown next to their fields.</summary>
public partial class QueueDialog
{
    private static readonly string[] FieldsShown = [nameof(QueueInput.Name), nameof(QueueInput.Description), nameof(QueueInput.SupervisorId), nameof(QueueInput.MemberIds), nameof(QueueInput.CalendarId)];

    private IReadOnlyList<UserName> workers = [];
    private string? name;
    private string? description;
    private RoutingStrategy strategy = RoutingStrategy.RoundRobin;
    private string? supervisorId;
    private IReadOnlyCollection<string> memberIds = [];
    private bool isDefault;
    private long? calendarId;
    private IReadOnlyList<BusinessCalendarDto> calendars = [];
    private bool saving;
    private string? general;
    private OperationResult errors = OperationResult.Success;

    /// <summary>The queue to edit; null for a new one.</summary>
    [Parameter]
    public QueueDetails? Queue { get; set; }

    [CascadingParameter]
    private IMudDialogInstance MudDialog { get; set; } = default!;

    [Inject]
    private SaveQueueHandler Handler { get; set; } = default!;

    [Inject]
    private CaseWorkers Workers { get; set; } = default!;

    [Inject]
    private Sla.SlaSettings SlaSettings { get; set; } = default!;

    private string StrategyHelp => strategy switch
    {
        RoutingStrategy.RoundRobin => "The member assigned a case longest ago",
        RoutingStrategy.LeastLoaded => "The member with the fewest open cases",
        _ => "Nobody automatically: agents pick from the queue",
    };

    protected override async Task OnInitializedAsync()
    {
        workers = await Workers.ListAsync(CancellationToken.None);
        calendars = await SlaSettings.CalendarsAsync();
        if (Queue is { } queue)
        {
            name = queue.Name;
            description = queue.Description;
            strategy = queue.Strategy;
            supervisorId = queue.SupervisorId;
            memberIds = [.. queue.Members.Select(m => m.AgentId)];
            isDefault = queue.IsDefault;
            calendarId = queue.CalendarId;
        }
    }

    private string NameOf(string id) => workers.FirstOrDefault(w => w.Id == id)?.DisplayName ?? id;

    private void Cancel() => MudDialog.Cancel();

    private async Task SaveAsync()
    {
        saving = true;
        general = null;
        try
        {
            var input = new QueueInput
            {
                Name = name,
                Description = description,
                Strategy = strategy,
                SupervisorId = supervisorId,
                IsDefault = isDefault,
                MemberIds = [.. memberIds],
                CalendarId = calendarId,
            };
            var outcome = await DialogSave.RunAsync(MudDialog,
                () => Queue is { } queue ? Handler.UpdateAsync(queue.Id, input, queue.Version) : Handler.CreateAsync(input), FieldsShown, errors);
            (errors, general) = outcome;
        }
        finally
        {
            saving = false;
        }
    }
}
