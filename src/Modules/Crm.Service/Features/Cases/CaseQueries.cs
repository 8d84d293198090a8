using Crm.Contacts.Contracts;
using Crm.Kernel.Text;
using Crm.Kernel;
using Crm.Kernel.Data;
using Crm.Kernel.Errors;
using Crm.Kernel.Identity;
using Crm.Service.Contracts;
using Crm.Service.Domain.Cases;
using Crm.Service.Domain.Queues;
using Microsoft.EntityFrameworkCore;

namespace Crm.Service.Features.Cases;

/// <summary>What the case list asks for: filters, a search, sort and page.</summary>
internal sealed record CaseListQuery
{
    public IReadOnlyList<CaseStatus> Statuses { get; init; } = [];

    /// <summary>Every case not Resolved or Closed.</summary>
    public bool OpenOnly { get; init; }

    public CasePriority? Priority { get; init; }

    /// <summary>Cases whose stored SLA state is one of these (e.g. Warning and Breached: the ones at risk).</summary>
    public IReadOnlyList<CaseSlaState> SlaStates { get; init; } = [];

    public string? OwnerId { get; init; }

    public bool Unassigned { get; init; }

    public long? QueueId { get; init; }

    /// <summary>Cases in the queues the signed-in user is a member of.</summary>
    public bool MyQueues { get; init; }

    public long? CustomerId { get; init; }

    public Channel? Channel { get; init; }

    public DateTime? OpenedFromUtc { get; init; }

    public DateTime? OpenedToUtc { get; init; }

    /// <summary>A case number (<c>CS-000123</c>), words of the subject, or a customer's name, email or phone.</summary>
    public string? Search { get; init; }

    public CaseSort Sort { get; init; } = CaseSort.LastActivity;

    public bool Descending { get; init; } = true;

    public int Page { get; init; }

    public int PageSize { get; init; } = 25;
}

