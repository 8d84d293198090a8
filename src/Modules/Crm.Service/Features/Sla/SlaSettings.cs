using Crm.Analytics.Contracts;
using Crm.Kernel;
using Crm.Kernel.Data;
using Crm.Kernel.Errors;
using Crm.Kernel.Identity;
using Crm.Service.Contracts;
using Crm.Service.Domain.Calendars;
using Crm.Service.Domain.Cases;
using Crm.Service.Domain.Queues;
using Crm.Service.Domain.Sla;
using Crm.Service.Features.Cases;
using Microsoft.EntityFrameworkCore;

namespace Crm.Service.Features.Sla;

/// <summary>Who may configure SLAs: Managers and Admins.</summary>
internal static class SlaAccess
{
    public const string Managers = CrmRoles.Admin + "," + CrmRoles.Manager;

    public static void EnsureManage(ICurrentUser user)
    {
        if (!user.IsInRole(CrmRoles.Manager) && !user.IsInRole(CrmRoles.Admin))
        {
            throw new ForbiddenException("Only Managers and Admins see and change business calendars and SLA policies.");
        }
    }
}

/// <summary>
/// Business calendars and SLA policies for Managers: read, define, order, deactivate. The rules are the entities'
/// (<see cref="ServiceCalendar"/>, <see cref="ServiceSlaPolicy"/>); a change marks the open cases that use the policy or
/// calendar for the <see cref="SlaSweeper"/>, which recomputes them within a minute keeping the time used.
/// </summary>
internal sealed class SlaSettings(IDbContextFactory<CrmDbContext> contextFactory, ICurrentUser currentUser, TimeProvider clock, CaseWorkers workers, SlaSweeper sweeper)
{
    public async Task<IReadOnlyList<BusinessCalendarDto>> CalendarsAsync(CancellationToken cancellationToken = default)
    {
        SlaAccess.EnsureManage(currentUser);
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var calendars = await db.Set<ServiceCalendar>().AsNoTracking().OrderBy(c => c.Name).ToListAsync(cancellationToken);
        var uses = await db.Set<ServiceSlaPolicy>().GroupBy(p => p.CalendarId).Select(g => new { g.Key, Count = g.Count() })
            .ToDictionaryAsync(g => g.Key, g => g.Count, cancellationToken);
        return [.. calendars.Select(c => ToDto(c, uses.GetValueOrDefault(c.Id)))];
    }

    public async Task<BusinessCalendarDto> CalendarAsync(long id, CancellationToken cancellationToken = default)
    {
        SlaAccess.EnsureManage(currentUser);
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var calendar = await db.Set<ServiceCalendar>().AsNoTracking().SingleOrDefaultAsync(c => c.Id == id, cancellationToken)
            ?? throw new NotFoundException($"No business calendar with id {id}.");
        return ToDto(calendar, await db.Set<ServiceSlaPolicy>().CountAsync(p => p.CalendarId == id, cancellationToken));
    }

