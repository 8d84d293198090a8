namespace Crm.Service.Features.Notifications;

/// <summary>
/// Tells the open apps of this server that agents have new notifications, so their bell updates without a reload (Blazor
/// Server pushes the change down the circuit). An app on another server of a farm sees them on its next load.
/// </summary>
internal sealed class AgentNotifier
{
    /// <summary>Raised after a commit with the ids of the agents who got notifications in it.</summary>
    public event Action<IReadOnlySet<string>>? Notified;

    public void Publish(IReadOnlySet<string> recipients)
    {
        if (recipients.Count > 0)
        {
            Notified?.Invoke(recipients);
        }
    }
}
