using Crm.Analytics.Contracts;
using Crm.Analytics.Domain;
using Crm.Contacts.Contracts;
using Crm.Kernel;
using Crm.Kernel.Data;
using Crm.Kernel.Identity;
using Crm.Sales.Contracts;
using Crm.Testing;
using Crm.Testing.Databases;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.Analytics.Tests.Features.Providers;

/// <summary>The recompute's save (delete the old figures, write the new ones in bulk, one transaction) on each provider.</summary>
public sealed class RecomputeDataAccessTests
{
    [SkippableTheory]
    [DatabaseData]
    public async Task A_recompute_stores_every_buyers_figures_and_a_second_one_replaces_them(DatabaseProvider provider)
    {
        var (settings, skipReason) = await TestDatabases.HostSettingsAsync(provider);
        Skip.If(skipReason is not null, skipReason);
        settings["Analytics:RecomputeAfterImport"] = "false";
        await using var host = CrmWebHost.Create(CrmWebHost.NewDatabasePath(), settings);
        host.StartServer();
        await using (var scope = host.Services.CreateAsyncScope())
        {
            scope.ServiceProvider.GetRequiredService<CurrentUser>().SetSystemActor("test:generate", CrmRoles.Admin);
            await scope.ServiceProvider.GetRequiredService<IContactsDataGenerator>().GenerateAsync(60, interactionsPerCustomer: 1, seed: 3, progress: null);
            await scope.ServiceProvider.GetRequiredService<ISalesDataGenerator>().GenerateAsync(
                new SalesGeneration { Products = 25, OrdersPerCustomer = 4, OpportunitiesPerCustomer = 0, Seed = 3 }, progress: null);
        }

        var buyers = await host.QueryAsync(db => db.Database
            .SqlQueryRaw<int>("SELECT COUNT(DISTINCT \"CustomerId\") AS \"Value\" FROM \"Sales_Orders\" WHERE \"IsPurchase\" = 1 AND \"CustomerId\" IS NOT NULL")
            .SingleAsync());
        Assert.True(buyers > 30, $"only {buyers} buyers: the scenario needs many");

        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        for (var run = 0; run < 2; run++)
        {
            await using var scope = host.Services.CreateAsyncScope();
            var result = await scope.ServiceProvider.GetRequiredService<ICustomerValueJobs>().RecomputeAsync(today, "Provider test", "test");
            Assert.Equal("Succeeded", result.Status);
            Assert.Equal(buyers, result.Customers);
        }

        Assert.Equal(buyers, await host.QueryAsync(db => db.Set<CustomerValueRecord>().CountAsync()));
        Assert.Equal(buyers, await host.QueryAsync(db => db.Set<ValueSnapshotCustomer>().CountAsync()));
        Assert.Equal(1, await host.QueryAsync(db => db.Set<ValueSnapshot>().CountAsync()));
        Assert.True(await host.QueryAsync(db => db.Set<CustomerValueRecord>().AllAsync(v => v.Monetary > 0)));
    }
}