    /// <summary>Creates a calendar (<paramref name="id"/> null) or changes one; a change recomputes the open cases under it.</summary>
    public async Task<CommandResult<long>> SaveCalendarAsync(
        long? id, BusinessCalendarInput input, Guid? expectedVersion, CancellationToken cancellationToken = default)
    {
        SlaAccess.EnsureManage(currentUser);
        var (definition, problems, indexes) = ToDefinition(input);
        // The domain names periods by their place among those that parsed; name them by their place in the input.
        problems.AddRange(ServiceCalendar.Validate(definition).Errors.Select(e =>
            e.Field.StartsWith($"{nameof(BusinessCalendarInput.Periods)}[", StringComparison.Ordinal)
            && int.TryParse(e.Field.AsSpan(8, e.Field.Length - 9), System.Globalization.CultureInfo.InvariantCulture, out var parsed)
                ? e with { Field = $"{nameof(BusinessCalendarInput.Periods)}[{indexes[parsed]}]" }
                : e));

        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var name = input.Name?.Trim() ?? "";
        if (await db.Set<ServiceCalendar>().AnyAsync(c => c.Name == name && c.Id != (id ?? 0), cancellationToken))
        {
            problems.Add(new ValidationError(nameof(BusinessCalendarInput.Name), $"There is a calendar named '{name}' already."));
        }

        if (problems.Count > 0)
        {
            return CommandResult.Invalid<long>(new OperationResult(problems));
        }

        if (id is null)
        {
            var created = ServiceCalendar.Create(definition);
            db.Add(created);
            // A new row has no version to go stale: only the unique name can refuse it.
            await db.SaveOrConflictAsync(SameNameSavedMeanwhile(name), SameNameSavedMeanwhile(name), cancellationToken);
            return CommandResult.Created(created.Id);
        }

        var calendar = await db.Set<ServiceCalendar>().SingleOrDefaultAsync(c => c.Id == id, cancellationToken)
            ?? throw new NotFoundException($"No business calendar with id {id}.");
        if (expectedVersion is { } version && version != calendar.Version)
        {
            return CommandResult.Conflict<long>($"Someone else changed calendar '{calendar.Name}' since you opened it. Reload and try again.");
        }

        if (!calendar.Change(definition))
        {
            return CommandResult.Unchanged(calendar.Id);
        }

        await db.SaveOrConflictAsync(
            $"Someone else changed calendar '{calendar.Name}' at the same time. Reload and try again.", SameNameSavedMeanwhile(name), cancellationToken);
        var policies = await db.Set<ServiceSlaPolicy>().Where(p => p.CalendarId == calendar.Id).Select(p => p.Id).ToListAsync(cancellationToken);
        await RecomputeOpenCasesAsync(db, policies, cancellationToken);
        await RecomputeQueueCasesAsync(db, clock.GetUtcNow().UtcDateTime, calendar.Id, null, cancellationToken);
        sweeper.Wake();
        return CommandResult.Done(calendar.Id);
    }

    /// <summary>Every policy in match order, active ones and inactive ones.</summary>
    public async Task<IReadOnlyList<SlaPolicyDto>> PoliciesAsync(CancellationToken cancellationToken = default)
    {
        SlaAccess.EnsureManage(currentUser);
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var policies = await db.Set<ServiceSlaPolicy>().AsNoTracking().OrderBy(p => p.Position).ThenBy(p => p.Id).ToListAsync(cancellationToken);
        var calendars = await db.Set<ServiceCalendar>().AsNoTracking().ToDictionaryAsync(c => c.Id, c => c.Name, cancellationToken);
        var queues = await db.Set<ServiceQueue>().AsNoTracking().ToDictionaryAsync(q => q.Id, q => q.Name, cancellationToken);
        return [.. policies.Select(p => ToDto(p, calendars.GetValueOrDefault(p.CalendarId) ?? "", p.QueueId is { } q ? queues.GetValueOrDefault(q) : null))];
    }

    public async Task<SlaPolicyDto> PolicyAsync(long id, CancellationToken cancellationToken = default)
    {
        SlaAccess.EnsureManage(currentUser);
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var policy = await db.Set<ServiceSlaPolicy>().AsNoTracking().SingleOrDefaultAsync(p => p.Id == id, cancellationToken)
            ?? throw new NotFoundException($"No SLA policy with id {id}.");
        var calendar = await db.Set<ServiceCalendar>().AsNoTracking().Where(c => c.Id == policy.CalendarId).Select(c => c.Name).SingleAsync(cancellationToken);
        var queue = policy.QueueId is { } queueId
            ? await db.Set<ServiceQueue>().AsNoTracking().Where(q => q.Id == queueId).Select(q => q.Name).SingleOrDefaultAsync(cancellationToken)
            : null;
        return ToDto(policy, calendar, queue);
    }

