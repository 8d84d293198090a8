using Crm.Service.Contracts;
using Crm.Service.Domain.Calendars;

namespace Crm.Service.Domain.Sla;

/// <summary>
/// Computes a case's SLA targets from its history, purely (docs/adr/0013-service-sla-clock.md):
/// <list type="bullet">
/// <item>First response: from the creation until the first public agent reply on any channel; notes, auto-replies and
/// status changes meet nothing.</item>
/// <item>Next response: once the first response is met, from the first customer message not yet answered until the
/// next public reply; it never replaces an outstanding first response.</item>
/// <item>Resolution: from the creation until Resolved or Closed; Pending customer / Pending third party stop it when the
/// policy says so, and it resumes with the time used kept. A reopened case resumes it the same way.</item>
/// <item>Every clock stands while the case is Resolved or Closed, and counts business time of the calendar of the
/// policy in force at each instant, so a policy change keeps the time used before it.</item>
/// </list>
/// </summary>
internal static class SlaClock
{
    public static SlaReport Evaluate(SlaPolicy policy, CaseHistory history, DateTime nowUtc) =>
        Evaluate([new AppliedPolicy(history.CreatedAtUtc, policy)], history, nowUtc);

    /// <summary>The targets at <paramref name="nowUtc"/>; events and policy changes after it are not yet known.</summary>
    public static SlaReport Evaluate(IReadOnlyList<AppliedPolicy> policies, CaseHistory history, DateTime nowUtc)
    {
        ArgumentOutOfRangeException.ThrowIfZero(policies.Count, nameof(policies));
        var created = AsUtc(history.CreatedAtUtc);
        var now = AsUtc(nowUtc);
        if (now < created)
        {
            throw new ArgumentOutOfRangeException(nameof(nowUtc), nowUtc, "The case is evaluated before it was created.");
        }

        if (history.Events.FirstOrDefault(e => AsUtc(e.AtUtc) < created) is { } early)
        {
            throw new ArgumentException($"A {early.Kind} event at {early.AtUtc:O} lies before the case was created.", nameof(history));
        }

        // Stable: events at one instant keep the order they were recorded in.
        var events = history.Events.Select(e => e with { AtUtc = AsUtc(e.AtUtc) })
            .Where(e => e.AtUtc <= now).OrderBy(e => e.AtUtc).ToList();
        var applied = policies.Select(p => p with { FromUtc = AsUtc(p.FromUtc) })
            .Where(p => p.FromUtc <= now).OrderBy(p => p.FromUtc).ToList();
        if (applied.Count == 0)
        {
            applied.Add(policies.OrderBy(p => p.FromUtc).First());
        }

        var timeline = new Timeline(created, now, events, applied);

        var firstReply = events.FirstOrDefault(e => e.Kind == CaseEventKind.PublicAgentReply)?.AtUtc;
        var firstResponse = timeline.Measure(SlaTargetKind.FirstResponse, created, firstReply, RunsForResponse);

        var cycles = new List<SlaTargetStatus>();
        foreach (var (start, answered) in NextResponseCycles(events))
        {
            if (timeline.Measure(SlaTargetKind.NextResponse, start, answered, RunsForResponse) is { } cycle)
            {
                cycles.Add(cycle);
            }
        }

        var resolution = timeline.Measure(SlaTargetKind.Resolution, created, timeline.ResolvedAt, RunsForResolution);
        return new SlaReport(now, firstResponse, cycles.Count > 0 ? cycles[^1] : null, cycles, resolution);
    }

    private static bool RunsForResponse(CaseStatus status, SlaTargets targets) =>
        status is not (CaseStatus.Resolved or CaseStatus.Closed);

    private static bool RunsForResolution(CaseStatus status, SlaTargets targets) => status switch
    {
        CaseStatus.New or CaseStatus.Open => true,
        CaseStatus.PendingCustomer => !targets.PauseWhenPendingCustomer,
        CaseStatus.PendingThirdParty => !targets.PauseWhenPendingThirdParty,
        _ => false,
    };

    /// <summary>
    /// Each next-response target: from the first customer message after the first public reply that no public reply has
    /// answered yet, to the public reply that answers it (null while unanswered).
    /// </summary>
    private static List<(DateTime Start, DateTime? Answered)> NextResponseCycles(List<CaseEvent> events)
    {
        var cycles = new List<(DateTime, DateTime?)>();
        var firstResponseMet = false;
        DateTime? waitingSince = null;
        foreach (var e in events)
        {
            if (e.Kind == CaseEventKind.PublicAgentReply)
            {
                if (waitingSince is { } start)
                {
                    cycles.Add((start, e.AtUtc));
                    waitingSince = null;
                }

                firstResponseMet = true;
            }
            else if (e.Kind == CaseEventKind.CustomerMessage && firstResponseMet && waitingSince is null)
            {
                waitingSince = e.AtUtc;
            }
        }

        if (waitingSince is { } open)
        {
            cycles.Add((open, null));
        }

        return cycles;
    }

