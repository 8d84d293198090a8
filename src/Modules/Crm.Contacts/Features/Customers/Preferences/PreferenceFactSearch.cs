using Crm.Contacts.Contracts;
using Crm.Contacts.Domain;
using Crm.Contacts.Features.Shared;
using Crm.Kernel.Data;
using Crm.Kernel.Identity;
using Microsoft.EntityFrameworkCore;

namespace Crm.Contacts.Features.Customers.Preferences;

/// <summary>The <see cref="IPreferenceFactSearch"/> contract: one SQL query over the facts, distinct customer ids.</summary>
internal sealed class PreferenceFactSearch(IDbContextFactory<CrmDbContext> contextFactory, ICurrentUser currentUser) : IPreferenceFactSearch
{
    public async Task<IReadOnlyList<long>> CustomersWithAsync(
        PreferenceCategory? category, string? containing, CancellationToken cancellationToken = default)
    {
        ContactsAccess.EnsureRead(currentUser);
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var facts = db.Set<PreferenceFact>().AsNoTracking();
        if (category is { } wanted)
        {
            facts = facts.Where(f => f.Category == wanted);
        }

        if (!string.IsNullOrWhiteSpace(containing))
        {
            // Upper-cased on both sides: case-insensitive on SQLite (whose LIKE folds ASCII only) and on SQL Server alike.
            var text = containing.Trim().ToUpperInvariant();
            facts = facts.Where(f => f.Value.ToUpper().Contains(text));
        }

        return await facts.Select(f => f.CustomerId).Distinct().OrderBy(id => id).ToListAsync(cancellationToken);
    }
}
