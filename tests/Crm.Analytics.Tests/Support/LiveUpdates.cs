using System.Threading.Channels;
using Crm.Analytics.Domain;
using Crm.Analytics.Features.Live;
using Crm.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.Analytics.Tests.Support;

/// <summary>Waits for the real-time updater's own signal that it saved a customer's figures, instead of polling the row.</summary>
internal static class LiveUpdates
{
    /// <summary>
    /// Starts listening now (before the change that should move the figures) and completes with the customer's stored row
    /// once an update of that customer has saved a row meeting <paramref name="condition"/>.
    /// </summary>
    public static async Task<CustomerValueRecord> SavedAsync(CrmWebHost host, long customerId, Func<CustomerValueRecord, bool> condition, Task change)
    {
        var updater = host.Services.GetRequiredService<LiveValueUpdater>();
        var saved = Channel.CreateUnbounded<long>();
        void OnUpdated(long id, double _)
        {
            if (id == customerId)
            {
                saved.Writer.TryWrite(id);
            }
        }

        updater.Updated += OnUpdated;
        try
        {
            await change;
            // A guard against a hang, not a speed limit.
            using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
            while (true)
            {
                await saved.Reader.ReadAsync(timeout.Token);
                var row = await host.QueryAsync(db => db.Set<CustomerValueRecord>().AsNoTracking().SingleAsync(v => v.CustomerId == customerId));
                if (condition(row))
                {
                    return row;
                }
            }
        }
        finally
        {
            updater.Updated -= OnUpdated;
        }
    }
}
