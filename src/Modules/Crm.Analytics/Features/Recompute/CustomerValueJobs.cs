using Crm.Analytics.Contracts;
using Crm.Analytics.Domain;
using Crm.Analytics.Features.Shared;
using Crm.Kernel.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.Analytics.Features.Recompute;

/// <summary>The <see cref="ICustomerValueJobs"/> contract over the <see cref="ValueRunCoordinator"/>.</summary>
internal sealed class CustomerValueJobs(ValueRunCoordinator coordinator, IServiceScopeFactory scopeFactory) : ICustomerValueJobs
{
    public async Task<CustomerValueRunResult> RecomputeAsync(
        DateOnly asOf, string trigger, string requestedBy, CancellationToken cancellationToken = default)
    {
        while (true)
        {
            var start = await coordinator.StartAsync(asOf, trigger, requestedBy, cancellationToken);
            await coordinator.Completion.WaitAsync(cancellationToken);
            if (start.AlreadyRunning)
            {
                continue; // that was somebody else's run; now start ours
            }

            await using var system = await SystemDb.OpenAsync(scopeFactory, cancellationToken);
            var run = await system.Context.Set<ValueRun>().AsNoTracking().SingleAsync(r => r.Id == start.RunId, cancellationToken);
            return new CustomerValueRunResult(run.Id, run.Status.ToString(), run.Customers, run.Rules, run.Message);
        }
    }

    public async Task<bool> NeverComputedAsync(CancellationToken cancellationToken = default)
    {
        await using var system = await SystemDb.OpenAsync(scopeFactory, cancellationToken);
        return !await system.Context.Set<ValueModel>().AnyAsync(cancellationToken);
    }
}
