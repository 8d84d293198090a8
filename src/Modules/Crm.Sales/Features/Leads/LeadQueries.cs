using Crm.Contacts.Contracts;
using Crm.Kernel.Data;
using Crm.Kernel.Errors;
using Crm.Kernel.Identity;
using Crm.Kernel;
using Crm.Sales.Contracts;
using Crm.Sales.Domain;
using Crm.Sales.Features.Pipeline;
using Microsoft.EntityFrameworkCore;

namespace Crm.Sales.Features.Leads;

/// <summary>What the lead list asks for: search (name, company, email), status, owner, sort and page.</summary>
internal sealed record LeadListQuery
{
    public string? Search { get; init; }

    public LeadStatus? Status { get; init; }

    public string? OwnerId { get; init; }

    public LeadSort Sort { get; init; } = LeadSort.Created;

    public bool Descending { get; init; } = true;

    public int Page { get; init; }

    public int PageSize { get; init; } = 25;
}

/// <summary>Reads leads: a SalesRep sees the leads assigned to them, Managers and Admins all of them.</summary>
internal sealed class LeadQueries(IDbContextFactory<CrmDbContext> contextFactory, ICurrentUser currentUser, UserDirectory users)
{
    public const int MaxPageSize = 200;

    public async Task<LeadDetails> GetAsync(long id, CancellationToken cancellationToken = default)
    {
        LeadAccess.EnsureUse(currentUser);
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var lead = await db.Set<Lead>().AsNoTracking().SingleOrDefaultAsync(l => l.Id == id, cancellationToken)
            ?? throw new NotFoundException($"No lead with id {id}.");
        LeadAccess.EnsureEdit(currentUser, lead);
        var names = await users.NamesAsync([lead.OwnerId], cancellationToken);
        return new LeadDetails(lead.Id, LeadStore.NameOf(lead), lead.FirstName, lead.LastName, lead.CompanyName, lead.Email, lead.Phone,
            lead.Source, lead.Message, lead.Status, lead.OwnerId, lead.OwnerId is null ? null : names.GetValueOrDefault(lead.OwnerId),
            lead.AssignedAtUtc, lead.DisqualifyReason, lead.ConvertedCustomerId, lead.ConvertedOpportunityId, lead.ConvertedAtUtc,
            lead.CreatedAtUtc, lead.ModifiedAtUtc, lead.Version);
    }

    public async Task<PagedResult<LeadListItem>> ListAsync(LeadListQuery query, CancellationToken cancellationToken = default)
    {
        LeadAccess.EnsureUse(currentUser);
        var pageSize = Math.Clamp(query.PageSize, 1, MaxPageSize);
        var page = Math.Max(0, query.Page);
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var leads = db.Set<Lead>().AsNoTracking();
        var owner = PipelineAccess.ScopeOwner(currentUser) ?? (string.IsNullOrWhiteSpace(query.OwnerId) ? null : query.OwnerId);
        if (owner is not null)
        {
            leads = leads.Where(l => l.OwnerId == owner);
        }

        if (query.Status is { } status)
        {
            leads = leads.Where(l => l.Status == status);
        }

        if (!string.IsNullOrWhiteSpace(query.Search))
        {
            var pattern = "%" + query.Search.Trim().Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal)
                .Replace("_", "\\_", StringComparison.Ordinal) + "%";
            leads = leads.Where(l => EF.Functions.Like(l.LastName, pattern, "\\") || EF.Functions.Like(l.FirstName, pattern, "\\")
                || EF.Functions.Like(l.CompanyName, pattern, "\\") || EF.Functions.Like(l.Email, pattern, "\\"));
        }

        var total = await leads.CountAsync(cancellationToken);
        leads = (query.Sort, query.Descending) switch
        {
            (LeadSort.Name, false) => leads.OrderBy(l => l.LastName).ThenBy(l => l.FirstName).ThenBy(l => l.Id),
            (LeadSort.Name, true) => leads.OrderByDescending(l => l.LastName).ThenByDescending(l => l.FirstName).ThenByDescending(l => l.Id),
            (LeadSort.Status, false) => leads.OrderBy(l => l.Status).ThenByDescending(l => l.CreatedAtUtc).ThenByDescending(l => l.Id),
            (LeadSort.Status, true) => leads.OrderByDescending(l => l.Status).ThenByDescending(l => l.CreatedAtUtc).ThenByDescending(l => l.Id),
            (_, false) => leads.OrderBy(l => l.CreatedAtUtc).ThenBy(l => l.Id),
            _ => leads.OrderByDescending(l => l.CreatedAtUtc).ThenByDescending(l => l.Id),
        };
        var rows = await leads.Skip(Paging.Offset(page, pageSize)).Take(pageSize).ToListAsync(cancellationToken);
        var items = rows.Select(l => new LeadListItem(l.Id, LeadStore.NameOf(l), l.CompanyName, l.Email, l.Phone, l.Source, l.Status,
            l.OwnerId, l.CreatedAtUtc)).ToList();
        return new PagedResult<LeadListItem>(items, total, page, pageSize);
    }
}
