using Crm.Kernel.Identity;
using Crm.Service.Contracts;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace Crm.Service.Features.Notifications;

/// <summary>
/// The bell of the app bar: the signed-in agent's unread notifications and the latest ten. It listens to
/// <see cref="AgentNotifier"/>, so a case given to the agent or an SLA warning shows up (with a snackbar) without a reload.
/// </summary>
public sealed partial class NotificationBell : IDisposable
{
    private const int Shown = 10;
    private AgentNotificationPage? latest;

    [Inject]
    private AgentNotifications Notifications { get; set; } = default!;

    [Inject]
    private AgentNotifier Notifier { get; set; } = default!;

    [Inject]
    private ICurrentUser CurrentUser { get; set; } = default!;

    [Inject]
    private ISnackbar Snackbar { get; set; } = default!;

    private string AriaLabel => latest is { Unread: > 0 } p ? $"Notifications: {p.Unread} unread" : "Notifications: none unread";

    protected override async Task OnInitializedAsync()
    {
        latest = await Notifications.MineAsync(pageSize: Shown);
        Notifier.Notified += OnNotified;
    }

    public void Dispose() => Notifier.Notified -= OnNotified;

    private void OnNotified(IReadOnlySet<string> recipients)
    {
        if (!recipients.Contains(CurrentUser.ActorId))
        {
            return;
        }

        _ = InvokeAsync(async () =>
        {
            // Also raised when the agent read notifications elsewhere (opening a case): then there is nothing new to announce.
            var newest = latest?.Items.Count > 0 ? latest.Items[0].Id : 0;
            latest = await Notifications.MineAsync(pageSize: Shown);
            foreach (var arrived in latest.Items.Where(i => i.Id > newest && !i.Read).Reverse())
            {
                Snackbar.Add(arrived.Text, arrived.Kind == AgentNotificationKind.SlaBreached ? Severity.Error
                    : arrived.Kind == AgentNotificationKind.SlaWarning ? Severity.Warning : Severity.Info);
            }

            StateHasChanged();
        });
    }

    private async Task MarkAllReadAsync()
    {
        await Notifications.MarkAllReadAsync();
        latest = await Notifications.MineAsync(pageSize: Shown);
    }

    private static string IconOf(AgentNotificationKind kind) => kind switch
    {
        AgentNotificationKind.SlaBreached => Icons.Material.Filled.Error,
        AgentNotificationKind.SlaWarning => Icons.Material.Filled.Warning,
        AgentNotificationKind.CustomerMessage => Icons.Material.Filled.MarkEmailUnread,
        _ => Icons.Material.Filled.AssignmentInd,
    };

    private static Color ColorOf(AgentNotificationKind kind) => kind switch
    {
        AgentNotificationKind.SlaBreached => Color.Error,
        AgentNotificationKind.SlaWarning => Color.Warning,
        _ => Color.Info,
    };
}
