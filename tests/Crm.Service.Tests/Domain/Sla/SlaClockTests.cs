using Crm.Service.Contracts;
using Crm.Service.Domain.Calendars;
using Crm.Service.Domain.Sla;
using static Crm.Service.Tests.Domain.TestCalendars;

namespace Crm.Service.Tests.Domain.Sla;

/// <summary>
/// The SLA clock on Mon-Fri 09:00-17:00 Europe/Berlin unless a test says otherwise, with instants written by hand
/// (local time in the comments: CET is UTC+1, CEST UTC+2). 2026-03-09 is a Monday.
/// </summary>
public sealed class SlaClockTests
{
    private static readonly SlaTargets StandardTargets = new(FirstResponseMinutes: 60, NextResponseMinutes: 120, ResolutionMinutes: 960);

    private static SlaPolicy Standard(BusinessCalendar? calendar = null, SlaTargets? targets = null) =>
        new("Standard", calendar ?? BerlinOffice(), targets ?? StandardTargets);

    private static SlaReport Evaluate(string createdAt, string now, params CaseEvent[] events) =>
        SlaClock.Evaluate(Standard(), new CaseHistory(Utc(createdAt), events), Utc(now));

    private static readonly DateTime Monday0900 = Utc("2026-03-09T08:00Z");

    [Fact]
    public void A_case_created_Friday_1630_with_a_60_minute_first_response_is_due_Monday_0930()
    {
        var report = Evaluate("2026-03-06T15:30Z", "2026-03-06T15:45Z"); // Fri 16:30 CET, now 16:45

        var first = report.FirstResponse!;
        Assert.Equal(SlaState.Running, first.State);
        Assert.Equal(Utc("2026-03-09T08:30Z"), first.DueAtUtc);      // Mon 09:30
        Assert.Equal(Utc("2026-03-09T08:15Z"), first.WarningAtUtc);  // 45 minutes used: 30 on Friday, 15 on Monday
        Assert.Equal(TimeSpan.FromMinutes(15), first.Used);
        Assert.Equal(TimeSpan.FromMinutes(45), first.Remaining);
        Assert.Equal(Utc("2026-03-06T15:30Z"), first.StartedAtUtc);
        Assert.Equal(Utc("2026-03-06T15:30Z"), first.Explanation.ClockStartedAtUtc);

        var resolution = report.Resolution!;
        Assert.Equal(Utc("2026-03-10T15:30Z"), resolution.DueAtUtc);     // 30 + 480 + 450: Tue 16:30
        Assert.Equal(Utc("2026-03-10T11:30Z"), resolution.WarningAtUtc); // 720: Tue 12:30
        Assert.Null(report.NextResponse);
        Assert.Empty(report.NextResponseCycles);
    }

    [Fact]
    public void A_case_created_outside_working_hours_starts_its_clock_at_the_next_opening()
    {
        var first = Evaluate("2026-03-07T09:00Z", "2026-03-09T08:30Z").FirstResponse!; // Sat 10:00, now Mon 09:30

        Assert.Equal(Utc("2026-03-09T08:00Z"), first.Explanation.ClockStartedAtUtc); // Mon 09:00
        Assert.Equal(Utc("2026-03-09T09:00Z"), first.DueAtUtc);                      // Mon 10:00
        Assert.Equal(TimeSpan.FromMinutes(30), first.Used);
        Assert.Contains("Started Sat 2026-03-07 10:00; outside working time, so the clock started at the next opening, Mon 2026-03-09 09:00.",
            first.Explanation.Text, StringComparison.Ordinal);

        var onSunday = Evaluate("2026-03-07T09:00Z", "2026-03-08T12:00Z").FirstResponse!;
        Assert.Equal(TimeSpan.Zero, onSunday.Used);
        Assert.Equal(SlaState.Running, onSunday.State);
        Assert.Equal(Utc("2026-03-09T09:00Z"), onSunday.DueAtUtc);
    }

    [Fact]
    public void Only_a_public_agent_reply_meets_the_first_response()
    {
        var report = Evaluate("2026-03-09T08:00Z", "2026-03-09T10:00Z",
            CaseEvent.AutoReply(Utc("2026-03-09T08:01Z")),
            CaseEvent.InternalNote(Utc("2026-03-09T08:10Z")),
            CaseEvent.StatusChanged(Utc("2026-03-09T08:15Z"), CaseStatus.Open),
            CaseEvent.PublicReply(Utc("2026-03-09T08:50Z"))); // Mon 09:50

        var first = report.FirstResponse!;
        Assert.Equal(SlaState.Met, first.State);
        Assert.Equal(Utc("2026-03-09T08:50Z"), first.MetAtUtc);
        Assert.Equal(TimeSpan.FromMinutes(50), first.Used);
        Assert.Equal(TimeSpan.FromMinutes(10), first.Remaining);
        Assert.Equal(Utc("2026-03-09T09:00Z"), first.DueAtUtc);
    }

