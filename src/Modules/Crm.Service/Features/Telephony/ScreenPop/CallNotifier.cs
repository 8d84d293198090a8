using System.Collections.Concurrent;
using System.Collections.Immutable;

namespace Crm.Service.Features.Telephony.ScreenPop;

/// <summary>What happened to a call an agent's screen should show.</summary>
internal enum CallSignalKind
{
    /// <summary>A call rings for the agent: pop the caller.</summary>
    Ringing,

    /// <summary>The agent dials a customer: pop the customer, with the verification code to read out.</summary>
    Dialling,

    /// <summary>The call was answered, ended or changed (attached to a case): refresh the pop.</summary>
    Changed,
}

internal sealed record CallSignal(long CallRecordId, CallSignalKind Kind);

/// <summary>
/// Pushes call events to the open apps of the agent they are for (Blazor Server sends the change down the circuit). Each
/// app subscribes for its signed-in agent only and disposes the subscription with the app, so a call reaches exactly the
/// screens of its agent without every app filtering every call. An app on another server of a farm is not reached.
/// </summary>
internal sealed class CallNotifier
{
    private readonly ConcurrentDictionary<string, ImmutableList<Action<CallSignal>>> subscribers = new(StringComparer.Ordinal);

    public IDisposable Subscribe(string agentId, Action<CallSignal> onSignal)
    {
        subscribers.AddOrUpdate(agentId, _ => [onSignal], (_, list) => list.Add(onSignal));
        return new Subscription(this, agentId, onSignal);
    }

    /// <summary>Tells the agent's open apps; true when at least one listens.</summary>
    public bool Publish(string agentId, CallSignal signal)
    {
        if (!subscribers.TryGetValue(agentId, out var list) || list.IsEmpty)
        {
            return false;
        }

        foreach (var onSignal in list)
        {
            onSignal(signal);
        }

        return true;
    }

    private void Unsubscribe(string agentId, Action<CallSignal> onSignal)
    {
        while (subscribers.TryGetValue(agentId, out var list))
        {
            var rest = list.Remove(onSignal);
            if (rest.IsEmpty ? subscribers.TryRemove(new KeyValuePair<string, ImmutableList<Action<CallSignal>>>(agentId, list))
                             : subscribers.TryUpdate(agentId, rest, list))
            {
                return;
            }
        }
    }

    private sealed class Subscription(CallNotifier notifier, string agentId, Action<CallSignal> onSignal) : IDisposable
    {
        private int disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref disposed, 1) == 0)
            {
                notifier.Unsubscribe(agentId, onSignal);
            }
        }
    }
}