    private static DateTime AsUtc(DateTime value) => value.Kind switch
    {
        DateTimeKind.Utc => value,
        DateTimeKind.Unspecified => DateTime.SpecifyKind(value, DateTimeKind.Utc),
        _ => throw new ArgumentException("The SLA clock works on UTC instants."),
    };

    /// <summary>A stretch of the case's life with one status and one policy; the last one is open.</summary>
    private sealed record Segment(DateTime FromUtc, DateTime? ToUtc, CaseStatus Status, AppliedPolicy Policy);

    /// <summary>A stretch in which a target's clock runs, measured with one calendar; the last one may be open.</summary>
    private sealed record Piece(DateTime FromUtc, DateTime? ToUtc, BusinessCalendar Calendar);

    /// <summary>The case's life cut at every status change and policy change, up to the evaluation instant.</summary>
    private sealed class Timeline
    {
        private readonly DateTime _now;
        private readonly List<AppliedPolicy> _policies;
        private readonly List<Segment> _segments = [];

        public Timeline(DateTime created, DateTime now, List<CaseEvent> events, List<AppliedPolicy> policies)
        {
            _now = now;
            _policies = policies;
            var cuts = new SortedSet<DateTime>(policies.Select(p => p.FromUtc).Where(t => t > created)) { created };
            var statuses = new List<(DateTime At, CaseStatus Status)> { (created, CaseStatus.New) };
            foreach (var change in events.Where(e => e is { Kind: CaseEventKind.StatusChanged, Status: not null }))
            {
                statuses.Add((change.AtUtc, change.Status!.Value));
                cuts.Add(change.AtUtc);
                if (change.Status is CaseStatus.Resolved or CaseStatus.Closed)
                {
                    if (statuses[^2].Status is not (CaseStatus.Resolved or CaseStatus.Closed))
                    {
                        ResolvedAt = change.AtUtc;
                    }
                }
                else
                {
                    ResolvedAt = null;
                }
            }

            var points = cuts.ToList();
            for (var i = 0; i < points.Count; i++)
            {
                var from = points[i];
                var status = statuses.Last(s => s.At <= from).Status;
                _segments.Add(new Segment(from, i + 1 < points.Count ? points[i + 1] : null, status, PolicyAt(from)));
            }
        }

        /// <summary>When the case was last resolved or closed, if it is so now.</summary>
        public DateTime? ResolvedAt { get; }

        public CaseStatus StatusNow => _segments[^1].Status;

        private AppliedPolicy PolicyAt(DateTime at) => _policies.LastOrDefault(p => p.FromUtc <= at) ?? _policies[0];