    /// <summary>
    /// Creates a policy (<paramref name="id"/> null; it goes first in the match order, so a specific policy is not hidden by a
    /// catch-all) or changes one; a change recomputes the open cases under it.
    /// </summary>
    public async Task<CommandResult<long>> SavePolicyAsync(long? id, SlaPolicyInput input, Guid? expectedVersion, CancellationToken cancellationToken = default)
    {
        SlaAccess.EnsureManage(currentUser);
        var targets = new SlaTargets(input.FirstResponseMinutes, input.NextResponseMinutes, input.ResolutionMinutes, input.WarningPercent,
            input.PauseWhenPendingCustomer, input.PauseWhenPendingThirdParty);
        var problems = ServiceSlaPolicy.Validate(input.Name, input.Category, targets).Errors.ToList();
        if (input.Priority is { } priority && !Enum.IsDefined(priority))
        {
            problems.Add(new ValidationError(nameof(SlaPolicyInput.Priority), "Choose a priority or none."));
        }

        if (input.MinimumTier is { } tier && (!Enum.IsDefined(tier) || tier == CustomerTier.None))
        {
            problems.Add(new ValidationError(nameof(SlaPolicyInput.MinimumTier), "Choose Bronze, Silver, Gold or Platinum (or any customer)."));
        }

        var rules = (input.EscalationRules ?? []).Select(ToRule).ToList();
        problems.AddRange(EscalationRule.Validate(rules));
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        if (!await db.Set<ServiceCalendar>().AnyAsync(c => c.Id == input.CalendarId, cancellationToken))
        {
            problems.Add(new ValidationError(nameof(SlaPolicyInput.CalendarId), "Choose a business calendar."));
        }

        if (input.QueueId is { } criterionQueue && !await db.Set<ServiceQueue>().AnyAsync(q => q.Id == criterionQueue, cancellationToken))
        {
            problems.Add(new ValidationError(nameof(SlaPolicyInput.QueueId), "Choose a queue or any."));
        }

        problems.AddRange(await CheckRuleTargetsAsync(db, rules, cancellationToken));

        var name = input.Name?.Trim() ?? "";
        if (await db.Set<ServiceSlaPolicy>().AnyAsync(p => p.Name == name && p.Id != (id ?? 0), cancellationToken))
        {
            problems.Add(new ValidationError(nameof(SlaPolicyInput.Name), $"There is a policy named '{name}' already."));
        }

        if (problems.Count > 0)
        {
            return CommandResult.Invalid<long>(new OperationResult(problems));
        }

        if (id is null)
        {
            foreach (var other in await db.Set<ServiceSlaPolicy>().ToListAsync(cancellationToken))
            {
                other.Position++;
            }

            var created = ServiceSlaPolicy.Create(name, input.Priority, input.Category, input.CalendarId, targets, position: 1);
            created.Scope(input.MinimumTier, input.QueueId, input.UseQueueCalendar);
            created.Escalate(rules);
            db.Add(created);
            await db.SaveChangesAsync(cancellationToken);
            return CommandResult.Created(created.Id);
        }

        var policy = await LoadPolicyAsync(db, id.Value, expectedVersion, cancellationToken);
        // Non-short-circuiting: every part is applied.
        if (!(policy.Change(name, input.Priority, input.Category, input.CalendarId, targets)
              | policy.Scope(input.MinimumTier, input.QueueId, input.UseQueueCalendar)
              | policy.Escalate(rules)))
        {
            return CommandResult.Unchanged(policy.Id);
        }

        await db.SaveOrConflictAsync($"Someone else changed policy '{policy.Name}' at the same time. Reload and try again.", cancellationToken);
        await RecomputeOpenCasesAsync(db, [policy.Id], cancellationToken);
        sweeper.Wake();
        return CommandResult.Done(policy.Id);
    }

    /// <summary>Moves a policy one place earlier (<paramref name="up"/>) or later in the match order. Unchanged at either end.</summary>
    public async Task<CommandResult<long>> MoveAsync(long id, bool up, CancellationToken cancellationToken = default)
    {
        SlaAccess.EnsureManage(currentUser);
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var ordered = await db.Set<ServiceSlaPolicy>().OrderBy(p => p.Position).ThenBy(p => p.Id).ToListAsync(cancellationToken);
        var index = ordered.FindIndex(p => p.Id == id);
        if (index < 0)
        {
            throw new NotFoundException($"No SLA policy with id {id}.");
        }

        var other = up ? index - 1 : index + 1;
        if (other < 0 || other >= ordered.Count)
        {
            return CommandResult.Unchanged(id);
        }

        (ordered[index], ordered[other]) = (ordered[other], ordered[index]);
        for (var i = 0; i < ordered.Count; i++)
        {
            ordered[i].Position = i + 1;
        }

        await db.SaveOrConflictAsync("Someone else reordered the policies at the same time. Reload and try again.", cancellationToken);
        return CommandResult.Done(id);
    }

