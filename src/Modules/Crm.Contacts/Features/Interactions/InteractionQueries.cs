using Crm.Contacts.Contracts;
using Crm.Contacts.Domain;
using Crm.Contacts.Features.Shared;
using Crm.Kernel;
using Crm.Kernel.Data;
using Crm.Kernel.Errors;
using Crm.Kernel.Identity;
using Microsoft.EntityFrameworkCore;

namespace Crm.Contacts.Features.Interactions;

/// <summary>The timeline: a customer's interactions newest first, filtered by channel and type, one page at a time.</summary>
internal sealed class InteractionQueries(IDbContextFactory<CrmDbContext> contextFactory, ICurrentUser currentUser)
{
    public async Task<PagedResult<InteractionDto>> TimelineAsync(
        long customerId, Channel? channel, InteractionType? type, int page, int pageSize, CancellationToken cancellationToken = default)
    {
        ContactsAccess.EnsureRead(currentUser);
        pageSize = Math.Clamp(pageSize, 1, 200);
        page = Math.Max(0, page);
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var interactions = await VisibleInteractionsAsync(db, customerId, cancellationToken);
        if (channel is { } c)
        {
            interactions = interactions.Where(i => i.Channel == c);
        }

        if (type is { } t)
        {
            interactions = interactions.Where(i => i.Type == t);
        }

        var total = await interactions.CountAsync(cancellationToken);
        var items = await interactions.OrderByDescending(i => i.OccurredAtUtc).ThenByDescending(i => i.Id)
            .Skip(Paging.Offset(page, pageSize)).Take(pageSize)
            .Select(ToDto)
            .ToListAsync(cancellationToken);
        return new PagedResult<InteractionDto>(items, total, page, pageSize);
    }

    public async Task<InteractionDto> GetAsync(long customerId, long interactionId, CancellationToken cancellationToken = default)
    {
        ContactsAccess.EnsureRead(currentUser);
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var interactions = await VisibleInteractionsAsync(db, customerId, cancellationToken);
        return await interactions.Where(i => i.Id == interactionId).Select(ToDto).SingleOrDefaultAsync(cancellationToken)
            ?? throw new NotFoundException($"Customer {customerId} has no interaction {interactionId}.");
    }

    /// <summary>
    /// The customer's interactions the current user may read: all of them, except the case entries (the service history)
    /// for a SalesRep who does not own the customer (<see cref="ContactsAccess.SeesServiceHistory"/>).
    /// </summary>
    private async Task<IQueryable<Interaction>> VisibleInteractionsAsync(CrmDbContext db, long customerId, CancellationToken cancellationToken)
    {
        var customer = await db.Set<Customer>().Where(c => c.Id == customerId).Select(c => new { c.OwnerId }).SingleOrDefaultAsync(cancellationToken)
            ?? throw new NotFoundException($"No customer with id {customerId}.");
        var interactions = db.Set<Interaction>().AsNoTracking().Where(i => i.CustomerId == customerId);
        if (!ContactsAccess.SeesServiceHistory(currentUser, customer.OwnerId))
        {
            var caseEntry = InteractionType.Case;
            interactions = interactions.Where(i => i.Type != caseEntry);
        }

        return interactions;
    }

    private static readonly System.Linq.Expressions.Expression<Func<Interaction, InteractionDto>> ToDto = i =>
        new InteractionDto(i.Id, i.CustomerId, i.Channel, i.Direction, i.Type, i.OccurredAtUtc, i.DurationSeconds, i.Subject, i.Notes,
            i.Outcome, i.HandledBy, i.OrderId, i.CaseId, i.CampaignId, i.Version, i.VerificationCode);
}
