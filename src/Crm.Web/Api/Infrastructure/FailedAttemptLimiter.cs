using System.Threading.RateLimiting;

namespace Crm.Web.Api.Infrastructure;

/// <summary>
/// Counts failed attempts per key (a client address, or an account with an address) in fixed windows: after
/// <c>permits</c> failures in a window the key is blocked until the window ends. Only failures count; a blocked key is
/// refused without checking what it sent. Keys whose window has passed are forgotten by the limiter itself.
/// </summary>
internal sealed class FailedAttemptLimiter : IDisposable
{
    private readonly PartitionedRateLimiter<string> limiter;

    public FailedAttemptLimiter(int permits, TimeSpan window)
    {
        Permits = Math.Max(1, permits);
        Window = window < TimeSpan.FromSeconds(1) ? TimeSpan.FromSeconds(1) : window;
        limiter = PartitionedRateLimiter.Create<string, string>(key => RateLimitPartition.GetFixedWindowLimiter(key, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = Permits,
            Window = Window,
            QueueLimit = 0,
            AutoReplenishment = true,
        }));
    }

    public int Permits { get; }

    public TimeSpan Window { get; }

    /// <summary>True while <paramref name="key"/> has used up its failures in this window (at most <see cref="Window"/> more).</summary>
    public bool IsBlocked(string key)
    {
        // Asking for no permit tells whether any is left without using one.
        using var lease = limiter.AttemptAcquire(key, 0);
        return !lease.IsAcquired;
    }

    /// <summary>Counts a failure; true when it was the last one allowed, so the key is blocked from now on.</summary>
    public bool RecordFailure(string key)
    {
        using var lease = limiter.AttemptAcquire(key, 1);
        return lease.IsAcquired && limiter.GetStatistics(key)?.CurrentAvailablePermits == 0;
    }

    public void Dispose() => limiter.Dispose();
}
