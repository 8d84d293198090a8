using System.Net;
using System.Net.Http.Json;
using Crm.Analytics.Contracts;
using Crm.Analytics.Domain;
using Crm.Analytics.Features.Tiers;
using Crm.Kernel;
using Crm.Kernel.Identity;
using Crm.Sales.Contracts;
using Crm.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.Analytics.Tests.Features.ServiceCost;

/// <summary>
/// The cost to serve charges real service cases (from the Service module through <see cref="IServiceEffort"/>): cases opened
/// over the API on a real host, then the real recompute. The cost per interaction is 0 here so the expected service cost is
/// cases × the cost per case (15.00) exactly (every reply or status change is also an interaction on the timeline).
/// </summary>
public sealed class ServiceCostFromCasesTests : IAsyncLifetime, IDisposable
{
    private const string Header = "order_id,customer_id,order_date,product_code,product_name,quantity,unit_price,unit_cost";

    private readonly CrmWebHost host = CrmWebHost.Create(CrmWebHost.NewMigratedDatabasePath(), new Dictionary<string, string?>
    {
        ["DemoData:Customers"] = "0",
        ["DemoData:Products"] = "0",
        ["DemoData:OrdersPerCustomer"] = "0",
        ["Analytics:RecomputeAfterImport"] = "false",
        ["Analytics:NightlyAtUtc"] = "",
        ["Analytics:CostPerInteraction"] = "0",
        ["Analytics:CostPerCase"] = "15",
    });

    private readonly string folder = Path.Combine(Path.GetTempPath(), "ecrm-tests", $"service-cost-{Guid.NewGuid():N}");

    public Task InitializeAsync()
    {
        host.StartServer();
        Directory.CreateDirectory(folder);
        return Task.CompletedTask;
    }

    public Task DisposeAsync() => host.DisposeAsync().AsTask();

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [Fact]
    public async Task A_customer_with_many_cases_is_over_served_with_the_cost_of_their_cases()
    {
        // Gross margins: Ann 3 × (5 - 2) = 9, Bob 10 × (5 - 2) = 30.
        var path = Path.Combine(folder, "orders.csv");
        await File.WriteAllLinesAsync(path, [Header, "O1,ANN,2024-02-01,TEA,Tea,3,5,2.00", "O2,BOB,2024-02-10,TEA,Tea,10,5,2.00"]);
        await using (var scope = Scope())
        {
            var summary = await scope.ServiceProvider.GetRequiredService<IOrderImporter>().ImportAsync(path, OrderImportFormat.Csv);
            Assert.Equal(0, summary.RowsSkipped);
        }

        var ann = await CustomerIdAsync("ANN");
        var bob = await CustomerIdAsync("BOB");
        using var agent = await host.SignedInClientAsync("agent@ecrm.local");
        await OpenCaseAsync(agent, ann, "Tea arrived cold");
        await OpenCaseAsync(agent, ann, "Tea tastes of soap");
        await OpenCaseAsync(agent, ann, "Where is my invoice?");
        await OpenCaseAsync(agent, bob, "Change my address");

        var run = await host.Services.GetRequiredService<ICustomerValueJobs>()
            .RecomputeAsync(DateOnly.FromDateTime(DateTime.UtcNow), "Tests", "test:service-cost");
        Assert.True(run.Status == "Succeeded", $"The recompute ended {run.Status}: {run.Message}");

        var values = await host.QueryAsync(db => db.Set<CustomerValueRecord>().AsNoTracking().ToDictionaryAsync(v => v.CustomerId));
        // Ann: 3 cases × 15 = 45 against a margin of 9: profit -36. Bob: 1 case × 15 = 15 against 30: profit 15.
        Assert.Equal((45m, -36m), (values[ann].ServiceCost, values[ann].Profit));
        Assert.Equal((15m, 15m), (values[bob].ServiceCost, values[bob].Profit));

        await using var read = Scope();
        var overServed = await read.ServiceProvider.GetRequiredService<ValueTiersQuery>().OverServedAsync(0, 25);
        var row = Assert.Single(overServed.Items);
        Assert.Equal((ann, 15m, 9m, 45m, -36m), (row.CustomerId, row.Revenue, row.GrossMargin, row.ServiceCost, row.Profit));
    }

    private static async Task OpenCaseAsync(HttpClient agent, long customerId, string subject)
    {
        using var response = await agent.PostAsJsonAsync(new Uri("/api/v1/cases", UriKind.Relative),
            new { customerId, subject, description = "Please help.", channel = "Email", priority = "Normal" });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    private Task<long> CustomerIdAsync(string externalId) =>
        host.QueryAsync(db => db.Database.SqlQuery<long>($"SELECT \"Id\" AS \"Value\" FROM \"Contacts_Customers\" WHERE \"ExternalId\" = {externalId}").SingleAsync());

    private AsyncServiceScope Scope()
    {
        var scope = host.Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<CurrentUser>().SetSystemActor("test:service-cost", CrmRoles.Manager);
        return scope;
    }
}