        public SlaTargetStatus? Measure(SlaTargetKind kind, DateTime start, DateTime? metAt, Func<CaseStatus, SlaTargets, bool> runs)
        {
            var horizon = metAt ?? _now;
            var policy = PolicyAt(horizon);
            if (policy.Policy.Targets.MinutesFor(kind) is not { } minutes)
            {
                return null;
            }

            var target = TimeSpan.FromMinutes(minutes);
            var warning = TimeSpan.FromTicks(target.Ticks * policy.Policy.Targets.WarningPercent / 100);

            // Running pieces in [start, horizon) and the pauses between them.
            var pieces = new List<Piece>();
            var pauses = new List<SlaPause>();
            foreach (var segment in _segments)
            {
                var from = segment.FromUtc > start ? segment.FromUtc : start;
                var to = segment.ToUtc is { } end && end < horizon ? end : horizon;
                if (to <= from)
                {
                    continue;
                }

                if (runs(segment.Status, segment.Policy.Policy.Targets))
                {
                    pieces.Add(new Piece(from, to, segment.Policy.Policy.Calendar));
                }
                else if (pauses.Count > 0 && pauses[^1].Status == segment.Status && pauses[^1].ToUtc == from)
                {
                    pauses[^1] = pauses[^1] with { ToUtc = to };
                }
                else
                {
                    pauses.Add(new SlaPause(from, to, segment.Status));
                }
            }

            var used = pieces.Aggregate(TimeSpan.Zero, (sum, p) => sum + p.Calendar.BusinessTimeBetween(p.FromUtc, p.ToUtc!.Value));
            var running = metAt is null && runs(StatusNow, PolicyAt(_now).Policy.Targets);
            if (running)
            {
                // The deadline assumes the clock runs on from now, with the calendar in force now (a policy change at
                // this very instant starts a new piece).
                var calendarNow = PolicyAt(_now).Policy.Calendar;
                if (pieces.Count > 0 && pieces[^1].ToUtc == _now && ReferenceEquals(pieces[^1].Calendar, calendarNow))
                {
                    pieces[^1] = pieces[^1] with { ToUtc = null };
                }
                else
                {
                    pieces.Add(new Piece(_now, null, calendarNow));
                }
            }
            else if (metAt is { } met)
            {
                // A met target shows the deadline in force when it was met: as if its clock had run on from there.
                if (pieces.Count > 0 && pieces[^1].ToUtc == met && ReferenceEquals(pieces[^1].Calendar, policy.Policy.Calendar))
                {
                    pieces[^1] = pieces[^1] with { ToUtc = null };
                }
                else
                {
                    pieces.Add(new Piece(met, null, policy.Policy.Calendar));
                }
            }

            var pauseStillOpen = !running && metAt is null && pauses.Count > 0 && pauses[^1].ToUtc == _now;
            if (pauseStillOpen)
            {
                pauses[^1] = pauses[^1] with { ToUtc = null };
            }

            var due = Reach(pieces, target);
            var warningAt = Reach(pieces, warning);
            SlaState state;
            if (metAt is not null)
            {
                state = used <= target ? SlaState.Met : SlaState.Breached;
            }
            else if (used >= target)
            {
                state = SlaState.Breached;
            }
            else if (!running)
            {
                state = SlaState.Paused;
            }
            else
            {
                state = used >= warning ? SlaState.Warning : SlaState.Running;
            }

            var explanation = Explain(kind, policy, target, start, pieces, pauses, due ?? horizon, state, used, due, warningAt, metAt);
            return new SlaTargetStatus(kind, state, start, due, warningAt, metAt, target, used, target - used, explanation);
        }

        /// <summary>The instant at which the running pieces have used <paramref name="amount"/>, or null if they stop short.</summary>
        private static DateTime? Reach(List<Piece> pieces, TimeSpan amount)
        {
            var left = amount;
            foreach (var piece in pieces)
            {
                if (piece.ToUtc is not { } to)
                {
                    return piece.Calendar.AddBusinessTime(piece.FromUtc, left);
                }

                var available = piece.Calendar.BusinessTimeBetween(piece.FromUtc, to);
                if (left <= available)
                {
                    return piece.Calendar.AddBusinessTime(piece.FromUtc, left);
                }

                left -= available;
            }

            return null;
        }

        private SlaExplanation Explain(SlaTargetKind kind, AppliedPolicy policy, TimeSpan target, DateTime start,
            List<Piece> pieces, List<SlaPause> pauses, DateTime until, SlaState state, TimeSpan used, DateTime? due,
            DateTime? warningAt, DateTime? metAt)
        {
            var holidays = new List<SkippedHoliday>();
            var closed = new List<ClosedStretch>();
            foreach (var piece in pieces)
            {
                var to = piece.ToUtc is { } end && end < until ? end : until;
                if (to <= piece.FromUtc)
                {
                    continue;
                }

                var gaps = piece.Calendar.GapsBetween(piece.FromUtc, to);
                holidays.AddRange(gaps.Holidays.Where(h => !holidays.Contains(h)));
                closed.AddRange(gaps.Closed);
            }

            DateTime? clockStarted = null;
            foreach (var piece in pieces)
            {
                var opening = piece.Calendar.NextOpening(piece.FromUtc);
                if (piece.ToUtc is null || opening < piece.ToUtc)
                {
                    clockStarted = opening;
                    break;
                }
            }

            var changes = _policies.Skip(1).Where(p => p.FromUtc > start && p.FromUtc <= until)
                .Select(p => new SlaPolicyChange(p.FromUtc, p.Policy.Name, p.Policy.Calendar.Name)).ToList();
            var calendar = policy.Policy.Calendar;
            var facts = new SlaExplanation(policy.Policy.Name, calendar.Name, calendar.TimeZoneId, target,
                policy.Policy.Targets.WarningPercent, start, clockStarted, pauses, holidays, closed, changes, Text: "");
            return facts with { Text = SlaExplanationText.Write(kind, facts, calendar, state, used, due, warningAt, metAt) };
        }
    }
}
