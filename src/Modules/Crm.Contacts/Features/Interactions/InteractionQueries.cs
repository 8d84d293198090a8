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
        if (!await db.Set<Customer>().AnyAsync(c => c.Id == customerId, cancellationToken))
        {
            throw new NotFoundException($"No customer with id {customerId}.");
        }

        var interactions = db.Set<Interaction>().AsNoTracking().Where(i => i.CustomerId == customerId);
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
        return await db.Set<Interaction>().AsNoTracking().Where(i => i.Id == interactionId && i.CustomerId == customerId)
            .Select(ToDto).SingleOrDefaultAsync(cancellationToken)
            ?? throw new NotFoundException($"Customer {customerId} has no interaction {interactionId}.");
    }

    private static readonly System.Linq.Expressions.Expression<Func<Interaction, InteractionDto>> ToDto = i =>
        new InteractionDto(i.Id, i.CustomerId, i.Channel, i.Direction, i.Type, i.OccurredAtUtc, i.DurationSeconds, i.Subject, i.Notes,
            i.Outcome, i.HandledBy, i.OrderId, i.CaseId, i.CampaignId, i.Version);
}
