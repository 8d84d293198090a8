namespace Crm.Service.Domain.Sla;

/// <summary>Which target of a policy.</summary>
internal enum SlaTargetKind
{
    FirstResponse,
    NextResponse,
    Resolution,
}

/// <summary>Where a target stands at the evaluation instant.</summary>
internal enum SlaState
{
    /// <summary>The clock runs and less than the warning share of the target is used.</summary>
    Running,

    /// <summary>The clock stands (pending, or the case is resolved or closed without the target met).</summary>
    Paused,

    /// <summary>Met within the target.</summary>
    Met,

    /// <summary>Running with at least the warning share of the target used.</summary>
    Warning,

    /// <summary>The whole target is used: overdue, or met late.</summary>
    Breached,
}
