using Crm.Kernel;
using Crm.Service.Contracts;
using Crm.Service.Domain.Calendars;
using Crm.Service.Domain.Cases;
using Crm.Service.Domain.Sla;
using static Crm.Service.Tests.Domain.TestCalendars;

namespace Crm.Service.Tests.Domain.Sla;

/// <summary>The stored calendar and policy entities, the match order, and a case's stored SLA figures (2026-03-06 is a Friday).</summary>
public sealed class StoredSlaRulesTests
{
    private static CalendarDefinition BerlinDefinition(params Holiday[] holidays) =>
        new("Berlin office", Berlin, false, [.. Weekdays.Select(d => WorkingPeriod.Of(d, "09:00", "17:00"))], holidays);

    [Fact]
    public void A_stored_calendar_reuses_the_business_calendar_rules_and_names_each_field()
    {
        var problems = ServiceCalendar.Validate(new CalendarDefinition("", "Mars/Olympus", false,
            [WorkingPeriod.Of(DayOfWeek.Monday, "17:00", "09:00"), new WorkingPeriod(DayOfWeek.Tuesday, 9 * 60, 12 * 60), new WorkingPeriod(DayOfWeek.Tuesday, 11 * 60, 13 * 60)], []));

        Assert.False(problems.Succeeded);
        Assert.Contains(problems.Errors, e => e.Field == "Name");
        Assert.Contains(problems.Errors, e => e.Field == "TimeZoneId" && e.Message.Contains("Mars/Olympus", StringComparison.Ordinal));
        Assert.Contains(problems.Errors, e => e.Field == "Periods[0]");
        Assert.Contains(problems.Errors, e => e.Field == "Periods" && e.Message.Contains("overlap", StringComparison.Ordinal));
        Assert.Throws<InvalidCalendarException>(() => ServiceCalendar.Create(new CalendarDefinition("x", "Nowhere/Land", true, [], [])));
    }

    [Fact]
    public void A_stored_calendar_turns_into_the_domain_calendar_and_a_24x7_one_drops_periods()
    {
        var stored = ServiceCalendar.Create(BerlinDefinition(new Holiday(new DateOnly(2026, 12, 25), "Christmas", RecursYearly: true)));
        var calendar = stored.ToCalendar();
        Assert.Equal(Berlin, calendar.TimeZoneId);
        Assert.Equal(5, calendar.Periods.Count);
        Assert.True(calendar.IsHoliday(new DateOnly(2027, 12, 25)));
        Assert.Equal(Utc("2026-03-09T08:30Z"), calendar.AddBusinessMinutes(Utc("2026-03-06T15:30Z"), 60)); // Fri 16:30 + 60 = Mon 09:30

        var always = ServiceCalendar.Create(new CalendarDefinition(" Always ", "Etc/UTC", true, [WorkingPeriod.Of(DayOfWeek.Monday, "09:00", "10:00")], []));
        Assert.Equal("Always", always.Name);
        Assert.Empty(always.Periods);
        Assert.True(always.ToCalendar().IsTwentyFourSeven);
        Assert.False(always.Change(always.Definition));
    }

    [Fact]
    public void A_policy_needs_a_name_and_a_valid_target_and_reuses_the_target_rules()
    {
        var problems = ServiceSlaPolicy.Validate(" ", null, new SlaTargets(null, null, null, WarningPercent: 100));
        Assert.Contains(problems.Errors, e => e.Field == "Name");
        Assert.Contains(problems.Errors, e => e.Field == "WarningPercent");
        Assert.Contains(problems.Errors, e => e.Field == "FirstResponseMinutes" && e.Message.Contains("at least one target", StringComparison.Ordinal));
        Assert.Contains(ServiceSlaPolicy.Validate("P", null, new SlaTargets(0, null, 60)).Errors, e => e.Field == "FirstResponseMinutes");
        Assert.True(ServiceSlaPolicy.Validate("P", "Billing", new SlaTargets(60, null, null)).Succeeded);
        Assert.Throws<ArgumentException>(() => ServiceSlaPolicy.Create("", null, null, 1, new SlaTargets(60, null, null), 1));
    }

