using Crm.Analytics.Contracts;
using Crm.Analytics.Domain;
using Crm.Analytics.Features.Tiers;
using Crm.Kernel;
using Crm.Kernel.Identity;
using Crm.Sales.Contracts;
using Crm.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.Analytics.Tests.Features.Profit;

/// <summary>
/// Profit after an order CSV without the unit_cost column, through the real import and recompute on an empty host: lines
/// take the catalogue's unit cost, and a product without one makes only its buyers' profit unknown.
/// </summary>
public sealed class ProfitFromImportedCostsTests : IAsyncLifetime, IDisposable
{
    private const string Header = "order_id,customer_id,order_date,product_code,product_name,quantity,unit_price";

    // No demo data, and no recompute of its own after an import: the test starts each recompute and waits for it.
    private readonly CrmWebHost host = CrmWebHost.Create(CrmWebHost.NewMigratedDatabasePath(), new Dictionary<string, string?>
    {
        ["DemoData:Customers"] = "0",
        ["DemoData:Products"] = "0",
        ["DemoData:OrdersPerCustomer"] = "0",
        ["Analytics:RecomputeAfterImport"] = "false",
        ["Analytics:NightlyAtUtc"] = "",
    });

    private readonly string folder = Path.Combine(Path.GetTempPath(), "ecrm-tests", $"profit-{Guid.NewGuid():N}");

    public async Task InitializeAsync()
    {
        host.StartServer();
        Directory.CreateDirectory(folder);

        // The catalogue: tea (cost 2.00) and a cup (cost 6.00) through an anonymous order with unit costs, and a gift card
        // whose cost the file leaves empty.
        await ImportAsync("catalogue.csv",
        [
            Header + ",unit_cost",
            "SEED,,2024-01-02,TEA,Tea,1,5,2.00",
            "SEED,,2024-01-02,CUP,Cup,1,15,6.00",
            "SEED,,2024-01-02,GIFT,Gift card,1,25,",
        ]);
    }

    public Task DisposeAsync() => host.DisposeAsync().AsTask();

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [Fact]
    public async Task A_csv_without_unit_cost_on_products_that_have_one_gives_every_customer_a_profit_tier()
    {
        await ImportAsync("orders.csv",
        [
            Header,
            "O1,ANN,2024-02-01,TEA,Tea,3,5",
            "O2,ANN,2024-03-01,CUP,Cup,1,15",
            "O3,BOB,2024-02-10,TEA,Tea,10,5",
            "O4,CEM,2024-02-20,CUP,Cup,2,15",
        ]);

        var (values, report) = await RecomputeAsync();

        Assert.Equal(3, values.Count);
        Assert.All(values, v => Assert.NotNull(v.ProfitTier));
        // Gross margins (profit before the cost to serve): Ann 15 + 15 - 3 × 2.00 - 6.00 = 18, Bob 50 - 20 = 30, Cem 30 - 12 = 18.
        var margins = values.ToDictionary(v => v.CustomerId, v => v.Profit!.Value + v.ServiceCost);
        Assert.Equal([18m, 30m, 18m], [margins[await CustomerIdAsync("ANN")], margins[await CustomerIdAsync("BOB")], margins[await CustomerIdAsync("CEM")]]);
        Assert.Null(report.ProfitUnknownReason);
        Assert.Equal(0, report.CustomersWithoutProfit);
        Assert.Equal(3, report.ByProfit!.Customers);
    }

    [Fact]
    public async Task A_line_whose_product_has_no_cost_makes_only_that_customers_profit_unknown()
    {
        await ImportAsync("orders.csv",
        [
            Header,
            "O1,ANN,2024-02-01,TEA,Tea,3,5",
            "O3,BOB,2024-02-10,TEA,Tea,10,5",
            "O4,CEM,2024-02-20,CUP,Cup,2,15",
            "O5,CEM,2024-03-20,GIFT,Gift card,1,25",
        ]);

        var (values, report) = await RecomputeAsync();

        var cem = await CustomerIdAsync("CEM");
        Assert.Equal(3, values.Count);
        Assert.All(values.Where(v => v.CustomerId != cem), v => Assert.NotNull(v.ProfitTier));
        var unknown = Assert.Single(values, v => v.ProfitTier is null);
        Assert.Equal(cem, unknown.CustomerId);
        Assert.Null(unknown.Profit);
        Assert.Equal(1, report.CustomersWithoutProfit);
        Assert.Equal(2, report.ByProfit!.Customers);
        Assert.StartsWith("Profit is unknown for 1 of 3 customers:", report.ProfitUnknownReason, StringComparison.Ordinal);
        Assert.NotNull(report.WhaleCurve);
    }

    private async Task ImportAsync(string name, string[] lines)
    {
        var path = Path.Combine(folder, name);
        await File.WriteAllLinesAsync(path, lines);
        await using var scope = Scope();
        var summary = await scope.ServiceProvider.GetRequiredService<IOrderImporter>().ImportAsync(path, OrderImportFormat.Csv);
        Assert.Equal(0, summary.RowsSkipped);
    }

    private async Task<(List<CustomerValueRecord> Values, ValueTiersReport Report)> RecomputeAsync()
    {
        var run = await host.Services.GetRequiredService<ICustomerValueJobs>()
            .RecomputeAsync(DateOnly.FromDateTime(DateTime.UtcNow), "Tests", "test:profit");
        Assert.True(run.Status == "Succeeded", $"The recompute ended {run.Status}: {run.Message}");
        var values = await host.QueryAsync(db => db.Set<CustomerValueRecord>().AsNoTracking().ToListAsync());
        await using var scope = Scope();
        return (values, await scope.ServiceProvider.GetRequiredService<ValueTiersQuery>().LoadAsync());
    }

    private Task<long> CustomerIdAsync(string externalId) =>
        host.QueryAsync(db => db.Database.SqlQuery<long>($"SELECT \"Id\" AS \"Value\" FROM \"Contacts_Customers\" WHERE \"ExternalId\" = {externalId}").SingleAsync());

    private AsyncServiceScope Scope()
    {
        var scope = host.Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<CurrentUser>().SetSystemActor("test:profit", CrmRoles.Manager);
        return scope;
    }
}
