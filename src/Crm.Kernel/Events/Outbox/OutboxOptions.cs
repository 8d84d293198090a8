namespace Crm.Kernel.Events.Outbox;

/// <summary>Settings of the outbox (section <c>Outbox</c>).</summary>
public sealed class OutboxOptions
{
    public const string SectionName = "Outbox";

    /// <summary>How often a dispatcher looks for messages it did not write itself: retries, and those of a process that died.</summary>
    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>How long a dispatcher holds messages before another may take them (it normally finishes in milliseconds).</summary>
    public TimeSpan Lease { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Messages taken per round.</summary>
    public int BatchSize { get; set; } = 500;

    /// <summary>Deliveries tried before a message is kept as dead (the waits double from 1 s up to <see cref="MaxBackOff"/>).</summary>
    public int MaxAttempts { get; set; } = 15;

    public TimeSpan MaxBackOff { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>How long handlers' idempotency records are kept (far longer than any retry lasts).</summary>
    public TimeSpan InboxRetention { get; set; } = TimeSpan.FromDays(14);

    /// <summary>The wait before attempt <paramref name="attempts"/> + 1.</summary>
    public TimeSpan BackOff(int attempts) =>
        TimeSpan.FromSeconds(Math.Min(MaxBackOff.TotalSeconds, Math.Pow(2, Math.Clamp(attempts - 1, 0, 30))));
}