    /// <summary>New cases no longer get the policy (open cases that have it keep it); or, with <paramref name="active"/>, again.</summary>
    public async Task<CommandResult<long>> SetActiveAsync(long id, bool active, Guid? expectedVersion, CancellationToken cancellationToken = default)
    {
        SlaAccess.EnsureManage(currentUser);
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var policy = await LoadPolicyAsync(db, id, expectedVersion, cancellationToken);
        if (!(active ? policy.Activate() : policy.Deactivate()))
        {
            return CommandResult.Unchanged(id);
        }

        await db.SaveOrConflictAsync($"Someone else changed policy '{policy.Name}' at the same time. Reload and try again.", cancellationToken);
        return CommandResult.Done(id);
    }

    // The name check before the save cannot see a calendar saved at the same moment; the unique index can.
    private static string SameNameSavedMeanwhile(string name) =>
        $"Someone else saved a calendar named '{name}' at the same time. Reload and choose another name.";

    private static async Task<ServiceSlaPolicy> LoadPolicyAsync(CrmDbContext db, long id, Guid? expectedVersion, CancellationToken cancellationToken)
    {
        var policy = await db.Set<ServiceSlaPolicy>().SingleOrDefaultAsync(p => p.Id == id, cancellationToken)
            ?? throw new NotFoundException($"No SLA policy with id {id}.");
        return expectedVersion is { } version && version != policy.Version
            ? throw new ConflictException($"Someone else changed policy '{policy.Name}' since you opened it. Reload and try again.")
            : policy;
    }

