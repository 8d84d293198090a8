using Crm.Kernel;
using Crm.Kernel.Data;
using Crm.Kernel.Errors;
using Crm.Kernel.Identity;
using Crm.Kernel.Text;
using Crm.Service.Contracts;
using Crm.Service.Domain.Calendars;
using Crm.Service.Domain.Queues;
using Crm.Service.Features.Cases;
using Microsoft.EntityFrameworkCore;

namespace Crm.Service.Features.Queues.SaveQueue;

/// <summary>
/// Creates and edits queues (Managers and Admins): a unique name, a strategy, a supervisor and members who may own cases;
/// making a queue the default takes that from the previous default; a deactivated queue takes no new cases.
/// </summary>
internal sealed class SaveQueueHandler(IDbContextFactory<CrmDbContext> contextFactory, ICurrentUser currentUser, CaseWorkers workers, TimeProvider clock, Sla.SlaSweeper sweeper)
{
    private static readonly QueueInputValidator Validator = new();

    public async Task<CommandResult<long>> CreateAsync(QueueInput input, CancellationToken cancellationToken = default)
    {
        QueueAccess.EnsureConfigure(currentUser);
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var problems = await CheckAsync(db, input, null, cancellationToken);
        if (!problems.Succeeded)
        {
            return CommandResult.Invalid<long>(problems);
        }

        var queue = ServiceQueue.Create(input.Name!, input.Description, input.Strategy ?? RoutingStrategy.RoundRobin, Trimmed.OrNull(input.SupervisorId));
        queue.SetMembers(input.MemberIds.Select(m => m.Trim()));
        queue.CalendarId = input.CalendarId;
        db.Add(queue);
        await SaveAsync(db, queue, input.IsDefault, cancellationToken);
        return CommandResult.Created(queue.Id);
    }

    public async Task<CommandResult<long>> UpdateAsync(long id, QueueInput input, Guid? expectedVersion, CancellationToken cancellationToken = default)
    {
        QueueAccess.EnsureConfigure(currentUser);
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var queue = await LoadAsync(db, id, expectedVersion, cancellationToken);
        var problems = await CheckAsync(db, input, id, cancellationToken);
        if (!problems.Succeeded)
        {
            return CommandResult.Invalid<long>(problems);
        }

        if (input.IsDefault && !queue.IsActive)
        {
            return CommandResult.Invalid<long>(OperationResult.Failure(nameof(QueueInput.IsDefault), "A deactivated queue cannot be the default: activate it first."));
        }

        queue.Edit(input.Name!, input.Description, input.Strategy ?? queue.Strategy, Trimmed.OrNull(input.SupervisorId));
        queue.SetMembers(input.MemberIds.Select(m => m.Trim()));
        var calendarChanged = queue.CalendarId != input.CalendarId;
        queue.CalendarId = input.CalendarId;
        if (!input.IsDefault)
        {
            queue.IsDefault = false;
        }

        await SaveAsync(db, queue, input.IsDefault, cancellationToken);
        if (calendarChanged)
        {
            // The queue's open cases under policies that use the queue's calendar are recomputed by the sweep, now.
            await Sla.SlaSettings.RecomputeQueueCasesAsync(db, clock.GetUtcNow().UtcDateTime, null, queue.Id, cancellationToken);
            sweeper.Wake();
        }

        return CommandResult.Done(queue.Id);
    }

    /// <summary>Deactivates a queue (it takes no new cases, its cases stay) or activates it again.</summary>
    public async Task<CommandResult<long>> SetActiveAsync(long id, bool active, Guid? expectedVersion, CancellationToken cancellationToken = default)
    {
        QueueAccess.EnsureConfigure(currentUser);
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var queue = await LoadAsync(db, id, expectedVersion, cancellationToken);
        if (queue.IsActive == active)
        {
            return CommandResult.Unchanged(queue.Id);
        }

        queue.SetActive(active);
        await SaveAsync(db, queue, makeDefault: false, cancellationToken);
        return CommandResult.Done(queue.Id);
    }

    private static async Task<ServiceQueue> LoadAsync(CrmDbContext db, long id, Guid? expectedVersion, CancellationToken cancellationToken)
    {
        var queue = await db.Set<ServiceQueue>().Include(q => q.Members).SingleOrDefaultAsync(q => q.Id == id, cancellationToken)
            ?? throw new NotFoundException($"No queue with id {id}.");
        if (expectedVersion is { } version && version != queue.Version)
        {
            throw new ConflictException($"Someone else changed the queue {queue.Name} since you opened it. Reload and try again.");
        }

        return queue;
    }

    private async Task<OperationResult> CheckAsync(CrmDbContext db, QueueInput input, long? id, CancellationToken cancellationToken)
    {
        var validation = OperationResult.From(await Validator.ValidateAsync(input, cancellationToken));
        if (!validation.Succeeded)
        {
            return validation;
        }

        var problems = new List<ValidationError>();
        var name = input.Name!.Trim();
        // Names compare ignoring case: "Returns" and "returns" would be the same queue to the people choosing one.
        var upper = name.ToUpperInvariant();
        if (await db.Set<ServiceQueue>().AnyAsync(q => q.Id != id && q.Name.ToUpper() == upper, cancellationToken))
        {
            problems.Add(new ValidationError(nameof(QueueInput.Name), $"A queue named '{name}' exists already."));
        }

        // A team lead agent, a Manager or an Admin: the supervisor works the queue's cases (CaseAccess), so must be one who may own cases.
        if (Trimmed.OrNull(input.SupervisorId) is { } supervisor && !await workers.IsWorkerAsync(supervisor, cancellationToken))
        {
            problems.Add(new ValidationError(nameof(QueueInput.SupervisorId), $"'{supervisor}' is no ServiceAgent, Manager or Admin."));
        }

        if (input.CalendarId is { } calendarId && !await db.Set<ServiceCalendar>().AnyAsync(c => c.Id == calendarId, cancellationToken))
        {
            problems.Add(new ValidationError(nameof(QueueInput.CalendarId), "Choose a business calendar or none."));
        }

        foreach (var member in input.MemberIds.Select(m => m.Trim()).Distinct(StringComparer.Ordinal))
        {
            if (!await workers.IsWorkerAsync(member, cancellationToken))
            {
                problems.Add(new ValidationError(nameof(QueueInput.MemberIds), $"'{member}' is no ServiceAgent, Manager or Admin."));
            }
        }

        return new OperationResult(problems);
    }

    private static async Task SaveAsync(CrmDbContext db, ServiceQueue queue, bool makeDefault, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        if (makeDefault && !queue.IsDefault)
        {
            // Tracked, not a bulk update: the previous default's version changes with it, so its ETag goes stale.
            foreach (var previous in await db.Set<ServiceQueue>().Where(q => q.IsDefault && q.Id != queue.Id).ToListAsync(cancellationToken))
            {
                previous.IsDefault = false;
            }

            queue.IsDefault = true;
        }

        await db.SaveOrConflictAsync(
            $"Someone else changed the queue {queue.Name} at the same time. Reload and try again.",
            $"Someone else saved a queue named '{queue.Name}' at the same time. Reload and choose another name.",
            cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }
}