    [Fact]
    public void The_first_active_policy_in_order_whose_criteria_match_wins()
    {
        var catchAll = ServiceSlaPolicy.Create("Standard", null, null, 1, new SlaTargets(240, null, null), position: 3);
        var urgent = ServiceSlaPolicy.Create("Urgent", CasePriority.Urgent, null, 1, new SlaTargets(30, null, null), position: 1);
        var billing = ServiceSlaPolicy.Create("Billing", null, "Billing", 1, new SlaTargets(120, null, null), position: 2);
        var policies = new[] { catchAll, billing, urgent };

        Assert.Same(urgent, ServiceSlaPolicy.FirstMatch(policies, CasePriority.Urgent, "Billing"));
        Assert.Same(billing, ServiceSlaPolicy.FirstMatch(policies, CasePriority.High, " billing "));
        Assert.Same(catchAll, ServiceSlaPolicy.FirstMatch(policies, CasePriority.High, "Delivery"));
        Assert.Same(catchAll, ServiceSlaPolicy.FirstMatch(policies, CasePriority.Low, null));

        urgent.Deactivate();
        Assert.Same(billing, ServiceSlaPolicy.FirstMatch(policies, CasePriority.Urgent, "Billing"));
        catchAll.Position = 0;
        Assert.Same(catchAll, ServiceSlaPolicy.FirstMatch(policies, CasePriority.High, "Billing"));
        catchAll.Deactivate();
        billing.Deactivate();
        Assert.Null(ServiceSlaPolicy.FirstMatch(policies, CasePriority.High, "Billing"));
    }

    [Fact]
    public void A_case_stores_its_deadlines_and_records_each_warning_and_breach_once()
    {
        var opened = Utc("2026-03-06T15:30Z"); // Fri 16:30 Berlin
        var serviceCase = ServiceCase.Open(1, "Parcel lost", "Where is it?", Channel.Email, CasePriority.High, "agent", opened);
        var definition = new SlaPolicyDefinition("Fast", new SlaTargets(60, null, null), BerlinDefinition());
        Assert.True(serviceCase.ApplySlaPolicy(7, definition, opened));
        Assert.False(serviceCase.ApplySlaPolicy(7, definition, opened.AddHours(1)));

        Assert.Empty(Sweep(serviceCase, opened));
        Assert.Equal(Utc("2026-03-09T08:30Z"), serviceCase.FirstResponseDueAtUtc);    // Mon 09:30
        Assert.Equal(Utc("2026-03-09T08:15Z"), serviceCase.FirstResponseWarningAtUtc); // 75 %
        Assert.Equal(Utc("2026-03-09T08:15Z"), serviceCase.SlaNextCheckAtUtc);
        Assert.Equal(CaseSlaState.Running, serviceCase.SlaState);

        var warned = Sweep(serviceCase, Utc("2026-03-09T08:16Z"));
        Assert.Equal([new SlaCrossing(SlaTarget.FirstResponse, false, Utc("2026-03-09T08:15Z"), Utc("2026-03-09T08:30Z"))], warned);
        Assert.Equal(CaseSlaState.Warning, serviceCase.SlaState);
        Assert.Equal(Utc("2026-03-09T08:30Z"), serviceCase.SlaNextCheckAtUtc);
        Assert.Empty(Sweep(serviceCase, Utc("2026-03-09T08:17Z")));

        var breached = Sweep(serviceCase, Utc("2026-03-09T08:31Z"));
        Assert.Single(breached);
        Assert.True(breached[0].Breach);
        Assert.Equal(CaseSlaState.Breached, serviceCase.SlaState);
        Assert.Null(serviceCase.SlaNextCheckAtUtc);
        Assert.Empty(Sweep(serviceCase, Utc("2026-03-09T09:31Z")));
        Assert.Equal(1, serviceCase.Thread.Count(e => e.Body.StartsWith("SLA warning", StringComparison.Ordinal)));
        Assert.Equal(1, serviceCase.Thread.Count(e => e.Body.StartsWith("SLA breached", StringComparison.Ordinal)));
    }

