namespace Crm.Kernel.Events.Outbox;

/// <summary>
/// One event for one handler, written in the transaction of the change that raised it and deleted once the handler has
/// taken it. A message is leased to one dispatcher at a time; a failed delivery is retried later with back-off and, after
/// too many attempts, kept as dead for an Admin to retry or discard.
/// </summary>
public sealed class OutboxMessage
{
    /// <summary>Time-ordered (version 7), made by the writer: no round trip for a key.</summary>
    public Guid Id { get; set; }

    /// <summary>The event's id, the same in every handler's message: handlers key their idempotency on it.</summary>
    public Guid EventId { get; set; }

    /// <summary>The event's type name (the contract record's full name).</summary>
    public string EventType { get; set; } = "";

    /// <summary>The handler's key (its type's full name).</summary>
    public string Handler { get; set; } = "";

    /// <summary>The event as JSON.</summary>
    public string Payload { get; set; } = "";

    /// <summary>Who raised it: the handler acts under this name in the audit columns.</summary>
    public string RaisedBy { get; set; } = "";

    public DateTime OccurredAtUtc { get; set; }

    /// <summary>Not delivered before this time (the back-off after a failure).</summary>
    public DateTime AvailableAtUtc { get; set; }

    public int Attempts { get; set; }

    /// <summary>The dispatcher that holds it, until <see cref="LeasedUntilUtc"/>.</summary>
    public Guid? LeaseToken { get; set; }

    public DateTime? LeasedUntilUtc { get; set; }

    public string? LastError { get; set; }

    /// <summary>Set when the attempts ran out: no more automatic deliveries.</summary>
    public DateTime? DeadAtUtc { get; set; }
}

/// <summary>That a handler has taken an event (its idempotency record), kept for <see cref="OutboxOptions.InboxRetention"/>.</summary>
public sealed class InboxEntry
{
    public string Handler { get; set; } = "";

    public Guid EventId { get; set; }

    public DateTime HandledAtUtc { get; set; }
}
