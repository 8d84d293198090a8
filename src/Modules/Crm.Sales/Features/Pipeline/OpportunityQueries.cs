using Crm.Contacts.Contracts;
using Crm.Kernel.Data;
using Crm.Kernel.Errors;
using Crm.Kernel.Identity;
using Crm.Kernel;
using Crm.Sales.Contracts;
using Crm.Sales.Domain;
using Microsoft.EntityFrameworkCore;

namespace Crm.Sales.Features.Pipeline;

/// <summary>What the opportunity list asks for: stage, owner (Managers), expected close range, search, sort and page.</summary>
internal sealed record OpportunityListQuery
{
    public int? StageId { get; init; }

    public string? OwnerId { get; init; }

    public DateOnly? CloseFrom { get; init; }

    public DateOnly? CloseTo { get; init; }

    public string? Search { get; init; }

    public long? CustomerId { get; init; }

    public OpportunitySort Sort { get; init; } = OpportunitySort.CloseDate;

    public bool Descending { get; init; }

    public int Page { get; init; }

    public int PageSize { get; init; } = 25;
}

/// <summary>
/// Reads the pipeline: a SalesRep sees their own opportunities, Managers and Admins everyone's (optionally one owner's).
/// Counts, totals and the forecast are aggregated in SQL over the stored (weighted) amounts.
/// </summary>
internal sealed class OpportunityQueries(
    IDbContextFactory<CrmDbContext> contextFactory, ICurrentUser currentUser, ICustomerDirectory directory, UserDirectory users)
{
    public const int MaxPageSize = 200;

    public async Task<IReadOnlyList<PipelineStageDto>> StagesAsync(bool includeInactive, CancellationToken cancellationToken = default)
    {
        PipelineAccess.EnsureUse(currentUser);
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var stages = await db.Set<PipelineStage>().AsNoTracking().OrderBy(s => s.Position).ThenBy(s => s.Id).ToListAsync(cancellationToken);
        return [.. stages.Where(s => includeInactive || s.IsActive).Select(ToDto)];
    }

    public async Task<OpportunityDetails> GetAsync(long id, CancellationToken cancellationToken = default)
    {
        PipelineAccess.EnsureUse(currentUser);
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var o = await db.Set<Opportunity>().AsNoTracking().Include(x => x.Products).SingleOrDefaultAsync(x => x.Id == id, cancellationToken)
            ?? throw new NotFoundException($"No opportunity with id {id}.");
        PipelineAccess.EnsureEdit(currentUser, o.OwnerId, "opportunity");
        var stage = await db.Set<PipelineStage>().AsNoTracking().SingleAsync(s => s.Id == o.StageId, cancellationToken);
        var productIds = o.Products.Select(p => p.ProductId).Distinct().ToList();
        var products = await db.Set<Product>().AsNoTracking().Where(p => productIds.Contains(p.Id))
            .ToDictionaryAsync(p => p.Id, p => (p.Code, p.Name), cancellationToken);
        var customer = await directory.FindAsync(o.CustomerId, cancellationToken);
        var owners = await users.NamesAsync([o.OwnerId], cancellationToken);
        return new OpportunityDetails(o.Id, o.Name, o.CustomerId, customer?.DisplayName, o.StageId, stage.Name, stage.Kind, o.Amount, o.WeightedAmount,
            o.ExpectedCloseDate, o.Probability, o.OwnerId, owners.GetValueOrDefault(o.OwnerId), o.CloseReason, o.ClosedAtUtc, o.LeadId, o.Notes,
            [.. o.Products.OrderBy(p => p.Id).Select(p => new OpportunityProductDto(p.ProductId, products.GetValueOrDefault(p.ProductId).Code ?? "",
                products.GetValueOrDefault(p.ProductId).Name ?? "", p.Quantity, p.UnitPrice, OpportunityMath.LineAmount(p.Quantity, p.UnitPrice)))],
            o.CreatedAtUtc, o.ModifiedAtUtc, o.Version);
    }

    public async Task<PagedResult<OpportunityListItem>> ListAsync(OpportunityListQuery query, CancellationToken cancellationToken = default)
    {
        PipelineAccess.EnsureUse(currentUser);
        var pageSize = Math.Clamp(query.PageSize, 1, MaxPageSize);
        var page = Math.Max(0, query.Page);
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var opportunities = Scoped(db, query.OwnerId);
        if (query.StageId is { } stageId)
        {
            opportunities = opportunities.Where(o => o.StageId == stageId);
        }

        if (query.CustomerId is { } customerId)
        {
            opportunities = opportunities.Where(o => o.CustomerId == customerId);
        }

        if (query.CloseFrom is { } from)
        {
            opportunities = opportunities.Where(o => o.ExpectedCloseDate >= from);
        }

        if (query.CloseTo is { } to)
        {
            opportunities = opportunities.Where(o => o.ExpectedCloseDate <= to);
        }

        if (!string.IsNullOrWhiteSpace(query.Search))
        {
            var pattern = "%" + query.Search.Trim().Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal)
                .Replace("_", "\\_", StringComparison.Ordinal) + "%";
            opportunities = opportunities.Where(o => EF.Functions.Like(o.Name, pattern, "\\"));
        }

        var total = await opportunities.CountAsync(cancellationToken);
        var stages = db.Set<PipelineStage>();
        opportunities = (query.Sort, query.Descending) switch
        {
            (OpportunitySort.Amount, false) => opportunities.OrderBy(o => o.Amount).ThenBy(o => o.Id),
            (OpportunitySort.Amount, true) => opportunities.OrderByDescending(o => o.Amount).ThenByDescending(o => o.Id),
            (OpportunitySort.Name, false) => opportunities.OrderBy(o => o.Name).ThenBy(o => o.Id),
            (OpportunitySort.Name, true) => opportunities.OrderByDescending(o => o.Name).ThenByDescending(o => o.Id),
            (OpportunitySort.Stage, false) => opportunities.OrderBy(o => stages.Where(s => s.Id == o.StageId).Select(s => s.Position).FirstOrDefault()).ThenBy(o => o.Id),
            (OpportunitySort.Stage, true) => opportunities.OrderByDescending(o => stages.Where(s => s.Id == o.StageId).Select(s => s.Position).FirstOrDefault()).ThenByDescending(o => o.Id),
            (OpportunitySort.Created, false) => opportunities.OrderBy(o => o.CreatedAtUtc).ThenBy(o => o.Id),
            (OpportunitySort.Created, true) => opportunities.OrderByDescending(o => o.CreatedAtUtc).ThenByDescending(o => o.Id),
            (_, false) => opportunities.OrderBy(o => o.ExpectedCloseDate).ThenBy(o => o.Id),
            _ => opportunities.OrderByDescending(o => o.ExpectedCloseDate).ThenByDescending(o => o.Id),
        };
        var rows = await opportunities.Skip(Paging.Offset(page, pageSize)).Take(pageSize).ToListAsync(cancellationToken);
        return new PagedResult<OpportunityListItem>(await ItemsAsync(db, rows, cancellationToken), total, page, pageSize);
    }

    /// <summary>
    /// The board: one column per active stage with the count, total and weighted amount of all its opportunities
    /// (aggregated in SQL) and up to <paramref name="cardsPerStage"/> cards (open: soonest close first; closed: latest first).
    /// </summary>
    public async Task<IReadOnlyList<BoardColumn>> BoardAsync(string? ownerId, int cardsPerStage = 50, CancellationToken cancellationToken = default)
    {
        PipelineAccess.EnsureUse(currentUser);
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var active = true;
        var stages = await db.Set<PipelineStage>().AsNoTracking().Where(s => s.IsActive == active).OrderBy(s => s.Position).ToListAsync(cancellationToken);
        var opportunities = Scoped(db, ownerId);
        var totals = await opportunities.GroupBy(o => o.StageId)
            .Select(g => new { StageId = g.Key, Count = g.Count(), Total = g.Sum(o => o.Amount), Weighted = g.Sum(o => o.WeightedAmount) })
            .ToDictionaryAsync(g => g.StageId, cancellationToken);
        var rows = new List<Opportunity>();
        foreach (var stage in stages)
        {
            var inStage = opportunities.Where(o => o.StageId == stage.Id);
            rows.AddRange(await (stage.Kind == StageKind.Open
                    ? inStage.OrderBy(o => o.ExpectedCloseDate).ThenBy(o => o.Id)
                    : inStage.OrderByDescending(o => o.ClosedAtUtc).ThenByDescending(o => o.Id))
                .Take(cardsPerStage).ToListAsync(cancellationToken));
        }

        // One look-up of names for all cards (a customer on several cards is looked up once).
        var cards = (await ItemsAsync(db, rows, cancellationToken)).ToLookup(c => c.StageId);
        return [.. stages.Select(stage =>
        {
            var sums = totals.GetValueOrDefault(stage.Id);
            return new BoardColumn(ToDto(stage), sums?.Count ?? 0, sums?.Total ?? 0, sums?.Weighted ?? 0, [.. cards[stage.Id]]);
        })];
    }

    /// <summary>
    /// Weighted amount of the open opportunities by expected-close month, and the amount won by the month it was won in
    /// (both summed in SQL), months in order. Optional range: <paramref name="from"/> to <paramref name="to"/> inclusive.
    /// </summary>
    public async Task<IReadOnlyList<ForecastMonth>> ForecastAsync(string? ownerId, DateOnly? from = null, DateOnly? to = null, CancellationToken cancellationToken = default)
    {
        PipelineAccess.EnsureUse(currentUser);
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var stages = await db.Set<PipelineStage>().AsNoTracking().Select(s => new { s.Id, s.Kind }).ToListAsync(cancellationToken);
        var openIds = stages.Where(s => s.Kind == StageKind.Open).Select(s => s.Id).ToList();
        var wonIds = stages.Where(s => s.Kind == StageKind.Won).Select(s => s.Id).ToList();
        var scoped = Scoped(db, ownerId);

        var open = scoped.Where(o => openIds.Contains(o.StageId));
        var won = scoped.Where(o => wonIds.Contains(o.StageId) && o.ClosedAtUtc != null);
        if (from is { } start)
        {
            var startUtc = start.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
            open = open.Where(o => o.ExpectedCloseDate >= start);
            won = won.Where(o => o.ClosedAtUtc >= startUtc);
        }

        if (to is { } end)
        {
            var endUtc = end.AddDays(1).ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
            open = open.Where(o => o.ExpectedCloseDate <= end);
            won = won.Where(o => o.ClosedAtUtc < endUtc);
        }

        var openByMonth = await open.GroupBy(o => new { o.ExpectedCloseDate.Year, o.ExpectedCloseDate.Month })
            .Select(g => new { g.Key.Year, g.Key.Month, Count = g.Count(), Amount = g.Sum(o => o.Amount), Weighted = g.Sum(o => o.WeightedAmount) })
            .ToListAsync(cancellationToken);
        var wonByMonth = await won.GroupBy(o => new { o.ClosedAtUtc!.Value.Year, o.ClosedAtUtc.Value.Month })
            .Select(g => new { g.Key.Year, g.Key.Month, Count = g.Count(), Amount = g.Sum(o => o.Amount) })
            .ToListAsync(cancellationToken);

        return [.. openByMonth.Select(m => (m.Year, m.Month)).Union(wonByMonth.Select(m => (m.Year, m.Month))).Order()
            .Select(key =>
            {
                var o = openByMonth.FirstOrDefault(m => m.Year == key.Year && m.Month == key.Month);
                var w = wonByMonth.FirstOrDefault(m => m.Year == key.Year && m.Month == key.Month);
                return new ForecastMonth(key.Year, key.Month, o?.Count ?? 0, o?.Amount ?? 0, o?.Weighted ?? 0, w?.Count ?? 0, w?.Amount ?? 0);
            })];
    }

    /// <summary>Active products whose code or name starts with / contains <paramref name="term"/>, for the product picker.</summary>
    public async Task<IReadOnlyList<OpportunityProductPick>> SearchProductsAsync(string term, int limit, CancellationToken cancellationToken = default)
    {
        PipelineAccess.EnsureUse(currentUser);
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var key = Shared.SalesText.SearchKey(term).Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal)
            .Replace("_", "\\_", StringComparison.Ordinal);
        var active = true;
        return await db.Set<Product>().AsNoTracking()
            .Where(p => p.IsActive == active && (EF.Functions.Like(p.SearchName, "%" + key + "%", "\\") || EF.Functions.Like(p.Code, key + "%", "\\")))
            .OrderBy(p => p.SearchName).Take(Math.Clamp(limit, 1, 50))
            .Select(p => new OpportunityProductPick(p.Id, p.Code, p.Name, p.ListPrice)).ToListAsync(cancellationToken);
    }

    /// <summary>A rep's own opportunities; for Managers and Admins everyone's, or <paramref name="ownerId"/>'s when given.</summary>
    private IQueryable<Opportunity> Scoped(CrmDbContext db, string? ownerId)
    {
        var owner = PipelineAccess.ScopeOwner(currentUser) ?? (string.IsNullOrWhiteSpace(ownerId) ? null : ownerId);
        var opportunities = db.Set<Opportunity>().AsNoTracking();
        return owner is null ? opportunities : opportunities.Where(o => o.OwnerId == owner);
    }

    private async Task<IReadOnlyList<OpportunityListItem>> ItemsAsync(CrmDbContext db, IReadOnlyList<Opportunity> rows, CancellationToken cancellationToken)
    {
        if (rows.Count == 0)
        {
            return [];
        }

        var stages = await db.Set<PipelineStage>().AsNoTracking().ToDictionaryAsync(s => s.Id, cancellationToken);
        var owners = await users.NamesAsync(rows.Select(r => r.OwnerId), cancellationToken);
        var customers = await directory.DisplayNamesAsync(rows.Select(r => r.CustomerId), cancellationToken);

        return [.. rows.Select(o => new OpportunityListItem(o.Id, o.Name, o.CustomerId, customers.GetValueOrDefault(o.CustomerId), o.StageId, stages[o.StageId].Name,
            stages[o.StageId].Kind, o.Amount, o.WeightedAmount, o.ExpectedCloseDate, o.Probability, o.OwnerId, owners.GetValueOrDefault(o.OwnerId), o.Version))];
    }

    private static PipelineStageDto ToDto(PipelineStage s) => new(s.Id, s.Name, s.Position, s.Probability, s.Kind, s.IsActive);
}

/// <summary>A product as the opportunity form's picker shows it.</summary>
internal sealed record OpportunityProductPick(long Id, string Code, string Name, decimal ListPrice);
