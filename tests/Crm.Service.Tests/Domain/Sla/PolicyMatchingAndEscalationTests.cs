using Crm.Analytics.Contracts;
using Crm.Kernel;
using Crm.Service.Contracts;
using Crm.Service.Domain.Calendars;
using Crm.Service.Domain.Cases;
using Crm.Service.Domain.Sla;
using static Crm.Service.Tests.Domain.TestCalendars;

namespace Crm.Service.Tests.Domain.Sla;

/// <summary>Policies matched on tier and queue, the queue's calendar, escalation rules, and a lengthened target after a breach.</summary>
public sealed class PolicyMatchingAndEscalationTests
{
    private static readonly SlaTargets Hour = new(60, null, null);

    private static CalendarDefinition BerlinDefinition() =>
        new("Berlin office", Berlin, false, [.. Weekdays.Select(d => WorkingPeriod.Of(d, "09:00", "17:00"))], []);

    private static EscalationRule Rule(
        string name = "Escalate", SlaEscalationTrigger on = SlaEscalationTrigger.Breach, SlaTarget? target = null, long? queue = null, string? agent = null,
        bool oneStep = false, CasePriority? to = null, bool notify = false) => new(name, on, target, queue, agent, oneStep, to, notify);

    [Fact]
    public void A_tier_criterion_matches_that_tier_or_better_and_a_queue_criterion_only_that_queue()
    {
        var catchAll = ServiceSlaPolicy.Create("Standard", null, null, 1, Hour, position: 3);
        var gold = ServiceSlaPolicy.Create("Gold customers", null, null, 1, Hour, position: 1);
        gold.Scope(CustomerTier.Gold, null, useQueueCalendar: false);
        var vipQueue = ServiceSlaPolicy.Create("VIP queue", CasePriority.High, null, 1, Hour, position: 2);
        vipQueue.Scope(null, 42, useQueueCalendar: true);
        var policies = new[] { catchAll, vipQueue, gold };

        Assert.Same(gold, ServiceSlaPolicy.FirstMatch(policies, new SlaCaseFacts(CasePriority.Low, null, CustomerTier.Gold, null)));
        Assert.Same(gold, ServiceSlaPolicy.FirstMatch(policies, new SlaCaseFacts(CasePriority.High, null, CustomerTier.Platinum, 42)));
        Assert.Same(vipQueue, ServiceSlaPolicy.FirstMatch(policies, new SlaCaseFacts(CasePriority.High, null, CustomerTier.Silver, 42)));
        Assert.Same(catchAll, ServiceSlaPolicy.FirstMatch(policies, new SlaCaseFacts(CasePriority.High, null, CustomerTier.Silver, 41)));
        Assert.Same(catchAll, ServiceSlaPolicy.FirstMatch(policies, new SlaCaseFacts(CasePriority.Normal, null, CustomerTier.Silver, 42)));
        Assert.Same(catchAll, ServiceSlaPolicy.FirstMatch(policies, new SlaCaseFacts(CasePriority.High, null, CustomerTier.None, null)));
        // The older overload: a customer without a tier, in no queue.
        Assert.Same(catchAll, ServiceSlaPolicy.FirstMatch(policies, CasePriority.High, null));

        Assert.False(gold.Scope(CustomerTier.Gold, null, false));
        Assert.Throws<ArgumentException>(() => gold.Scope(CustomerTier.None, null, false));
    }

    [Fact]
    public void A_policy_that_uses_the_queue_calendar_falls_back_to_its_own_and_says_why()
    {
        var own = ServiceCalendar.Create(BerlinDefinition());
        var queueCalendar = ServiceCalendar.Create(new CalendarDefinition("Night shift", "Europe/Berlin", true, [], []));
        var policy = ServiceSlaPolicy.Create("P", null, null, 1, Hour, 1);

        Assert.Equal(("Berlin office", "the policy's calendar \"Berlin office\""),
            Named(policy.Definition(own, "VIP", queueCalendar)));
        policy.Scope(null, null, useQueueCalendar: true);
        Assert.Equal(("Night shift", "the working calendar of queue \"VIP\", as the policy uses the queue's calendar"),
            Named(policy.Definition(own, "VIP", queueCalendar)));
        Assert.Equal(("Berlin office", "the policy's calendar \"Berlin office\": the policy uses the queue's calendar, but queue \"VIP\" has none"),
            Named(policy.Definition(own, "VIP", null)));
        Assert.Equal(("Berlin office", "the policy's calendar \"Berlin office\": the policy uses the queue's calendar, but the case is in no queue"),
            Named(policy.Definition(own, null, null)));

        static (string, string?) Named(SlaPolicyDefinition d) => (d.Calendar.Name, d.CalendarReason);
    }

