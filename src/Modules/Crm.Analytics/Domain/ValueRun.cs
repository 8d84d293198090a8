namespace Crm.Analytics.Domain;

internal enum ValueRunStatus
{
    Running,
    Succeeded,
    Failed,
    Cancelled,
}

/// <summary>A full recompute of the customer-value figures (table <c>Analytics_Runs</c>).</summary>
internal sealed class ValueRun
{
    public long Id { get; set; }

    /// <summary>"Nightly" or "On demand".</summary>
    public string Trigger { get; set; } = "";

    public string RequestedBy { get; set; } = "";

    public DateOnly AsOf { get; set; }

    public ValueRunStatus Status { get; set; }

    public string Stage { get; set; } = "";

    public DateTime StartedAtUtc { get; set; }

    public DateTime? FinishedAtUtc { get; set; }

    public int Customers { get; set; }

    public int Rules { get; set; }

    /// <summary>Why it failed or was cancelled.</summary>
    public string? Message { get; set; }
}
