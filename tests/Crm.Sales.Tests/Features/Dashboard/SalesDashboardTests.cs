using System.Net;
using Crm.Contacts.Contracts;
using Crm.Kernel;
using Crm.Kernel.Errors;
using Crm.Kernel.Identity;
using Crm.Sales.Contracts;
using Crm.Sales.Domain;
using Crm.Sales.Features.Dashboard;
using Crm.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.Sales.Tests.Features.Dashboard;

/// <summary>
/// The dashboard's figures against sums the test computes itself from the rows it inserted, on a host without demo data:
/// a rep sees only what they own or are credited with, a manager sees everyone's or one rep's.
/// </summary>
public sealed class SalesDashboardTests : IAsyncLifetime
{
    private const string OtherRep = "other-rep-id";
    private readonly CrmWebHost host = CrmWebHost.Create(CrmWebHost.NewMigratedDatabasePath(),
        new Dictionary<string, string?> { ["DemoData:Customers"] = "0", ["DemoData:OrdersPerCustomer"] = "0" });

    private readonly List<Order> orders = [];
    private readonly List<Opportunity> opportunities = [];
    private readonly Dictionary<long, string> customerNames = [];
    private string repId = "";
    private DateTime thisMonth;
    private DateTime lastMonth;
    private DateTime now;

    public async Task InitializeAsync()
    {
        host.StartServer();
        repId = await host.QueryAsync(db => db.Users.Where(u => u.Email == "rep@ecrm.local").Select(u => u.Id).SingleAsync());
        now = DateTime.UtcNow;
        thisMonth = new DateTime(now.Year, now.Month, 1, 0, 0, 0, DateTimeKind.Utc);
        lastMonth = thisMonth.AddMonths(-1);

        await using (var scope = Scope("test:manager", CrmRoles.Manager))
        {
            var registration = scope.ServiceProvider.GetRequiredService<ICustomerRegistration>();
            for (var i = 0; i < 14; i++)
            {
                var name = $"Dashboard Customer {i:D2}";
                var result = await registration.RegisterAsync(new CustomerInput { Kind = CustomerKind.Company, CompanyName = name }, allowDuplicates: true);
                customerNames[result.CustomerId!.Value] = name;
            }
        }

        var random = new Random(11);
        var customerIds = customerNames.Keys.Order().ToArray();
        var midThisMonth = thisMonth + ((now - thisMonth) / 2);
        DateTime[] times = [midThisMonth, lastMonth.AddDays(3), lastMonth.AddDays(20), thisMonth.AddMonths(-4), thisMonth.AddMonths(-14)];
        var products = new[] { ("A", 10m), ("B", 25m), ("C", 3.5m), ("D", 99.99m), ("E", 1.25m), ("F", 7m), ("G", 13m), ("H", 2m), ("I", 55m), ("J", 4m), ("K", 8m), ("L", 6m) };
        for (var i = 0; i < 90; i++)
        {
            var order = new Order
            {
                OrderNumber = $"T-{i}",
                CustomerId = customerIds[random.Next(customerIds.Length)],
                SalesRepId = random.Next(3) switch { 0 => repId, 1 => OtherRep, _ => null },
                Channel = SalesChannel.Phone,
                Kind = random.Next(10) switch { 0 => OrderKind.Return, 1 => OrderKind.Cancellation, _ => OrderKind.Sale },
                Status = random.Next(8) == 0 ? OrderStatus.Cancelled : OrderStatus.Placed,
                OrderedAtUtc = times[random.Next(times.Length)],
                Source = "test",
            };
            for (var l = 0; l < 1 + random.Next(4); l++)
            {
                var (code, price) = products[random.Next(products.Length)];
                var quantity = (decimal)(order.Kind == OrderKind.Sale ? random.Next(-1, 6) : -random.Next(1, 4));
                var discount = random.Next(4) == 0 ? 1.5m : 0m;
                order.Lines.Add(new OrderLine
                {
                    LineNumber = l + 1, ProductCode = $"DASH-{code}", ProductName = $"Product {code}", Quantity = quantity, UnitPrice = price,
                    Discount = discount, Amount = OrderLine.AmountOf(quantity, price, discount),
                });
            }

            order.Recalculate();
            orders.Add(order);
        }

        int[] stageIds = [1, 2, 3, 4, 5, 6];
        DateTime?[] closed = [midThisMonth, lastMonth.AddDays(10), thisMonth.AddMonths(-3)];
        for (var i = 0; i < 60; i++)
        {
            var stage = stageIds[random.Next(stageIds.Length)];
            var amount = random.Next(1, 5000) + 0.25m;
            opportunities.Add(new Opportunity
            {
                Name = $"Opp {i}",
                CustomerId = customerIds[random.Next(customerIds.Length)],
                StageId = stage,
                Amount = amount,
                Probability = 40,
                WeightedAmount = amount * 0.4m,
                OwnerId = random.Next(2) == 0 ? repId : OtherRep,
                ExpectedCloseDate = DateOnly.FromDateTime(now),
                ClosedAtUtc = stage >= 5 ? closed[random.Next(closed.Length)] : null,
            });
        }

        await using (var scope = Scope("test:manager", CrmRoles.Manager))
        {
            await using var db = await scope.ServiceProvider.GetRequiredService<IDbContextFactory<Crm.Kernel.Data.CrmDbContext>>().CreateDbContextAsync();
            db.AddRange(orders);
            db.AddRange(opportunities);
            await db.SaveChangesAsync();
        }
    }

    public Task DisposeAsync() => host.DisposeAsync().AsTask();