    [Fact]
    public void A_rule_runs_on_its_trigger_and_target_and_raises_the_priority_but_never_lowers_it()
    {
        Assert.True(Rule(on: SlaEscalationTrigger.Breach).RunsOn(SlaTarget.NextResponse, breach: true));
        Assert.False(Rule(on: SlaEscalationTrigger.Breach).RunsOn(SlaTarget.NextResponse, breach: false));
        Assert.True(Rule(on: SlaEscalationTrigger.Warning, target: SlaTarget.Resolution).RunsOn(SlaTarget.Resolution, breach: false));
        Assert.False(Rule(on: SlaEscalationTrigger.Warning, target: SlaTarget.Resolution).RunsOn(SlaTarget.FirstResponse, breach: false));
        Assert.True(Rule(on: SlaEscalationTrigger.WarningOrBreach).RunsOn(SlaTarget.FirstResponse, breach: false));
        Assert.True(Rule(on: SlaEscalationTrigger.WarningOrBreach).RunsOn(SlaTarget.FirstResponse, breach: true));

        Assert.Equal(CasePriority.Normal, Rule(oneStep: true).RaisedPriority(CasePriority.Low));
        Assert.Equal(CasePriority.Urgent, Rule(oneStep: true).RaisedPriority(CasePriority.Urgent));
        Assert.Equal(CasePriority.High, Rule(to: CasePriority.High).RaisedPriority(CasePriority.Normal));
        Assert.Equal(CasePriority.Urgent, Rule(to: CasePriority.High).RaisedPriority(CasePriority.Urgent));

        var serviceCase = ServiceCase.Open(1, "Late", null, Channel.Email, CasePriority.Normal, "agent", Utc("2026-03-09T08:00Z"));
        Assert.True(serviceCase.RaisePriority(CasePriority.High, ServiceCase.EscalationActor, Utc("2026-03-09T09:00Z")));
        Assert.False(serviceCase.RaisePriority(CasePriority.Normal, ServiceCase.EscalationActor, Utc("2026-03-09T09:00Z")));
        Assert.Equal(CasePriority.High, serviceCase.Priority);
        Assert.Equal("Priority raised from Normal to High.", serviceCase.Thread[^1].Body);
    }

    [Fact]
    public void Rules_are_checked_field_by_field()
    {
        var problems = EscalationRule.Validate([
            Rule(name: " "),
            Rule(name: "Both", queue: 1, agent: "a", oneStep: true, to: CasePriority.High),
            Rule(name: "Low", to: CasePriority.Low),
            Rule(name: "both", notify: true),
        ]);

        Assert.Contains(problems, e => e.Field == "EscalationRules[0].Name");
        Assert.Contains(problems, e => e.Field == "EscalationRules[0].Actions" && e.Message.Contains("at least one action", StringComparison.Ordinal));
        Assert.Contains(problems, e => e.Field == "EscalationRules[1].ReassignToAgentId");
        Assert.Contains(problems, e => e.Field == "EscalationRules[1].RaisePriorityTo");
        Assert.Contains(problems, e => e.Field == "EscalationRules[2].RaisePriorityTo");
        Assert.Contains(problems, e => e.Field == "EscalationRules[3].Name" && e.Message.Contains("'both'", StringComparison.Ordinal));
        Assert.Contains(EscalationRule.Validate([.. Enumerable.Range(1, 11).Select(i => Rule(name: $"R{i}", notify: true))]), e => e.Field == "EscalationRules");
        Assert.Empty(EscalationRule.Validate([Rule(notify: true), Rule(name: "Raise", oneStep: true)]));

        var policy = ServiceSlaPolicy.Create("P", null, null, 1, Hour, 1);
        Assert.True(policy.Escalate([Rule(name: " Tell ", notify: true)]));
        Assert.Equal("Tell", policy.EscalationRules.Single().Name);
        Assert.False(policy.Escalate([Rule(name: "Tell", notify: true)]));
        Assert.Throws<ArgumentException>(() => policy.Escalate([Rule()]));
        Assert.Equal([Rule(name: "Tell", notify: true)], SlaDefinitionJson.ReadRules(SlaDefinitionJson.WriteRules(policy.EscalationRules)));
    }

    [Fact]
    public void A_target_lengthened_after_its_breach_no_longer_shows_breached_and_the_breach_entry_stays_and_is_not_recorded_again()
    {
        var opened = Utc("2026-03-09T08:00Z"); // Mon 09:00 Berlin
        var serviceCase = ServiceCase.Open(1, "Invoice", null, Channel.Email, CasePriority.Normal, "agent", opened);
        serviceCase.ApplySlaPolicy(7, new SlaPolicyDefinition("P", Hour, BerlinDefinition()), opened);
        Assert.Equal(2, Sweep(serviceCase, Utc("2026-03-09T09:05Z")).Count); // 65 of 60 minutes: warning and breach
        Assert.Equal(CaseSlaState.Breached, serviceCase.SlaState);

        // Mon 10:10: the first response target becomes 240 minutes; 70 are used.
        serviceCase.ApplySlaPolicy(7, new SlaPolicyDefinition("P", new SlaTargets(240, null, null), BerlinDefinition()), Utc("2026-03-09T09:10Z"));
        Assert.Empty(Sweep(serviceCase, Utc("2026-03-09T09:11Z")));

        Assert.Equal(CaseSlaState.Running, serviceCase.SlaState);
        Assert.Equal(Utc("2026-03-09T12:00Z"), serviceCase.FirstResponseDueAtUtc); // Mon 13:00
        Assert.DoesNotContain("FirstResponse:W", serviceCase.SlaRecorded, StringComparison.Ordinal);
        Assert.Equal(Utc("2026-03-09T11:00Z"), serviceCase.SlaNextCheckAtUtc); // the warning at 180 minutes, Mon 12:00
        Assert.Single(serviceCase.Thread, e => e.Body.StartsWith("SLA breached", StringComparison.Ordinal));

        // It warns again at the new threshold; the breach it had is not recorded a second time when the new deadline passes.
        Assert.Single(Sweep(serviceCase, Utc("2026-03-09T11:01Z")));
        Assert.DoesNotContain(Sweep(serviceCase, Utc("2026-03-09T12:01Z")), c => c.Breach);
        Assert.Single(serviceCase.Thread, e => e.Body.StartsWith("SLA breached", StringComparison.Ordinal));
    }

    private static IReadOnlyList<SlaCrossing> Sweep(ServiceCase serviceCase, DateTime now)
    {
        var history = ServiceCase.SlaHistory(serviceCase.OpenedAtUtc, serviceCase.Thread.Select(e => (e.AtUtc, e.Kind, e.Status)));
        return serviceCase.UpdateSla(serviceCase.EvaluateSla(history, now), now, record: true);
    }
}
