using Crm.Contacts.Contracts;
using Crm.Contacts.Domain;
using Crm.Contacts.Features.Shared;
using Crm.Kernel.Data;
using Crm.Kernel.Errors;
using Crm.Kernel.Identity;
using Microsoft.EntityFrameworkCore;

namespace Crm.Contacts.Features.Customers.Preferences;

/// <summary>Reads a customer's remembered facts (every signed-in role may): by category, newest learnt first within one.</summary>
internal sealed class PreferenceFactQueries(IDbContextFactory<CrmDbContext> contextFactory, ICurrentUser currentUser, UserDirectory users)
{
    public async Task<IReadOnlyList<PreferenceFactDto>> ListAsync(long customerId, CancellationToken cancellationToken = default)
    {
        ContactsAccess.EnsureRead(currentUser);
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        if (!await db.Set<Customer>().AnyAsync(c => c.Id == customerId, cancellationToken))
        {
            throw new NotFoundException($"No customer with id {customerId}.");
        }

        var facts = await ForCustomerAsync(db, customerId, cancellationToken);
        return await ToDtosAsync(facts, cancellationToken);
    }

    public async Task<PreferenceFactDto> GetAsync(long customerId, long factId, CancellationToken cancellationToken = default)
    {
        ContactsAccess.EnsureRead(currentUser);
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var fact = await db.Set<PreferenceFact>().AsNoTracking().SingleOrDefaultAsync(f => f.Id == factId && f.CustomerId == customerId, cancellationToken)
            ?? throw new NotFoundException($"Customer {customerId} has no remembered fact {factId}.");
        return (await ToDtosAsync([fact], cancellationToken))[0];
    }

    /// <summary>The facts of one customer in display order, read in the caller's context (the directory's contract read uses it too).</summary>
    public static async Task<List<PreferenceFact>> ForCustomerAsync(CrmDbContext db, long customerId, CancellationToken cancellationToken)
    {
        var facts = await db.Set<PreferenceFact>().AsNoTracking().Where(f => f.CustomerId == customerId).ToListAsync(cancellationToken);
        return [.. facts.OrderBy(f => f.Category).ThenByDescending(f => f.NotedOn).ThenByDescending(f => f.Id)];
    }

    public async Task<IReadOnlyList<PreferenceFactDto>> ToDtosAsync(IReadOnlyList<PreferenceFact> facts, CancellationToken cancellationToken)
    {
        var names = await users.NamesAsync(facts.Select(f => f.CreatedBy), cancellationToken);
        return [.. facts.Select(f => new PreferenceFactDto(
            f.Id, f.CustomerId, f.Category, f.Value, f.Source, f.NotedOn, f.CreatedBy, names.GetValueOrDefault(f.CreatedBy, f.CreatedBy),
            f.CreatedAtUtc, f.Version))];
    }
}
