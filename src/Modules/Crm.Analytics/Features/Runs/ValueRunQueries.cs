using Crm.Analytics.Domain;
using Crm.Analytics.Features.Recompute;
using Crm.Contacts.Contracts;
using Crm.Kernel;
using Crm.Kernel.Data;
using Crm.Kernel.Errors;
using Crm.Kernel.Identity;
using Microsoft.EntityFrameworkCore;

namespace Crm.Analytics.Features.Runs;

/// <summary>One recompute in the history (table <c>Analytics_Runs</c>).</summary>
/// <param name="Id">The run's id.</param>
/// <param name="Trigger">"Nightly", "On demand", "After import" or "Demo data".</param>
/// <param name="RequestedBy">Who asked for it (a user's name, an API key or "system").</param>
/// <param name="AsOf">The date the figures are computed as of.</param>
/// <param name="Status">Running, Succeeded, Failed or Cancelled.</param>
/// <param name="Stage">The stage it is in (while running) or was in when it stopped.</param>
/// <param name="StartedAtUtc">When it started (UTC).</param>
/// <param name="FinishedAtUtc">When it ended (UTC); null while running.</param>
/// <param name="Customers">Customers scored (0 unless it succeeded).</param>
/// <param name="Rules">Product association rules stored (0 unless it succeeded).</param>
/// <param name="Message">Why it failed or was cancelled.</param>
/// <param name="Percent">Progress of the running stage (0-100), when it runs and the stage has a known size.</param>
internal sealed record ValueRunItem(
    long Id, string Trigger, string RequestedBy, DateOnly AsOf, string Status, string Stage, DateTime StartedAtUtc,
    DateTime? FinishedAtUtc, int Customers, int Rules, string? Message, double? Percent)
{
    /// <summary>How long it ran (up to now while it runs).</summary>
    public TimeSpan? Duration => FinishedAtUtc is { } end ? end - StartedAtUtc : null;
}

/// <summary>A quarter's stored figures (table <c>Analytics_Snapshots</c>).</summary>
/// <param name="Period">The quarter, "yyyy-Qn".</param>
/// <param name="AsOf">The as-of date of the recompute that stored it (the latest one in the quarter).</param>
/// <param name="RunId">That recompute's id.</param>
/// <param name="Customers">Customers who had bought on or before the as-of date.</param>
/// <param name="Revenue">Their cumulative purchase amounts up to the as-of date.</param>
/// <param name="PeriodBuyers">Customers who bought within the quarter (up to the as-of date).</param>
/// <param name="PeriodRevenue">What they spent within the quarter.</param>
/// <param name="CreatedAtUtc">When it was stored (UTC).</param>
internal sealed record ValueSnapshotItem(
    string Period, DateOnly AsOf, long RunId, int Customers, decimal Revenue, int PeriodBuyers, decimal PeriodRevenue, DateTime CreatedAtUtc);

