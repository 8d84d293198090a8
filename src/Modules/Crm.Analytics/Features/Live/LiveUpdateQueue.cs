using System.Diagnostics;
using System.Threading.Channels;

namespace Crm.Analytics.Features.Live;

/// <summary>A customer whose orders changed, and when the change was committed (<see cref="Stopwatch.GetTimestamp"/>).</summary>
internal readonly record struct LiveUpdateRequest(long CustomerId, long CommittedAt);

/// <summary>The customers waiting for a real-time update (unbounded: the sales side never waits for analytics).</summary>
internal sealed class LiveUpdateQueue
{
    private readonly Channel<LiveUpdateRequest> channel = Channel.CreateUnbounded<LiveUpdateRequest>(
        new UnboundedChannelOptions { SingleReader = true });

    public ChannelReader<LiveUpdateRequest> Reader => channel.Reader;

    public void Enqueue(long customerId) => channel.Writer.TryWrite(new LiveUpdateRequest(customerId, Stopwatch.GetTimestamp()));
}
