using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;
using Crm.Analytics.Contracts;
using Crm.Analytics.Domain;
using Crm.Analytics.Features.Recompute;
using Crm.Analytics.Tests.Support;
using Crm.Kernel;
using Crm.Kernel.Api;
using Crm.Kernel.Identity;
using Crm.Sales.Contracts;
using Crm.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.Analytics.Tests.Features.Stored;

/// <summary>One Development host: demo data and the two start-up recomputes (end of last quarter, today).</summary>
public sealed class StoredValuesHost : IAsyncLifetime
{
    public CrmWebHost Host { get; } = CrmWebHost.WithDemoData();

    public Task InitializeAsync()
    {
        Host.StartServer();
        return Task.CompletedTask;
    }

    public Task DisposeAsync() => Host.DisposeAsync().AsTask();

    public AsyncServiceScope ManagerScope()
    {
        var scope = Host.Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<CurrentUser>().SetSystemActor("test:manager", CrmRoles.Manager);
        return scope;
    }

    public async Task<HttpClient> ApiKeyClientAsync(string role)
    {
        await using var scope = Host.Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<CurrentUser>().SetSystemActor("test:admin", CrmRoles.Admin);
        var (key, result) = await scope.ServiceProvider.GetRequiredService<ApiKeyService>().IssueAsync($"Test {Guid.NewGuid():N}"[..20], role);
        Assert.True(result.Succeeded, result.ToString());
        var client = new HttpClient { BaseAddress = Host.BaseAddress };
        client.DefaultRequestHeaders.Add(ApiKeyService.HeaderName, key!.Key);
        return client;
    }
}