    [Fact]
    public void A_longer_target_clears_a_stale_warning_so_it_can_warn_again()
    {
        var opened = Utc("2026-03-09T08:00Z"); // Mon 09:00 Berlin
        var serviceCase = ServiceCase.Open(1, "Invoice", null, Channel.Email, CasePriority.Normal, "agent", opened);
        serviceCase.ApplySlaPolicy(7, new SlaPolicyDefinition("P", new SlaTargets(60, null, null), BerlinDefinition()), opened);
        Assert.Single(Sweep(serviceCase, Utc("2026-03-09T08:50Z"))); // 50 of 60 minutes: warning
        Assert.Contains("FirstResponse:W", serviceCase.SlaRecorded, StringComparison.Ordinal);

        serviceCase.ApplySlaPolicy(7, new SlaPolicyDefinition("P", new SlaTargets(240, null, null), BerlinDefinition()), Utc("2026-03-09T08:55Z"));
        Assert.Empty(Sweep(serviceCase, Utc("2026-03-09T08:56Z")));
        Assert.Equal(CaseSlaState.Running, serviceCase.SlaState);
        Assert.DoesNotContain("FirstResponse:W", serviceCase.SlaRecorded, StringComparison.Ordinal);
        Assert.Equal(Utc("2026-03-09T12:00Z"), serviceCase.FirstResponseDueAtUtc);       // 240 minutes from Mon 09:00: 13:00
        Assert.Equal(Utc("2026-03-09T11:00Z"), serviceCase.SlaNextCheckAtUtc);           // 180 minutes: 12:00
    }

    [Fact]
    public void Status_changes_on_the_thread_pause_resolution_while_pending()
    {
        var opened = Utc("2026-03-09T08:00Z"); // Mon 09:00 Berlin
        var serviceCase = ServiceCase.Open(1, "Broken", null, Channel.Phone, CasePriority.Normal, "agent", opened);
        serviceCase.ApplySlaPolicy(7, new SlaPolicyDefinition("P", new SlaTargets(null, null, 960), BerlinDefinition()), opened);
        serviceCase.ChangeStatus(CaseStatus.PendingCustomer, "agent", Utc("2026-03-10T09:00Z")); // Tue 10:00
        serviceCase.ChangeStatus(CaseStatus.Open, "agent", Utc("2026-03-10T13:00Z"));            // Tue 14:00

        Sweep(serviceCase, Utc("2026-03-10T13:00Z"));

        Assert.Equal(Utc("2026-03-11T12:00Z"), serviceCase.ResolutionDueAtUtc); // Tue 17:00 without the pause, Wed 13:00 with it
    }

    [Fact]
    public void A_calendar_change_at_the_evaluation_instant_counts_from_then_on()
    {
        var opened = Utc("2026-03-06T15:30Z"); // Fri 16:30 Berlin
        var changed = Utc("2026-03-06T15:40Z");
        var closedMonday = SlaTargetsPolicy(BerlinOffice(new Holiday(new DateOnly(2026, 3, 9), "Closed")));
        var policies = new[] { new AppliedPolicy(opened, SlaTargetsPolicy(BerlinOffice())), new AppliedPolicy(changed, closedMonday) };
        var history = new CaseHistory(opened, []);

        Assert.Equal(Utc("2026-03-10T08:30Z"), SlaClock.Evaluate(policies, history, changed).FirstResponse!.DueAtUtc);              // Tue 09:30
        Assert.Equal(Utc("2026-03-10T08:30Z"), SlaClock.Evaluate(policies, history, changed.AddMinutes(5)).FirstResponse!.DueAtUtc);
    }

    private static SlaPolicy SlaTargetsPolicy(BusinessCalendar calendar) => new("Fast", calendar, new SlaTargets(60, null, null));

    private static IReadOnlyList<SlaCrossing> Sweep(ServiceCase serviceCase, DateTime now)
    {
        var history = ServiceCase.SlaHistory(serviceCase.OpenedAtUtc, serviceCase.Thread.Select(e => (e.AtUtc, e.Kind, e.Status)));
        return serviceCase.UpdateSla(serviceCase.EvaluateSla(history, now), now, record: true);
    }
}