    [Fact]
    public async Task A_rep_sees_only_their_own_figures_and_they_equal_sums_over_the_inserted_rows()
    {
        await using var scope = Scope(repId, CrmRoles.SalesRep);
        var dashboard = await scope.ServiceProvider.GetRequiredService<SalesDashboardQuery>().LoadAsync(ownerId: OtherRep);
        Assert.Equal(repId, dashboard.OwnerId);
        AssertFigures(dashboard, o => o.SalesRepId == repId, o => o.OwnerId == repId);
    }

    [Fact]
    public async Task A_manager_sees_everyone_or_one_rep_with_the_owner_filter()
    {
        await using var scope = Scope("test:manager", CrmRoles.Manager);
        var query = scope.ServiceProvider.GetRequiredService<SalesDashboardQuery>();
        var everyone = await query.LoadAsync(null);
        Assert.Null(everyone.OwnerId);
        AssertFigures(everyone, _ => true, _ => true);

        var other = await query.LoadAsync(OtherRep);
        AssertFigures(other, o => o.SalesRepId == OtherRep, o => o.OwnerId == OtherRep);
    }

    [Fact]
    public async Task A_service_agent_is_refused_and_the_page_needs_a_sales_role()
    {
        await using var scope = Scope("test:agent", CrmRoles.ServiceAgent);
        await Assert.ThrowsAsync<ForbiddenException>(() => scope.ServiceProvider.GetRequiredService<SalesDashboardQuery>().LoadAsync(null));

        using var manager = await host.SignedInClientAsync("manager@ecrm.local");
        using var page = await manager.GetAsync(new Uri("/sales/dashboard", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.DoesNotContain("data-testid=\"access-denied\"", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        using var agent = await host.SignedInClientAsync("agent@ecrm.local");
        using var refused = await agent.GetAsync(new Uri("/sales/dashboard", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
    }

    private void AssertFigures(SalesDashboard dashboard, Func<Order, bool> orderScope, Func<Opportunity, bool> opportunityScope)
    {
        var mine = opportunities.Where(opportunityScope).ToList();
        foreach (var stage in dashboard.Pipeline)
        {
            var inStage = mine.Where(o => o.StageId == stage.StageId).ToList();
            Assert.Equal(inStage.Count, stage.Count);
            Assert.Equal(inStage.Sum(o => o.Amount), stage.Amount);
            Assert.Equal(inStage.Sum(o => o.WeightedAmount), stage.WeightedAmount);
        }

        Assert.Equal(new[] { 1, 2, 3, 4 }, dashboard.Pipeline.Select(s => s.StageId));
        var won = mine.Where(o => o.StageId == 5).ToList();
        Assert.Equal(Sum(won.Where(o => o.ClosedAtUtc >= thisMonth && o.ClosedAtUtc < thisMonth.AddMonths(1)), o => o.Amount), (dashboard.WonThisMonth.Count, dashboard.WonThisMonth.Amount));
        Assert.Equal(Sum(won.Where(o => o.ClosedAtUtc >= lastMonth && o.ClosedAtUtc < thisMonth), o => o.Amount), (dashboard.WonLastMonth.Count, dashboard.WonLastMonth.Amount));

        var sales = orders.Where(orderScope).Where(o => o.Kind == OrderKind.Sale && o.Status != OrderStatus.Cancelled).ToList();
        Assert.Equal(Sum(sales.Where(o => o.OrderedAtUtc >= thisMonth && o.OrderedAtUtc < thisMonth.AddMonths(1)), o => o.Total),
            (dashboard.OrdersThisMonth.Count, dashboard.OrdersThisMonth.Amount));
        Assert.Equal(Sum(sales.Where(o => o.OrderedAtUtc >= lastMonth && o.OrderedAtUtc < thisMonth), o => o.Total),
            (dashboard.OrdersLastMonth.Count, dashboard.OrdersLastMonth.Amount));

        var recent = sales.Where(o => o.OrderedAtUtc >= thisMonth.AddMonths(-11)).ToList();
        var expectedCustomers = recent.GroupBy(o => o.CustomerId!.Value)
            .Select(g => (Id: g.Key, Name: customerNames[g.Key], Orders: g.Count(), Revenue: g.Sum(o => o.Total)))
            .OrderByDescending(c => c.Revenue).ThenBy(c => c.Id).Take(10).ToList();
        Assert.Equal(expectedCustomers, dashboard.TopCustomers.Select(c => (c.CustomerId, c.Name, c.Orders, c.Revenue)));

        var expectedProducts = recent.SelectMany(o => o.Lines).Where(l => l.Quantity > 0).GroupBy(l => l.ProductCode)
            .Select(g => (Code: g.Key, Quantity: g.Sum(l => l.Quantity), Revenue: g.Sum(l => l.Amount)))
            .OrderByDescending(p => p.Revenue).ThenBy(p => p.Code, StringComparer.Ordinal).Take(10).ToList();
        Assert.Equal(expectedProducts, dashboard.TopProducts.Select(p => (p.Code, p.Quantity, p.Revenue)));
        Assert.True(expectedProducts.Count > 0 && expectedCustomers.Count > 0 && sales.Count > 0, "The test data should exercise every figure.");
    }

    private static (int, decimal) Sum<T>(IEnumerable<T> rows, Func<T, decimal> amount)
    {
        var list = rows.ToList();
        return (list.Count, list.Sum(amount));
    }

    private AsyncServiceScope Scope(string actor, string role)
    {
        var scope = host.Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<CurrentUser>().SetSystemActor(actor, role);
        return scope;
    }
}