    [Fact]
    public void Notes_auto_replies_and_status_changes_leave_the_first_response_open_until_it_breaches()
    {
        var first = Evaluate("2026-03-09T08:00Z", "2026-03-09T09:30Z",
            CaseEvent.AutoReply(Utc("2026-03-09T08:01Z")),
            CaseEvent.InternalNote(Utc("2026-03-09T08:10Z")),
            CaseEvent.StatusChanged(Utc("2026-03-09T08:15Z"), CaseStatus.Open)).FirstResponse!;

        Assert.Equal(SlaState.Breached, first.State);
        Assert.Null(first.MetAtUtc);
        Assert.Equal(TimeSpan.FromMinutes(90), first.Used);
        Assert.Equal(TimeSpan.FromMinutes(-30), first.Remaining);
        Assert.Equal(Utc("2026-03-09T09:00Z"), first.DueAtUtc);
        Assert.EndsWith("Used 1 h 30 min of 1 h business time; 30 min overdue. Due Mon 2026-03-09 10:00, warning from Mon 2026-03-09 09:45." + Environment.NewLine + "State: Breached.",
            first.Explanation.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void The_explanation_gives_business_time_in_whole_hours_and_minutes_not_decimals()
    {
        // 90 minutes and 40 seconds into a 60-minute first response.
        var first = Evaluate("2026-03-09T08:00Z", "2026-03-09T09:30:40Z").FirstResponse!;

        Assert.Equal(TimeSpan.FromSeconds(90 * 60 + 40), first.Used);
        Assert.EndsWith("Used 1 h 30 min of 1 h business time; 30 min overdue. Due Mon 2026-03-09 10:00, warning from Mon 2026-03-09 09:45." + Environment.NewLine + "State: Breached.",
            first.Explanation.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void A_customer_message_before_the_first_response_starts_no_next_response()
    {
        var report = Evaluate("2026-03-09T08:00Z", "2026-03-09T09:30Z",
            CaseEvent.CustomerMessage(Utc("2026-03-09T08:20Z")),
            CaseEvent.CustomerMessage(Utc("2026-03-09T08:40Z")));

        Assert.Equal(SlaState.Breached, report.FirstResponse!.State);
        Assert.Null(report.NextResponse);
        Assert.Empty(report.NextResponseCycles);
    }

    [Fact]
    public void Each_customer_message_after_the_first_response_starts_a_next_response_until_the_next_public_reply()
    {
        var report = Evaluate("2026-03-09T08:00Z", "2026-03-10T09:00Z", // now Tue 10:00
            CaseEvent.PublicReply(Utc("2026-03-09T08:30Z")),       // Mon 09:30: first response met
            CaseEvent.CustomerMessage(Utc("2026-03-09T10:00Z")),   // 11:00: next response starts
            CaseEvent.CustomerMessage(Utc("2026-03-09T10:30Z")),   // 11:30: still waiting since 11:00
            CaseEvent.InternalNote(Utc("2026-03-09T11:00Z")),
            CaseEvent.AutoReply(Utc("2026-03-09T11:05Z")),
            CaseEvent.PublicReply(Utc("2026-03-09T11:30Z")),       // 12:30: answered after 90 minutes
            CaseEvent.CustomerMessage(Utc("2026-03-09T14:00Z")));  // 15:00: unanswered since

        Assert.Equal(SlaState.Met, report.FirstResponse!.State);
        Assert.Equal(Utc("2026-03-09T08:30Z"), report.FirstResponse.MetAtUtc);

        Assert.Equal(2, report.NextResponseCycles.Count);
        var answered = report.NextResponseCycles[0];
        Assert.Equal(SlaState.Met, answered.State);
        Assert.Equal(Utc("2026-03-09T10:00Z"), answered.StartedAtUtc);
        Assert.Equal(Utc("2026-03-09T11:30Z"), answered.MetAtUtc);
        Assert.Equal(TimeSpan.FromMinutes(90), answered.Used);
        Assert.Equal(Utc("2026-03-09T12:00Z"), answered.DueAtUtc); // Mon 13:00

        var waiting = report.NextResponse!;
        Assert.Same(report.NextResponseCycles[1], waiting);
        Assert.Equal(SlaState.Breached, waiting.State);
        Assert.Equal(Utc("2026-03-09T14:00Z"), waiting.StartedAtUtc);
        Assert.Equal(Utc("2026-03-09T16:00Z"), waiting.DueAtUtc);     // Mon 17:00: exactly 120 minutes that day
        Assert.Equal(Utc("2026-03-09T15:30Z"), waiting.WarningAtUtc); // Mon 16:30
        Assert.Equal(TimeSpan.FromMinutes(180), waiting.Used);        // 120 on Monday, 60 on Tuesday
        Assert.Null(waiting.MetAtUtc);
    }

    [Fact]
    public void Pending_from_Tuesday_1000_to_1400_moves_the_resolution_deadline_four_business_hours_later()
    {
        CaseEvent[] reply = [CaseEvent.PublicReply(Utc("2026-03-09T08:10Z"))];
        CaseEvent[] pending =
        [
            .. reply,
            CaseEvent.StatusChanged(Utc("2026-03-10T09:00Z"), CaseStatus.PendingCustomer), // Tue 10:00
            CaseEvent.StatusChanged(Utc("2026-03-10T13:00Z"), CaseStatus.Open),            // Tue 14:00
        ];

        var unpaused = Evaluate("2026-03-09T08:00Z", "2026-03-10T14:00Z", reply).Resolution!;
        var paused = Evaluate("2026-03-09T08:00Z", "2026-03-10T14:00Z", pending).Resolution!; // now Tue 15:00

        Assert.Equal(Utc("2026-03-10T16:00Z"), unpaused.DueAtUtc); // Tue 17:00
        Assert.Equal(Utc("2026-03-11T12:00Z"), paused.DueAtUtc);   // Wed 13:00: four business hours later
        Assert.Equal(SlaState.Running, paused.State);
        Assert.Equal(TimeSpan.FromMinutes(600), paused.Used);      // 480 Monday, 60 before and 60 after the pause
        Assert.Equal(Utc("2026-03-10T16:00Z"), paused.WarningAtUtc); // 720 used at Tue 17:00
        Assert.Equal([new SlaPause(Utc("2026-03-10T09:00Z"), Utc("2026-03-10T13:00Z"), CaseStatus.PendingCustomer)], paused.Explanation.Pauses);
        Assert.Equal(
            string.Join(Environment.NewLine,
                "Resolution: 16 h of business time under policy \"Standard\", calendar \"Berlin office\" (Europe/Berlin), warning at 75 % used.",
                "Started Mon 2026-03-09 09:00.",
                "Paused Tue 2026-03-10 10:00 to Tue 2026-03-10 14:00 (Pending customer).",
                "Non-working time skipped: Mon 2026-03-09 17:00 to Tue 2026-03-10 09:00; Tue 2026-03-10 17:00 to Wed 2026-03-11 09:00.",
                "Used 10 h of 16 h business time; 6 h remaining. Due Wed 2026-03-11 13:00, warning from Tue 2026-03-10 17:00.",
                "State: Running."),
            paused.Explanation.Text);
    }

    [Fact]
    public void While_pending_the_resolution_clock_stands_with_the_time_used_kept_and_no_deadline()
    {
        var report = Evaluate("2026-03-09T08:00Z", "2026-03-10T11:00Z", // now Tue 12:00
            CaseEvent.PublicReply(Utc("2026-03-09T08:10Z")),
            CaseEvent.StatusChanged(Utc("2026-03-10T09:00Z"), CaseStatus.PendingCustomer));

        var resolution = report.Resolution!;
        Assert.Equal(SlaState.Paused, resolution.State);
        Assert.Equal(TimeSpan.FromMinutes(540), resolution.Used);
        Assert.Equal(TimeSpan.FromMinutes(420), resolution.Remaining);
        Assert.Null(resolution.DueAtUtc);
        Assert.Null(resolution.WarningAtUtc);
        Assert.Equal([new SlaPause(Utc("2026-03-10T09:00Z"), null, CaseStatus.PendingCustomer)], resolution.Explanation.Pauses);
        Assert.Contains("Paused Tue 2026-03-10 10:00 to now (Pending customer).", resolution.Explanation.Text, StringComparison.Ordinal);
        Assert.Contains("No deadline while the clock stands.", resolution.Explanation.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Pending_third_party_pauses_only_when_the_policy_says_so()
    {
        CaseEvent[] events =
        [
            CaseEvent.PublicReply(Utc("2026-03-09T08:10Z")),
            CaseEvent.StatusChanged(Utc("2026-03-10T09:00Z"), CaseStatus.PendingThirdParty),
            CaseEvent.StatusChanged(Utc("2026-03-10T13:00Z"), CaseStatus.Open),
        ];
        var history = new CaseHistory(Monday0900, events);

        var pausing = SlaClock.Evaluate(Standard(), history, Utc("2026-03-10T14:00Z")).Resolution!;
        var notPausing = SlaClock.Evaluate(Standard(targets: StandardTargets with { PauseWhenPendingThirdParty = false }), history,
            Utc("2026-03-10T14:00Z")).Resolution!;

        Assert.Equal(Utc("2026-03-11T12:00Z"), pausing.DueAtUtc);
        Assert.Equal(CaseStatus.PendingThirdParty, Assert.Single(pausing.Explanation.Pauses).Status);
        Assert.Equal(Utc("2026-03-10T16:00Z"), notPausing.DueAtUtc);
        Assert.Equal(TimeSpan.FromMinutes(840), notPausing.Used); // 480 Monday, Tue 09:00-15:00
        Assert.Equal(SlaState.Warning, notPausing.State);
        Assert.Empty(notPausing.Explanation.Pauses);
    }

    [Fact]
    public void Pending_customer_does_not_pause_when_the_policy_turns_it_off()
    {
        var history = new CaseHistory(Monday0900,
            [CaseEvent.StatusChanged(Utc("2026-03-10T09:00Z"), CaseStatus.PendingCustomer), CaseEvent.StatusChanged(Utc("2026-03-10T13:00Z"), CaseStatus.Open)]);

        var resolution = SlaClock.Evaluate(Standard(targets: StandardTargets with { PauseWhenPendingCustomer = false }), history,
            Utc("2026-03-10T14:00Z")).Resolution!;

        Assert.Equal(Utc("2026-03-10T16:00Z"), resolution.DueAtUtc);
    }

    [Fact]
    public void Pending_does_not_pause_the_first_response()
    {
        var report = Evaluate("2026-03-09T08:00Z", "2026-03-09T09:30Z",
            CaseEvent.StatusChanged(Utc("2026-03-09T08:10Z"), CaseStatus.PendingCustomer));

        Assert.Equal(SlaState.Breached, report.FirstResponse!.State);
        Assert.Equal(TimeSpan.FromMinutes(90), report.FirstResponse.Used);
        Assert.Equal(SlaState.Paused, report.Resolution!.State);
        Assert.Equal(TimeSpan.FromMinutes(10), report.Resolution.Used);
    }

    [Fact]
    public void A_holiday_and_a_lunch_break_are_skipped_and_explained()
    {
        var calendar = BerlinWithLunch(new Holiday(new DateOnly(2026, 4, 3), "Good Friday"), new Holiday(new DateOnly(2026, 4, 6), "Easter Monday"));
        var policy = Standard(calendar, new SlaTargets(FirstResponseMinutes: 120, NextResponseMinutes: null, ResolutionMinutes: 600));

        // Thu 2026-04-02 16:00 CEST; the calendar works 09:00-12:00 and 13:30-17:30.
        var report = SlaClock.Evaluate(policy, new CaseHistory(Utc("2026-04-02T14:00Z"), []), Utc("2026-04-02T14:30Z"));

        Assert.Equal(Utc("2026-04-07T07:30Z"), report.FirstResponse!.DueAtUtc); // 90 Thursday, 30 on Tue from 09:00
        var resolution = report.Resolution!;
        Assert.Equal(Utc("2026-04-08T08:30Z"), resolution.DueAtUtc); // 90 Thu + 180 + 240 Tue + 90 Wed: Wed 10:30
        Assert.Equal(
            [new SkippedHoliday(new DateOnly(2026, 4, 3), "Good Friday"), new SkippedHoliday(new DateOnly(2026, 4, 6), "Easter Monday")],
            resolution.Explanation.Holidays);
        Assert.Equal(
            [
                new ClosedStretch(Utc("2026-04-02T15:30Z"), Utc("2026-04-07T07:00Z")), // Thu 17:30 to Tue 09:00
                new ClosedStretch(Utc("2026-04-07T10:00Z"), Utc("2026-04-07T11:30Z")), // Tue lunch
                new ClosedStretch(Utc("2026-04-07T15:30Z"), Utc("2026-04-08T07:00Z")), // Tue 17:30 to Wed 09:00
            ],
            resolution.Explanation.ClosedTime);
        Assert.Contains("Holidays skipped: Fri 2026-04-03 (Good Friday), Mon 2026-04-06 (Easter Monday).", resolution.Explanation.Text, StringComparison.Ordinal);
        Assert.Null(report.NextResponse);
    }

    [Fact]
    public void A_spring_daylight_saving_change_inside_the_window_is_handled()
    {
        var report = Evaluate("2026-03-27T15:30Z", "2026-03-27T15:31Z"); // Fri 16:30 CET; Sunday 02:00 becomes 03:00

        Assert.Equal(Utc("2026-03-30T07:30Z"), report.FirstResponse!.DueAtUtc); // Mon 09:30 CEST
        Assert.Equal(Utc("2026-03-31T14:30Z"), report.Resolution!.DueAtUtc);   // Tue 16:30 CEST
    }

    [Fact]
    public void An_autumn_daylight_saving_change_inside_the_window_is_handled()
    {
        var report = Evaluate("2026-10-23T14:30Z", "2026-10-23T14:31Z"); // Fri 16:30 CEST; Sunday 03:00 becomes 02:00

        Assert.Equal(Utc("2026-10-26T08:30Z"), report.FirstResponse!.DueAtUtc); // Mon 09:30 CET
        Assert.Equal(Utc("2026-10-27T15:30Z"), report.Resolution!.DueAtUtc);   // Tue 16:30 CET
    }

    [Fact]
    public void A_24x7_policy_counts_elapsed_time_across_the_change()
    {
        var policy = Standard(BusinessCalendar.TwentyFourSeven("Always", Berlin), new SlaTargets(180, null, null));

        // Sun 2026-03-29 00:30 CET; three hours later the wall clock shows 04:30 CEST.
        var first = SlaClock.Evaluate(policy, new CaseHistory(Utc("2026-03-28T23:30Z"), []), Utc("2026-03-29T00:30Z")).FirstResponse!;

        Assert.Equal(Utc("2026-03-29T02:30Z"), first.DueAtUtc);
        Assert.Equal(TimeSpan.FromMinutes(60), first.Used);
        Assert.Empty(first.Explanation.ClosedTime);
    }

    [Fact]
    public void The_warning_comes_at_75_percent_then_the_breach_at_the_target()
    {
        Assert.Equal(SlaState.Running, Evaluate("2026-03-09T08:00Z", "2026-03-09T08:44Z").FirstResponse!.State);
        var warning = Evaluate("2026-03-09T08:00Z", "2026-03-09T08:50Z").FirstResponse!;
        Assert.Equal(SlaState.Warning, warning.State);
        Assert.Equal(Utc("2026-03-09T08:45Z"), warning.WarningAtUtc);
        Assert.Equal(SlaState.Breached, Evaluate("2026-03-09T08:00Z", "2026-03-09T09:00Z").FirstResponse!.State);

        var custom = SlaClock.Evaluate(Standard(targets: StandardTargets with { WarningPercent = 50 }), new CaseHistory(Monday0900, []), Monday0900);
        Assert.Equal(Utc("2026-03-09T08:30Z"), custom.FirstResponse!.WarningAtUtc);
    }

    [Fact]
    public void A_reply_exactly_at_the_deadline_meets_the_target_and_one_a_minute_later_breaches_it()
    {
        Assert.Equal(SlaState.Met, Evaluate("2026-03-09T08:00Z", "2026-03-09T12:00Z", CaseEvent.PublicReply(Utc("2026-03-09T09:00Z"))).FirstResponse!.State);

        var late = Evaluate("2026-03-09T08:00Z", "2026-03-09T12:00Z", CaseEvent.PublicReply(Utc("2026-03-09T09:01Z"))).FirstResponse!;
        Assert.Equal(SlaState.Breached, late.State);
        Assert.Equal(Utc("2026-03-09T09:01Z"), late.MetAtUtc);
        Assert.Equal(TimeSpan.FromMinutes(-1), late.Remaining);
    }

    [Fact]
    public void Resolving_meets_the_resolution_and_its_figures_stay_put_afterwards()
    {
        CaseEvent[] events =
        [
            CaseEvent.PublicReply(Utc("2026-03-09T08:30Z")),
            CaseEvent.StatusChanged(Utc("2026-03-09T14:00Z"), CaseStatus.Resolved), // Mon 15:00
            CaseEvent.StatusChanged(Utc("2026-03-10T09:00Z"), CaseStatus.Closed),
        ];

        var resolution = Evaluate("2026-03-09T08:00Z", "2026-03-11T12:00Z", events).Resolution!;

        Assert.Equal(SlaState.Met, resolution.State);
        Assert.Equal(Utc("2026-03-09T14:00Z"), resolution.MetAtUtc);
        Assert.Equal(TimeSpan.FromMinutes(360), resolution.Used);
        Assert.Equal(Utc("2026-03-10T16:00Z"), resolution.DueAtUtc); // the deadline in force when it was met: Tue 17:00
        Assert.Equal(TimeSpan.FromMinutes(600), resolution.Remaining);
    }

    [Fact]
    public void A_late_resolution_is_a_breach()
    {
        var resolution = Evaluate("2026-03-09T08:00Z", "2026-03-12T12:00Z",
            CaseEvent.StatusChanged(Utc("2026-03-11T09:00Z"), CaseStatus.Resolved)).Resolution!; // Wed 10:00

        Assert.Equal(SlaState.Breached, resolution.State);
        Assert.Equal(TimeSpan.FromMinutes(1020), resolution.Used);
        Assert.Equal(Utc("2026-03-10T16:00Z"), resolution.DueAtUtc);
    }

    [Fact]
    public void A_reopened_case_resumes_the_resolution_with_the_time_used_kept()
    {
        var report = Evaluate("2026-03-09T08:00Z", "2026-03-11T10:00Z", // now Wed 11:00
            CaseEvent.PublicReply(Utc("2026-03-09T08:30Z")),
            CaseEvent.StatusChanged(Utc("2026-03-09T14:00Z"), CaseStatus.Resolved), // Mon 15:00
            CaseEvent.StatusChanged(Utc("2026-03-11T09:00Z"), CaseStatus.Open));    // Wed 10:00

        var resolution = report.Resolution!;
        Assert.Equal(SlaState.Running, resolution.State);
        Assert.Null(resolution.MetAtUtc);
        Assert.Equal(TimeSpan.FromMinutes(420), resolution.Used);
        Assert.Equal(Utc("2026-03-12T11:00Z"), resolution.DueAtUtc); // 600 left at Wed 10:00: 420 Wed, 180 Thu: Thu 12:00
        Assert.Equal([new SlaPause(Utc("2026-03-09T14:00Z"), Utc("2026-03-11T09:00Z"), CaseStatus.Resolved)], resolution.Explanation.Pauses);
    }

    [Fact]
    public void A_customer_message_that_reopens_a_resolved_case_starts_a_next_response_cycle_and_resolution_resumes_until_resolved_again()
    {
        CaseEvent[] events =
        [
            CaseEvent.PublicReply(Utc("2026-03-09T08:30Z")),                       // Mon 09:30
            CaseEvent.StatusChanged(Utc("2026-03-09T14:00Z"), CaseStatus.Resolved), // Mon 15:00: 360 minutes used
            CaseEvent.CustomerMessage(Utc("2026-03-11T09:00Z")),                   // Wed 10:00, while Resolved ...
            CaseEvent.StatusChanged(Utc("2026-03-11T09:00Z"), CaseStatus.Open),     // ... and the case reopens at the same instant
        ];

        var reopened = Evaluate("2026-03-09T08:00Z", "2026-03-11T10:00Z", events); // now Wed 11:00
        Assert.Equal(SlaState.Met, reopened.FirstResponse!.State);
        var next = reopened.NextResponse!;
        Assert.Equal((SlaState.Running, Utc("2026-03-11T09:00Z")), (next.State, next.StartedAtUtc));
        Assert.Equal(TimeSpan.FromMinutes(60), next.Used);
        Assert.Equal(Utc("2026-03-11T11:00Z"), next.DueAtUtc);     // 120 minutes from Wed 10:00: Wed 12:00
        Assert.Equal(Utc("2026-03-11T10:30Z"), next.WarningAtUtc); // 90 minutes: Wed 11:30
        var resolution = reopened.Resolution!;
        Assert.Equal((SlaState.Running, TimeSpan.FromMinutes(420)), (resolution.State, resolution.Used));
        Assert.Equal(Utc("2026-03-12T11:00Z"), resolution.DueAtUtc); // 540 left at Wed 11:00: 360 Wed, 180 Thu: Thu 12:00
        Assert.Equal([new SlaPause(Utc("2026-03-09T14:00Z"), Utc("2026-03-11T09:00Z"), CaseStatus.Resolved)], resolution.Explanation.Pauses);

        var resolvedAgain = Evaluate("2026-03-09T08:00Z", "2026-03-12T12:00Z", [.. events,
            CaseEvent.PublicReply(Utc("2026-03-11T10:30Z")),                        // Wed 11:30: the cycle is answered after 90
            CaseEvent.StatusChanged(Utc("2026-03-12T09:00Z"), CaseStatus.Resolved)]); // Thu 10:00
        Assert.Equal((SlaState.Met, TimeSpan.FromMinutes(90)), (resolvedAgain.NextResponse!.State, resolvedAgain.NextResponse.Used));
        Assert.Equal(Utc("2026-03-12T09:00Z"), resolvedAgain.Resolution!.MetAtUtc);   // the second resolution, not the first
        Assert.Equal(TimeSpan.FromMinutes(840), resolvedAgain.Resolution.Used);      // 360 Mon + 420 Wed + 60 Thu
        Assert.Equal(SlaState.Met, resolvedAgain.Resolution.State);
    }

    [Fact]
    public void A_reopened_case_that_used_its_whole_resolution_target_before_is_breached_at_once_and_a_first_response_never_given_resumes()
    {
        var report = Evaluate("2026-03-09T08:00Z", "2026-03-12T08:30Z", // now Thu 09:30
            CaseEvent.StatusChanged(Utc("2026-03-09T08:20Z"), CaseStatus.Open),      // Mon 09:20, no reply
            CaseEvent.StatusChanged(Utc("2026-03-11T10:00Z"), CaseStatus.Resolved),  // Wed 11:00: 480 + 480 + 120 = 1,080 used
            CaseEvent.CustomerMessage(Utc("2026-03-12T08:00Z")),                    // Thu 09:00
            CaseEvent.StatusChanged(Utc("2026-03-12T08:00Z"), CaseStatus.Open));

        Assert.Equal(SlaState.Breached, report.Resolution!.State);
        Assert.Null(report.Resolution.MetAtUtc);
        Assert.Equal(TimeSpan.FromMinutes(1110), report.Resolution.Used);
        Assert.Equal(Utc("2026-03-10T16:00Z"), report.Resolution.DueAtUtc);          // 960 reached Tue 17:00, before the first resolution
        Assert.Equal(SlaState.Breached, report.FirstResponse!.State);                 // 60 minutes were used on Monday
        Assert.Null(report.NextResponse);                                             // no first response yet: no next-response cycle
    }

    [Fact]
    public void Resolving_without_a_public_reply_stops_the_first_response_clock_without_meeting_it()
    {
        var report = Evaluate("2026-03-09T08:00Z", "2026-03-10T09:00Z",
            CaseEvent.StatusChanged(Utc("2026-03-09T08:20Z"), CaseStatus.Resolved));

        Assert.Equal(SlaState.Paused, report.FirstResponse!.State);
        Assert.Equal(TimeSpan.FromMinutes(20), report.FirstResponse.Used);
        Assert.Null(report.FirstResponse.DueAtUtc);
        Assert.Null(report.FirstResponse.MetAtUtc);
        Assert.Equal(SlaState.Met, report.Resolution!.State);
    }

    [Fact]
    public void A_policy_change_keeps_the_time_already_used()
    {
        var always = new SlaPolicy("Around the clock", BusinessCalendar.TwentyFourSeven("Always", Berlin), new SlaTargets(null, null, 600));
        var history = new CaseHistory(Monday0900, [CaseEvent.PublicReply(Utc("2026-03-09T08:05Z"))]);
        AppliedPolicy[] policies = [new(Monday0900, Standard()), new(Utc("2026-03-09T12:00Z"), always)]; // from Mon 13:00

        var report = SlaClock.Evaluate(policies, history, Utc("2026-03-09T13:00Z"));

        var resolution = report.Resolution!;
        Assert.Equal(TimeSpan.FromMinutes(300), resolution.Used);           // 240 office minutes, then 60 around the clock
        Assert.Equal(Utc("2026-03-09T18:00Z"), resolution.DueAtUtc);        // 360 left from 12:00Z
        Assert.Equal(Utc("2026-03-09T15:30Z"), resolution.WarningAtUtc);    // 450 of 600
        Assert.Equal("Around the clock", resolution.Explanation.PolicyName);
        Assert.Equal([new SlaPolicyChange(Utc("2026-03-09T12:00Z"), "Around the clock", "Always")], resolution.Explanation.PolicyChanges);
        // Met before the change: it keeps the policy it was met under, although the new one has no first-response target.
        Assert.Equal(SlaState.Met, report.FirstResponse!.State);
        Assert.Equal("Standard", report.FirstResponse.Explanation.PolicyName);
    }

    [Fact]
    public void A_stricter_policy_breaches_a_case_that_already_used_more_than_its_target()
    {
        var strict = new SlaPolicy("Strict", BerlinOffice(), new SlaTargets(null, null, 180));
        AppliedPolicy[] policies = [new(Monday0900, Standard()), new(Utc("2026-03-09T12:00Z"), strict)];

        var resolution = SlaClock.Evaluate(policies, new CaseHistory(Monday0900, []), Utc("2026-03-09T13:00Z")).Resolution!;

        Assert.Equal(SlaState.Breached, resolution.State);
        Assert.Equal(TimeSpan.FromMinutes(300), resolution.Used);
        Assert.Equal(Utc("2026-03-09T11:00Z"), resolution.DueAtUtc); // 180 reached at Mon 12:00, under the old calendar
    }

    [Fact]
    public void A_calendar_change_applies_from_its_instant_on()
    {
        var longer = BusinessCalendar.Create("Long hours", Berlin, Weekdays.Select(d => WorkingPeriod.Of(d, "08:00", "18:00")));
        AppliedPolicy[] policies = [new(Monday0900, Standard()), new(Utc("2026-03-09T23:00Z"), Standard(longer))]; // from Tue 00:00

        var resolution = SlaClock.Evaluate(policies, new CaseHistory(Monday0900, []), Utc("2026-03-10T07:00Z")).Resolution!; // Tue 08:00

        Assert.Equal(TimeSpan.FromMinutes(480), resolution.Used);
        Assert.Equal(Utc("2026-03-10T15:00Z"), resolution.DueAtUtc); // 480 from Tue 08:00: 16:00, not 17:00
    }

    [Fact]
    public void A_policy_without_a_target_reports_none_for_it()
    {
        var policy = Standard(targets: new SlaTargets(FirstResponseMinutes: 60, NextResponseMinutes: null, ResolutionMinutes: null));
        var report = SlaClock.Evaluate(policy, new CaseHistory(Monday0900,
            [CaseEvent.PublicReply(Utc("2026-03-09T08:10Z")), CaseEvent.CustomerMessage(Utc("2026-03-09T08:20Z"))]), Utc("2026-03-09T09:00Z"));

        Assert.NotNull(report.FirstResponse);
        Assert.Null(report.NextResponse);
        Assert.Null(report.Resolution);
        Assert.Single(report.Targets);
    }

    [Fact]
    public void Events_after_the_evaluation_instant_are_not_yet_known()
    {
        var first = Evaluate("2026-03-09T08:00Z", "2026-03-09T08:30Z", CaseEvent.PublicReply(Utc("2026-03-09T08:40Z"))).FirstResponse!;

        Assert.Equal(SlaState.Running, first.State);
        Assert.Equal(TimeSpan.FromMinutes(30), first.Used);
    }

    [Fact]
    public void A_history_that_starts_before_the_case_or_an_evaluation_before_it_is_refused()
    {
        Assert.Throws<ArgumentException>(() => Evaluate("2026-03-09T08:00Z", "2026-03-09T09:00Z", CaseEvent.PublicReply(Utc("2026-03-09T07:00Z"))));
        Assert.Throws<ArgumentOutOfRangeException>(() => Evaluate("2026-03-09T08:00Z", "2026-03-09T07:00Z"));
    }

    [Fact]
    public void A_case_evaluated_at_its_creation_has_used_nothing()
    {
        var report = Evaluate("2026-03-09T10:00Z", "2026-03-09T10:00Z");

        Assert.Equal(TimeSpan.Zero, report.FirstResponse!.Used);
        Assert.Equal(Utc("2026-03-09T11:00Z"), report.FirstResponse.DueAtUtc);
        Assert.Equal(SlaState.Running, report.FirstResponse.State);
    }

    [Fact]
    public void Targets_are_validated()
    {
        var problems = new SlaTargets(0, -5, 60, WarningPercent: 100).Validate();

        Assert.Equal(["FirstResponseMinutes", "NextResponseMinutes", "WarningPercent"], problems.Errors.Select(e => e.Field));
        Assert.True(StandardTargets.Validate().Succeeded);
        Assert.Throws<ArgumentException>(() => new SlaPolicy("Broken", BerlinOffice(), new SlaTargets(0, null, null)));
    }
}