/// <summary>Reads cases: workers see every case, a SalesRep the cases of the customers they own.</summary>
internal sealed class CaseQueries(
    IDbContextFactory<CrmDbContext> contextFactory, ICurrentUser currentUser, ICustomerDirectory customers, UserDirectory users,
    TimeProvider clock)
{
    public const int MaxPageSize = 200;

    /// <summary>Customers a search for a name looks at; more matches than this narrow nothing further.</summary>
    private const int CustomerSearchLimit = 200;

    public async Task<CaseDetails> GetAsync(long id, CancellationToken cancellationToken = default)
    {
        CaseAccess.EnsureRead(currentUser);
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var found = await db.Set<ServiceCase>().AsNoTracking().Include(c => c.Thread)
            .SingleOrDefaultAsync(c => c.Id == id, cancellationToken)
            ?? throw new NotFoundException($"No case with id {id}.");
        var customer = await customers.FindAsync(found.CustomerId, cancellationToken);
        if (!CaseAccess.SeesCustomer(currentUser, customer))
        {
            throw new ForbiddenException("A SalesRep sees the cases of their own customers only.");
        }

        // The case's own entries and those of the cases merged into it (and into those), each marked with its case.
        var merged = await MergedIntoAsync(db, found.Id, cancellationToken);
        var mergedEntries = merged.Count == 0 ? []
            : await db.Set<CaseEntry>().AsNoTracking().Where(e => merged.Contains(e.CaseId)).ToListAsync(cancellationToken);
        var thread = found.Thread.Concat(mergedEntries).OrderBy(e => e.AtUtc).ThenBy(e => e.Id).ToList();
        var entryIds = thread.Where(e => e.Kind == CaseEntryKind.PublicReply).Select(e => e.Id).ToList();
        var emailed = await db.Set<Domain.Email.OutboundEmail>().AsNoTracking().Where(e => e.CaseEntryId != null && entryIds.Contains(e.CaseEntryId.Value))
            .Select(e => new { EntryId = e.CaseEntryId!.Value, e.Delivery }).ToDictionaryAsync(e => e.EntryId, e => e.Delivery, cancellationToken);
        var names = await users.NamesAsync(thread.Select(e => e.AuthorId).Append(found.OwnerId).Append(found.PreferredAgentId), cancellationToken);
        var queueName = found.QueueId is { } queueId
            ? await db.Set<ServiceQueue>().Where(q => q.Id == queueId).Select(q => q.Name).SingleOrDefaultAsync(cancellationToken)
            : null;
        return new CaseDetails(found.Id, found.Number, found.CustomerId, customer?.DisplayName, found.Subject, found.Channel, found.Category,
            found.Priority, found.Status, found.OwnerId, found.OwnerId is null ? null : names.GetValueOrDefault(found.OwnerId),
            found.QueueId, queueName, found.PreferredAgentId, found.PreferredAgentId is null ? null : names.GetValueOrDefault(found.PreferredAgentId), found.TagList,
            found.OrderId, found.ProductCode, found.OpenedAtUtc, found.FirstRespondedAtUtc, found.ResolvedAtUtc, found.ClosedAtUtc,
            found.LastActivityAtUtc, found.NextStatuses,
            [.. thread.Select(e => new CaseEntryDto(e.Id, e.Kind, e.Body, e.Channel, e.AuthorId, names.GetValueOrDefault(e.AuthorId), e.AtUtc,
                e.ArticleId, e.ArticleRevision, e.CaseId == found.Id ? null : ServiceCase.NumberOf(e.CaseId), e.VerificationCode,
                emailed.TryGetValue(e.Id, out var delivery) ? delivery : (EmailDelivery?)null))],
            Sla.CaseSla.Describe(found, clock.GetUtcNow().UtcDateTime),
            await LinksAsync(db, found.Id, cancellationToken),
            found.ReopenCount,
            found.Version);
    }

    /// <summary>The queues the case list filters by, active ones by name (SalesReps filter by none).</summary>
    public async Task<IReadOnlyList<(long Id, string Name)>> QueueChoicesAsync(CancellationToken cancellationToken = default)
    {
        CaseAccess.EnsureWork(currentUser);
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var queues = await db.Set<ServiceQueue>().AsNoTracking().Where(q => q.IsActive).OrderBy(q => q.Name)
            .Select(q => new { q.Id, q.Name }).ToListAsync(cancellationToken);
        return [.. queues.Select(q => (q.Id, q.Name))];
    }

    /// <summary>Why the signed-in user may read but not work case <paramref name="id"/>: null when they may work it.</summary>
    public async Task<string?> WorkRefusalAsync(long id, CancellationToken cancellationToken = default)
    {
        CaseAccess.EnsureRead(currentUser);
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var found = await db.Set<ServiceCase>().AsNoTracking().SingleOrDefaultAsync(c => c.Id == id, cancellationToken)
            ?? throw new NotFoundException($"No case with id {id}.");
        return await CaseAccess.WorkRefusalAsync(db, currentUser, found, cancellationToken);
    }

    /// <summary>The cases linked to case <paramref name="id"/>, both the links it starts and those that name it, oldest first.</summary>
    private static async Task<List<CaseLinkDto>> LinksAsync(CrmDbContext db, long id, CancellationToken cancellationToken)
    {
        var links = await db.Set<CaseLink>().AsNoTracking().Where(l => l.CaseId == id || l.LinkedCaseId == id)
            .OrderBy(l => l.AtUtc).ThenBy(l => l.Id).ToListAsync(cancellationToken);
        if (links.Count == 0)
        {
            return [];
        }

        var otherIds = links.Select(l => l.CaseId == id ? l.LinkedCaseId : l.CaseId).Distinct().ToList();
        var others = await db.Set<ServiceCase>().AsNoTracking().Where(c => otherIds.Contains(c.Id))
            .Select(c => new { c.Id, c.Subject, c.Status }).ToDictionaryAsync(c => c.Id, cancellationToken);
        return [.. links.Select(l =>
        {
            var outgoing = l.CaseId == id;
            var other = others[outgoing ? l.LinkedCaseId : l.CaseId];
            return new CaseLinkDto(CaseLink.Relation(l.Kind, outgoing), other.Id, ServiceCase.NumberOf(other.Id), other.Subject, other.Status, l.AtUtc);
        })];
    }

    /// <summary>The cases merged into case <paramref name="id"/>, directly or through a case merged into it in turn.</summary>
    private static async Task<List<long>> MergedIntoAsync(CrmDbContext db, long id, CancellationToken cancellationToken)
    {
        var found = new List<long>();
        var frontier = new List<long> { id };
        // A merge closes the merged case and a closed case cannot be a target, so the chain is short and has no cycle.
        while (frontier.Count > 0 && found.Count < 1000)
        {
            var next = await db.Set<CaseLink>().AsNoTracking()
                .Where(l => l.Kind == CaseLinkKind.Merge && frontier.Contains(l.LinkedCaseId))
                .Select(l => l.CaseId).ToListAsync(cancellationToken);
            frontier = [.. next.Where(c => c != id && !found.Contains(c))];
            found.AddRange(frontier);
        }

        return found;
    }

    public async Task<PagedResult<CaseListItem>> ListAsync(CaseListQuery query, CancellationToken cancellationToken = default)
    {
        CaseAccess.EnsureRead(currentUser);
        var pageSize = Math.Clamp(query.PageSize, 1, MaxPageSize);
        var page = Math.Max(0, query.Page);
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var cases = db.Set<ServiceCase>().AsNoTracking();
        if (CaseAccess.ScopeOwner(currentUser) is { } rep)
        {
            var mine = await customers.IdsOwnedByAsync(rep, cancellationToken);
            cases = cases.Where(c => mine.Contains(c.CustomerId));
        }

        cases = await FilterAsync(db, cases, query, cancellationToken);
        var total = await cases.CountAsync(cancellationToken);
        cases = (query.Sort, query.Descending) switch
        {
            (CaseSort.Opened, false) => cases.OrderBy(c => c.OpenedAtUtc).ThenBy(c => c.Id),
            (CaseSort.Opened, true) => cases.OrderByDescending(c => c.OpenedAtUtc).ThenByDescending(c => c.Id),
            (CaseSort.Number, false) => cases.OrderBy(c => c.Id),
            (CaseSort.Number, true) => cases.OrderByDescending(c => c.Id),
            // Priorities are stored by name: Urgent, High, Normal, Low in the order of the enum.
            (CaseSort.Priority, false) => cases.OrderBy(c => c.Priority == CasePriority.Low ? 0 : c.Priority == CasePriority.Normal ? 1 : c.Priority == CasePriority.High ? 2 : 3)
                .ThenBy(c => c.LastActivityAtUtc).ThenBy(c => c.Id),
            (CaseSort.Priority, true) => cases.OrderByDescending(c => c.Priority == CasePriority.Low ? 0 : c.Priority == CasePriority.Normal ? 1 : c.Priority == CasePriority.High ? 2 : 3)
                .ThenByDescending(c => c.LastActivityAtUtc).ThenByDescending(c => c.Id),
            (_, false) => cases.OrderBy(c => c.LastActivityAtUtc).ThenBy(c => c.Id),
            _ => cases.OrderByDescending(c => c.LastActivityAtUtc).ThenByDescending(c => c.Id),
        };
        // The page's ids first: sorting the index entries of a large queue is cheap, sorting its whole rows is not.
        var ids = await cases.Skip(Paging.Offset(page, pageSize)).Take(pageSize).Select(c => c.Id).ToListAsync(cancellationToken);
        var byId = await db.Set<ServiceCase>().AsNoTracking().Where(c => ids.Contains(c.Id)).ToDictionaryAsync(c => c.Id, cancellationToken);
        var rows = ids.Select(id => byId[id]).ToList();
        var customerNames = await customers.DisplayNamesAsync(rows.Select(c => c.CustomerId).Distinct(), cancellationToken);
        var ownerNames = await users.NamesAsync(rows.Select(c => c.OwnerId).Distinct(), cancellationToken);
        var queueIds = rows.Where(c => c.QueueId != null).Select(c => c.QueueId!.Value).Distinct().ToList();
        var queueNames = await db.Set<ServiceQueue>().Where(q => queueIds.Contains(q.Id)).ToDictionaryAsync(q => q.Id, q => q.Name, cancellationToken);
        var items = rows.Select(c => new CaseListItem(c.Id, c.Number, c.CustomerId, customerNames.GetValueOrDefault(c.CustomerId), c.Subject,
            c.Channel, c.Priority, c.Status, c.OwnerId, c.OwnerId is null ? null : ownerNames.GetValueOrDefault(c.OwnerId),
            c.QueueId, c.QueueId is { } q ? queueNames.GetValueOrDefault(q) : null, c.OpenedAtUtc,
            c.LastActivityAtUtc, c.SlaState, SlaDue(c))).ToList();
        return new PagedResult<CaseListItem>(items, total, page, pageSize);
    }

    /// <summary>The deadline the case works against (<see cref="ServiceCase.SlaDueAtUtc"/>); none once it is resolved.</summary>
    private static DateTime? SlaDue(ServiceCase c) =>
        c.Status is CaseStatus.Resolved or CaseStatus.Closed ? null : c.SlaDueAtUtc;

    private async Task<IQueryable<ServiceCase>> FilterAsync(CrmDbContext db, IQueryable<ServiceCase> cases, CaseListQuery query, CancellationToken cancellationToken)
    {
        if (query.Statuses.Count > 0)
        {
            var statuses = query.Statuses.Distinct().ToList();
            cases = cases.Where(c => statuses.Contains(c.Status));
        }

        if (query.OpenOnly)
        {
            // An equality on the stored flag (a parameter, not a bare column) lets SQLite lead with the lists' indexes.
            var open = true;
            cases = cases.Where(c => c.IsOpen == open);
        }

        if (query.SlaStates.Count > 0)
        {
            var slaStates = query.SlaStates.Distinct().ToList();
            cases = cases.Where(c => slaStates.Contains(c.SlaState));
        }

        if (query.Priority is { } priority)
        {
            cases = cases.Where(c => c.Priority == priority);
        }

        if (query.QueueId is { } queue)
        {
            cases = cases.Where(c => c.QueueId == queue);
        }

        if (query.MyQueues)
        {
            var me = currentUser.ActorId;
            var mine = db.Set<QueueMember>().Where(m => m.AgentId == me).Select(m => (long?)m.QueueId);
            cases = cases.Where(c => mine.Contains(c.QueueId));
        }

        if (query.Unassigned)
        {
            cases = cases.Where(c => c.OwnerId == null);
        }
        else if (Trimmed.OrNull(query.OwnerId) is { } owner)
        {
            cases = cases.Where(c => c.OwnerId == owner);
        }

        if (query.CustomerId is { } customerId)
        {
            cases = cases.Where(c => c.CustomerId == customerId);
        }

        if (query.Channel is { } channel)
        {
            cases = cases.Where(c => c.Channel == channel);
        }

        if (query.OpenedFromUtc is { } from)
        {
            cases = cases.Where(c => c.OpenedAtUtc >= from);
        }

        if (query.OpenedToUtc is { } to)
        {
            cases = cases.Where(c => c.OpenedAtUtc < to);
        }

        if (Trimmed.OrNull(query.Search) is { } search)
        {
            var number = ServiceCase.IdOf(search);
            var pattern = "%" + search.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal)
                .Replace("_", "\\_", StringComparison.Ordinal) + "%";
            var customerIds = (await customers.SearchAsync(search, CustomerSearchLimit, cancellationToken)).Select(c => c.Id).ToList();
            cases = cases.Where(c => c.Id == number || EF.Functions.Like(c.Subject, pattern, "\\") || customerIds.Contains(c.CustomerId));
        }

        return cases;
    }
}
