using Crm.Kernel.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;

namespace Crm.Kernel.Data;

/// <summary>
/// The scope's <see cref="IDbContextFactory{TContext}"/>: hands out pooled contexts, each leased to the scope's user so
/// the audit columns name who saved. Disposing a context returns it to the pool.
/// </summary>
internal sealed class CrmDbContextFactory(PooledDbContextFactory<CrmDbContext> pooled, ICurrentUser currentUser) : IDbContextFactory<CrmDbContext>
{
    public CrmDbContext CreateDbContext() => Lease(pooled.CreateDbContext());

    public async Task<CrmDbContext> CreateDbContextAsync(CancellationToken cancellationToken = default) =>
        Lease(await pooled.CreateDbContextAsync(cancellationToken));

    private CrmDbContext Lease(CrmDbContext context)
    {
        context.Lease(currentUser);
        return context;
    }
}