public sealed class StoredCustomerValueTests(StoredValuesHost fixture) : IClassFixture<StoredValuesHost>
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    [Fact]
    public async Task Other_modules_read_the_stored_spend_tiers_and_None_for_customers_without_figures()
    {
        var stored = await fixture.Host.QueryAsync(db => db.Set<CustomerValueRecord>().AsNoTracking()
            .Select(v => new { v.CustomerId, v.SpendTier }).ToListAsync());
        var withoutFigures = await fixture.Host.QueryAsync(db => db.Database
            .SqlQueryRaw<long>("SELECT MAX(\"Id\") + 1 AS \"Value\" FROM \"Contacts_Customers\"").SingleAsync());
        Assert.Contains(stored, v => v.SpendTier == (byte)CustomerTier.Platinum);
        Assert.Contains(stored, v => v.SpendTier == (byte)CustomerTier.Bronze);

        await using var scope = fixture.Host.Services.CreateAsyncScope();
        var tiers = scope.ServiceProvider.GetRequiredService<ICustomerTiers>();
        var read = await tiers.SpendTiersAsync([.. stored.Select(v => v.CustomerId), withoutFigures]);

        Assert.Equal(stored.Count + 1, read.Count);
        Assert.All(stored, v => Assert.Equal((CustomerTier)v.SpendTier, read[v.CustomerId]));
        Assert.Equal(CustomerTier.None, read[withoutFigures]);
        Assert.Equal((CustomerTier)stored[0].SpendTier, await tiers.SpendTierAsync(stored[0].CustomerId));
        Assert.Equal(CustomerTier.None, await tiers.SpendTierAsync(withoutFigures));

        // Asked for very many customers (a year's service report), it reads the tiered ones in one pass: the same answer.
        var many = stored.Select(v => v.CustomerId).Concat(Enumerable.Range(1, 25_000).Select(i => withoutFigures + i)).ToList();
        var readInOnePass = await tiers.SpendTiersAsync(many);
        Assert.Equal(many.Count, readInOnePass.Count);
        Assert.All(stored, v => Assert.Equal((CustomerTier)v.SpendTier, readInOnePass[v.CustomerId]));
        Assert.Equal(25_000, readInOnePass.Count(t => t.Key > withoutFigures && t.Value == CustomerTier.None));
    }

    [Fact]
    public async Task The_stored_figures_equal_the_engines_RFM_on_the_same_data()
    {
        var model = await fixture.Host.QueryAsync(db => db.Set<ValueModel>().OrderByDescending(m => m.Id).FirstAsync());
        var stored = await fixture.Host.QueryAsync(db => db.Set<CustomerValueRecord>().AsNoTracking().ToListAsync());
        RfmReport report;
        await using (var scope = fixture.ManagerScope())
        {
            report = await scope.ServiceProvider.GetRequiredService<ICustomerValueAnalytics>().RfmAsync(model.AsOf);
        }

        Assert.NotEmpty(stored);
        Assert.Equal(report.Customers, stored.Count);
        var byId = stored.ToDictionary(v => v.CustomerId);
        foreach (var row in report.Rows)
        {
            var value = byId[row.CustomerId];
            Assert.Equal((row.RecencyDays, row.Frequency, row.Monetary), (value.RecencyDays, value.Frequency, value.Monetary));
            Assert.Equal((row.RecencyScore, row.FrequencyScore, row.MonetaryScore), ((int)value.RecencyScore, (int)value.FrequencyScore, (int)value.MonetaryScore));
            Assert.Equal(row.Segment, value.Segment);
            Assert.Equal(row.Tier, ((Engine.Value.ValueTier)value.SpendTier).ToString());
        }

        // Demo products all have costs, so profit tiers and the whale curve exist; P(alive) and CLV come from the fitted model.
        Assert.All(stored, v => Assert.NotNull(v.ProfitTier));
        Assert.Contains(stored, v => v.Clv > 0);
        Assert.All(stored, v => Assert.InRange(v.ProbabilityAlive!.Value, 0, 1));
        Assert.NotNull(model.BgR);
        Assert.NotNull(model.GgP);
    }

    [Fact]
    public async Task Each_recompute_keeps_the_snapshot_of_its_quarter()
    {
        var snapshots = await fixture.Host.QueryAsync(db => db.Set<ValueSnapshot>().AsNoTracking().OrderBy(s => s.Period).ToListAsync());
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var lastQuarterEnd = ValueSnapshot.PeriodStart(today).AddDays(-1);
        Assert.Equal([ValueSnapshot.PeriodOf(lastQuarterEnd), ValueSnapshot.PeriodOf(today)], snapshots.Select(s => s.Period));
        Assert.Equal(lastQuarterEnd, snapshots[0].AsOf);

        foreach (var snapshot in snapshots)
        {
            var rows = await fixture.Host.QueryAsync(db => db.Set<ValueSnapshotCustomer>().AsNoTracking().Where(s => s.Period == snapshot.Period).ToListAsync());
            Assert.Equal(snapshot.Customers, rows.Count);
            Assert.Equal(snapshot.Revenue, rows.Sum(r => r.Monetary));
            Assert.Equal(snapshot.PeriodBuyers, rows.Count(r => r.PeriodTier > 0));
            Assert.Equal(snapshot.PeriodRevenue, rows.Sum(r => r.PeriodSpend));
        }
    }

    [Fact]
    public async Task A_new_order_moves_the_customers_figures_and_tier_at_once_and_a_cancellation_moves_them_back()
    {
        // A Bronze customer; an order far above the Platinum floor must lift them to Platinum.
        var before = await fixture.Host.QueryAsync(db => db.Set<CustomerValueRecord>().AsNoTracking()
            .Where(v => v.SpendTier == 1).OrderBy(v => v.Monetary).FirstAsync());
        var maximum = await fixture.Host.QueryAsync(db => db.Set<CustomerValueRecord>().MaxAsync(v => v.Monetary));
        var product = await fixture.Host.QueryAsync(db => db.Database
            .SqlQueryRaw<string>("SELECT \"Code\" AS \"Value\" FROM \"Sales_Products\" WHERE \"IsActive\" = 1 AND \"StockOnHand\" > 0 ORDER BY \"Code\" LIMIT 1").SingleAsync());
        var price = decimal.Round(maximum + 1_000m, 2);
        using var client = await fixture.ApiKeyClientAsync(CrmRoles.Manager);

        OrderDto? order = null;
        var after = await LiveUpdates.SavedAsync(fixture.Host, before.CustomerId, v => v.Frequency == before.Frequency + 1, PlaceAsync());
        async Task PlaceAsync()
        {
            using var response = await client.PostAsJsonAsync("/api/v1/orders", new OrderInput
            {
                CustomerId = before.CustomerId,
                Channel = SalesChannel.Phone,
                Lines = [new OrderLineInput { ProductCode = product, Quantity = 1, UnitPrice = price }],
            }, Json);
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
            order = await response.Content.ReadFromJsonAsync<OrderDto>(Json);
        }

        Assert.Equal(before.Monetary + price, after.Monetary);
        Assert.Equal(0, after.RecencyDays);
        Assert.Equal(DateOnly.FromDateTime(DateTime.UtcNow), after.LastPurchaseOn);
        Assert.Equal(4, after.SpendTier);
        Assert.Equal(5, after.MonetaryScore);
        Assert.True(after.UpdatedLive);
        Assert.NotNull(after.ProbabilityAlive);
        Assert.NotNull(after.Clv);
        Assert.NotNull(after.ProfitTier);

        var reverted = await LiveUpdates.SavedAsync(fixture.Host, before.CustomerId, v => v.Frequency == before.Frequency, CancelAsync());
        async Task CancelAsync()
        {
            using var cancel = await client.PostAsync($"/api/v1/orders/{order!.Id}/cancel", null);
            Assert.True(cancel.IsSuccessStatusCode, await cancel.Content.ReadAsStringAsync());
        }

        Assert.Equal(before.Monetary, reverted.Monetary);
        Assert.Equal(before.LastPurchaseOn, reverted.LastPurchaseOn);
        Assert.Equal(before.SpendTier, reverted.SpendTier);
    }

    [Fact]
    public async Task An_order_import_starts_a_recompute_that_gives_the_new_customers_figures()
    {
        var file = Path.Combine(Path.GetTempPath(), $"import-{Guid.NewGuid():N}.csv");
        var marker = Guid.NewGuid().ToString("N")[..8].ToUpperInvariant();
        await File.WriteAllLinesAsync(file,
        [
            "order_id,customer_id,order_date,product_code,product_name,quantity,unit_price,unit_cost",
            $"{marker}-1,{marker}-A,2026-01-10,{marker}-P,Imported widget,2,40.00,10.00",
            $"{marker}-2,{marker}-A,2026-03-10,{marker}-P,Imported widget,1,40.00,10.00",
            $"{marker}-3,{marker}-B,2026-02-01,{marker}-P,Imported widget,5,40.00,10.00",
        ]);
        var runsBefore = await fixture.Host.QueryAsync(db => db.Set<ValueRun>().CountAsync());
        try
        {
            await using var scope = fixture.ManagerScope();
            var summary = await scope.ServiceProvider.GetRequiredService<IOrderImporter>().ImportAsync(file, OrderImportFormat.Csv);
            Assert.Equal(3, summary.OrdersCreated);
        }
        finally
        {
            File.Delete(file);
        }

        // The import's event reaches Analytics through the outbox and starts a recompute: wait for both to end.
        await fixture.Host.OutboxSettledAsync();
        await fixture.Host.Services.GetRequiredService<ValueRunCoordinator>().Completion.WaitAsync(TimeSpan.FromMinutes(5));
        var run = await fixture.Host.QueryAsync(db => db.Set<ValueRun>().AsNoTracking().OrderByDescending(r => r.Id).FirstAsync());

        Assert.Equal(runsBefore + 1, await fixture.Host.QueryAsync(db => db.Set<ValueRun>().CountAsync()));
        Assert.Equal(("After import", ValueRunStatus.Succeeded), (run!.Trigger, run.Status));
        var imported = await fixture.Host.QueryAsync(db => db.Database
            .SqlQuery<long>($"SELECT \"Id\" AS \"Value\" FROM \"Contacts_Customers\" WHERE \"ExternalId\" IN ({marker + "-A"}, {marker + "-B"}) ORDER BY \"ExternalId\"")
            .ToListAsync());
        var figures = await fixture.Host.QueryAsync(db => db.Set<CustomerValueRecord>().AsNoTracking()
            .Where(v => imported.Contains(v.CustomerId)).OrderBy(v => v.CustomerId).ToListAsync());
        Assert.Equal(2, figures.Count);
        Assert.Equal([(2, 120.00m, 90.00m), (1, 200.00m, 150.00m)], figures.OrderBy(f => imported.IndexOf(f.CustomerId))
            .Select(f => (f.Frequency, f.Monetary, f.Profit!.Value + f.ServiceCost)));
    }
}