/// <summary>
/// The recompute history and the on-demand recompute for the "Value recompute" page and <c>/api/v1/analytics/runs</c>:
/// Managers and Admins only (checked here, not only by the page or controller).
/// </summary>
internal sealed class ValueRunQueries(
    IDbContextFactory<CrmDbContext> contextFactory, ValueRunCoordinator coordinator, ICurrentUser currentUser, TimeProvider clock)
{
    public const string OnDemandTrigger = "On demand";

    public const int MaxPageSize = 200;

    /// <summary>The earliest as-of date accepted (nothing older is worth scoring).</summary>
    public static readonly DateOnly EarliestAsOf = new(1990, 1, 1);

    public static bool MaySee(ICurrentUser user) => user.IsInRole(CrmRoles.Admin) || user.IsInRole(CrmRoles.Manager);

    public static void EnsureManager(ICurrentUser user)
    {
        if (!MaySee(user))
        {
            throw new ForbiddenException("Only Managers and Admins see and run the customer-value recompute.");
        }
    }

    /// <summary>The running recompute's progress, or null.</summary>
    public ValueRunProgress? Current
    {
        get
        {
            EnsureManager(currentUser);
            return coordinator.Current;
        }
    }

    /// <summary>Today (UTC), the default as-of date.</summary>
    public DateOnly Today => DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);

    /// <summary>Runs, newest first.</summary>
    public async Task<PagedResult<ValueRunItem>> ListAsync(int page, int pageSize, CancellationToken cancellationToken = default)
    {
        EnsureManager(currentUser);
        page = Math.Max(0, page);
        pageSize = Math.Clamp(pageSize, 1, MaxPageSize);
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var runs = db.Set<ValueRun>().AsNoTracking();
        var total = await runs.CountAsync(cancellationToken);
        var rows = await runs.OrderByDescending(r => r.Id).Skip(Paging.Offset(page, pageSize)).Take(pageSize).ToListAsync(cancellationToken);
        var current = coordinator.Current;
        return new PagedResult<ValueRunItem>([.. rows.Select(r => Item(r, current))], total, page, pageSize);
    }

    public async Task<ValueRunItem?> GetAsync(long runId, CancellationToken cancellationToken = default)
    {
        EnsureManager(currentUser);
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var run = await db.Set<ValueRun>().AsNoTracking().SingleOrDefaultAsync(r => r.Id == runId, cancellationToken);
        return run is null ? null : Item(run, coordinator.Current);
    }

    /// <summary>The stored quarter snapshots, newest quarter first.</summary>
    public async Task<IReadOnlyList<ValueSnapshotItem>> SnapshotsAsync(CancellationToken cancellationToken = default)
    {
        EnsureManager(currentUser);
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var rows = await db.Set<ValueSnapshot>().AsNoTracking().OrderByDescending(s => s.Period).ToListAsync(cancellationToken);
        return [.. rows.Select(s => new ValueSnapshotItem(s.Period, s.AsOf, s.RunId, s.Customers, s.Revenue, s.PeriodBuyers, s.PeriodRevenue, s.CreatedAtUtc))];
    }

    /// <summary>
    /// Starts an on-demand recompute as of <paramref name="asOf"/> in the background, or answers the running one's id
    /// (<see cref="ValueRunStart.AlreadyRunning"/>). The as-of date may not lie in the future.
    /// </summary>
    public async Task<ValueRunStart> StartAsync(DateOnly asOf, CancellationToken cancellationToken = default)
    {
        EnsureManager(currentUser);
        if (AsOfProblem(asOf) is { } problem)
        {
            throw new ArgumentOutOfRangeException(nameof(asOf), asOf, problem);
        }

        var start = await coordinator.StartAsync(asOf, OnDemandTrigger, RequestedBy(currentUser), cancellationToken);

        // Another request may have reserved the slot a moment ago and still be recording its run: wait for its id (briefly).
        for (var wait = 0; start is { AlreadyRunning: true, RunId: 0 } && wait < 100; wait++)
        {
            await Task.Delay(20, cancellationToken);
            if (coordinator.Current is { RunId: > 0 } current)
            {
                start = new ValueRunStart(current.RunId, AlreadyRunning: true);
            }
        }

        return start;
    }

    /// <summary>Why <paramref name="asOf"/> cannot be used (in the future or before 1990), or null when it can.</summary>
    public string? AsOfProblem(DateOnly asOf) =>
        asOf > Today || asOf < EarliestAsOf
            ? $"Choose an as-of date between {EarliestAsOf:yyyy-MM-dd} and today ({Today:yyyy-MM-dd}); {asOf:yyyy-MM-dd} is not."
            : null;

    /// <summary>Asks the running recompute <paramref name="runId"/> to stop; false when it is not the one running.</summary>
    public bool Cancel(long runId)
    {
        EnsureManager(currentUser);
        return coordinator.Cancel(runId);
    }

    /// <summary>The name shown as "requested by": the signed-in person's (or API key's) name, else the actor id.</summary>
    internal static string RequestedBy(ICurrentUser user)
    {
        var name = user.Principal.Identity?.Name;
        var text = string.IsNullOrWhiteSpace(name) ? user.ActorId : name;
        return text.Length > 200 ? text[..200] : text;
    }

    private static ValueRunItem Item(ValueRun r, ValueRunProgress? current)
    {
        var live = r.Status == ValueRunStatus.Running && current?.RunId == r.Id ? current : null;
        return new ValueRunItem(
            r.Id, r.Trigger, r.RequestedBy, r.AsOf, r.Status.ToString(), live?.Stage ?? r.Stage, r.StartedAtUtc, r.FinishedAtUtc,
            r.Customers, r.Rules, r.Message, live?.Percent);
    }
}