    /// <summary>Due now for the sweep: the open cases under these policies (one indexed update, no case loaded here).</summary>
    private async Task RecomputeOpenCasesAsync(CrmDbContext db, IReadOnlyList<long> policyIds, CancellationToken cancellationToken)
    {
        if (policyIds.Count == 0)
        {
            return;
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var ids = policyIds.Cast<long?>().ToList();
        await db.Set<ServiceCase>()
            .Where(c => ids.Contains(c.SlaPolicyId) && c.Status != CaseStatus.Resolved && c.Status != CaseStatus.Closed)
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.SlaNextCheckAtUtc, (DateTime?)now), cancellationToken);
    }

    /// <summary>
    /// Due now for the sweep: the open cases in queues whose working calendar is <paramref name="calendarId"/> (or in
    /// <paramref name="queueId"/>), under policies that use the queue's calendar.
    /// </summary>
    internal static async Task RecomputeQueueCasesAsync(
        CrmDbContext db, DateTime nowUtc, long? calendarId, long? queueId, CancellationToken cancellationToken)
    {
        var policies = await db.Set<ServiceSlaPolicy>().Where(p => p.UseQueueCalendar).Select(p => (long?)p.Id).ToListAsync(cancellationToken);
        var queues = await db.Set<ServiceQueue>().Where(q => (calendarId != null && q.CalendarId == calendarId) || (queueId != null && q.Id == queueId))
            .Select(q => (long?)q.Id).ToListAsync(cancellationToken);
        if (policies.Count == 0 || queues.Count == 0)
        {
            return;
        }

        await db.Set<ServiceCase>()
            .Where(c => policies.Contains(c.SlaPolicyId) && queues.Contains(c.QueueId) && c.Status != CaseStatus.Resolved && c.Status != CaseStatus.Closed)
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.SlaNextCheckAtUtc, (DateTime?)nowUtc), cancellationToken);
    }

    private static EscalationRule ToRule(SlaEscalationRuleDto rule) => new(
        rule.Name ?? "", rule.On, rule.Target, rule.ReassignToQueueId, string.IsNullOrWhiteSpace(rule.ReassignToAgentId) ? null : rule.ReassignToAgentId.Trim(),
        rule.RaisePriorityOneStep, rule.RaisePriorityTo, rule.NotifyManagers);

    private static SlaEscalationRuleDto ToDto(EscalationRule rule) => new()
    {
        Name = rule.Name, On = rule.On, Target = rule.Target, ReassignToQueueId = rule.ReassignToQueueId, ReassignToAgentId = rule.ReassignToAgentId,
        RaisePriorityOneStep = rule.RaisePriorityOneStep, RaisePriorityTo = rule.RaisePriorityTo, NotifyManagers = rule.NotifyManagers,
    };

    /// <summary>The queues and agents the rules reassign to must exist (active queues; people who may own cases).</summary>
    private async Task<IEnumerable<ValidationError>> CheckRuleTargetsAsync(CrmDbContext db, IReadOnlyList<EscalationRule> rules, CancellationToken cancellationToken)
    {
        var problems = new List<ValidationError>();
        for (var i = 0; i < rules.Count; i++)
        {
            if (rules[i].ReassignToQueueId is { } queueId && !await db.Set<ServiceQueue>().AnyAsync(q => q.Id == queueId && q.IsActive, cancellationToken))
            {
                problems.Add(new ValidationError($"EscalationRules[{i}].ReassignToQueueId", "Choose an active queue."));
            }

            if (rules[i].ReassignToAgentId is { } agentId && !await workers.IsWorkerAsync(agentId, cancellationToken))
            {
                problems.Add(new ValidationError($"EscalationRules[{i}].ReassignToAgentId", $"'{agentId}' is no ServiceAgent, Manager or Admin."));
            }
        }

        return problems;
    }

    private static (CalendarDefinition Definition, List<ValidationError> Problems, List<int> Indexes) ToDefinition(BusinessCalendarInput input)
    {
        var problems = new List<ValidationError>();
        var periods = new List<WorkingPeriod>();
        var indexes = new List<int>();
        if (!input.IsTwentyFourSeven)
        {
            for (var i = 0; i < input.Periods.Count; i++)
            {
                var period = input.Periods[i];
                try
                {
                    periods.Add(WorkingPeriod.Of(period.Day, period.Start, period.End));
                    indexes.Add(i);
                }
                catch (FormatException invalid)
                {
                    problems.Add(new ValidationError($"{nameof(BusinessCalendarInput.Periods)}[{i}]", invalid.Message));
                }
            }
        }

        var holidays = input.IsTwentyFourSeven ? [] : input.Holidays
            .Select(h => new Holiday(h.Date, string.IsNullOrWhiteSpace(h.Name) ? null : h.Name.Trim(), h.RecursYearly)).ToList();
        var definition = new CalendarDefinition(input.Name ?? "", input.TimeZoneId?.Trim() ?? "", input.IsTwentyFourSeven, periods, holidays);
        return (definition, problems, indexes);
    }

    private static BusinessCalendarDto ToDto(ServiceCalendar c, int policyCount) => new(
        c.Id, c.Name, c.TimeZoneId, c.IsTwentyFourSeven,
        [.. c.Periods.Select(p => new WorkingPeriodDto(p.Day, WorkingPeriod.FormatMinute(p.StartMinute), WorkingPeriod.FormatMinute(p.EndMinute)))],
        [.. c.Holidays.Select(h => new HolidayDto(h.Date, h.Name, h.RecursYearly))], policyCount, c.Version);

    private static SlaPolicyDto ToDto(ServiceSlaPolicy p, string calendarName, string? queueName) => new(
        p.Id, p.Name, p.Position, p.IsActive, p.Priority, p.Category, p.CalendarId, calendarName, p.FirstResponseMinutes,
        p.NextResponseMinutes, p.ResolutionMinutes, p.WarningPercent, p.PauseWhenPendingCustomer, p.PauseWhenPendingThirdParty, p.Version,
        p.MinimumTier, p.QueueId, queueName, p.UseQueueCalendar, [.. p.EscalationRules.Select(ToDto)]);
}
