using Crm.Kernel.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.Analytics.Features.Shared;

/// <summary>
/// A context for singletons (background jobs, caches): the context factory is scoped (its interceptors need the scope's
/// user), so each use opens a scope of its own. Dispose the result: it disposes the context, then the scope.
/// </summary>
internal sealed class SystemDb : IAsyncDisposable
{
    private readonly AsyncServiceScope scope;

    private SystemDb(AsyncServiceScope scope, CrmDbContext context)
    {
        this.scope = scope;
        Context = context;
    }

    public CrmDbContext Context { get; }

    public static async Task<SystemDb> OpenAsync(IServiceScopeFactory scopeFactory, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(scopeFactory);
        var scope = scopeFactory.CreateAsyncScope();
        try
        {
            var context = await scope.ServiceProvider.GetRequiredService<IDbContextFactory<CrmDbContext>>().CreateDbContextAsync(cancellationToken);
            return new SystemDb(scope, context);
        }
        catch
        {
            await scope.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Context.DisposeAsync();
        await scope.DisposeAsync();
    }
}
