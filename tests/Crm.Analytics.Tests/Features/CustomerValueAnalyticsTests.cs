using System.Globalization;
using System.Runtime.CompilerServices;
using Crm.Analytics.Contracts;
using Crm.Analytics.Engine.Value;
using Crm.Analytics.Features.CustomerValue;
using Crm.Contacts.Contracts;
using Crm.Kernel;
using Crm.Kernel.Errors;
using Crm.Kernel.Identity;
using Crm.Sales.Contracts;

namespace Crm.Analytics.Tests.Features;

/// <summary>
/// The analytics service over the Sales and Contacts contracts, fed by plain in-memory implementations of those contracts
/// that keep their documented order and date filter (the SQL side is tested in Crm.Sales.Tests and through the CLI).
/// </summary>
public sealed class CustomerValueAnalyticsTests
{
    private static readonly DateOnly AsOf = new(2024, 3, 31);

    [Fact]
    public async Task RFM_counts_orders_up_to_the_as_of_date_and_names_customers_by_their_external_id()
    {
        var history = new FakeHistory(
            Buy(1, "2024-03-01 10:00", 20m),
            Buy(1, "2024-03-01 15:00", 5.5m),
            Buy(1, "2024-01-15", 10m),
            Buy(1, "2024-04-02", 99m),
            Buy(2, "2024-02-10", 0m),
            Buy(2, "2024-03-31 23:00", 10m),
            Buy(4, "2023-12-01", 9m));
        var service = Service(history, new FakeFacts(new CustomerExternalId(1, "A1"), new CustomerExternalId(3, "C3")));

        var report = await service.RfmAsync(AsOf);

        Assert.Equal(3, report.Customers);
        Assert.Equal(54.5m, report.Revenue);
        Assert.Equal(["A1", "2", "4"], report.Rows.Select(r => r.Customer));
        Assert.Equal([30, 0, AsOf.DayNumber - new DateOnly(2023, 12, 1).DayNumber], report.Rows.Select(r => r.RecencyDays));
        Assert.Equal([3, 2, 1], report.Rows.Select(r => r.Frequency));
        Assert.Equal([35.5m, 10m, 9m], report.Rows.Select(r => r.Monetary));
        Assert.Equal(report.Customers, report.Segments.Sum(s => s.Customers));
        Assert.Equal(report.Revenue, report.Segments.Sum(s => s.Revenue));
        Assert.Equal(RfmSegments.Count, report.Segments.Count);
        Assert.Equal(["Platinum", "Gold", "Silver", "Bronze"], report.Tiers.Select(t => t.Name));
        Assert.Equal(report.Revenue, report.Tiers.Sum(t => t.Revenue));
        Assert.All(report.Rows, r => Assert.Equal(RfmSegments.DisplayName(RfmSegments.Of(r.RecencyScore, r.FrequencyScore)), r.Segment));
        Assert.Equal(new DateTime(2024, 4, 1, 0, 0, 0, DateTimeKind.Utc), history.LastBefore);
    }

    [Theory]
    [InlineData(CrmRoles.SalesRep)]
    [InlineData(CrmRoles.ServiceAgent)]
    public async Task Only_managers_and_admins_run_the_analytics(string role)
    {
        var service = Service(new FakeHistory(Buy(1, "2024-01-01", 1m)), new FakeFacts(), role);

        await Assert.ThrowsAsync<ForbiddenException>(() => service.RfmAsync(AsOf));
        await Assert.ThrowsAsync<ForbiddenException>(() => service.LifetimeValueAsync(new LifetimeValueRequest(LifetimeModel.BgNbd, AsOf)));
        await Assert.ThrowsAsync<ForbiddenException>(() => service.AssociationsAsync(new AssociationRequest(0.1m, 0.5m)));
    }

    [Fact]
    public async Task Lifetime_models_fitted_through_the_contracts_reproduce_the_published_CDNOW_figures()
    {
        var service = Service(CdnowSample(), new FakeFacts());
        var end = new DateOnly(1997, 9, 30);

        var bgnbd = await service.LifetimeValueAsync(new LifetimeValueRequest(LifetimeModel.BgNbd, end));
        var gg = await service.LifetimeValueAsync(new LifetimeValueRequest(LifetimeModel.GammaGamma, end));

        Assert.Equal(2357, bgnbd.Customers);
        Assert.Equal(["r", "alpha", "a", "b"], bgnbd.Parameters.Select(p => p.Name));
        Assert.Equal([0.243, 4.414, 0.793, 2.426], bgnbd.Parameters.Select(p => Math.Round(p.Value, 3)));
        Assert.Equal(-9582.4, Math.Round(bgnbd.LogLikelihood, 1));
        Assert.Equal(946, gg.Customers);
        Assert.Equal([6.25, 3.74, 15.44], gg.Parameters.Select(p => Math.Round(p.Value, 2)));
        Assert.Equal(2357, gg.Rows.Count);
        Assert.Equal(946, gg.Rows.Count(r => r.X > 0));

        // The Gamma-Gamma report predicts purchases with BG/NBD: same rows, same P(alive), same CLV.
        Assert.Equal(bgnbd.Rows.Select(r => (r.Customer, r.ProbabilityAlive, r.Clv)), gg.Rows.Select(r => (r.Customer, r.ProbabilityAlive, r.Clv)));
        Assert.All(bgnbd.Rows, r => Assert.Equal(r.ExpectedAverageValue!.Value * r.ExpectedPurchases, r.Clv!.Value, 9));

        // Predictions shared per (x, T) equal the model's own per-customer formulas.
        var fitted = new Crm.Analytics.Engine.Lifetime.BgNbdParameters(
            bgnbd.Parameters[0].Value, bgnbd.Parameters[1].Value, bgnbd.Parameters[2].Value, bgnbd.Parameters[3].Value);
        Assert.All(bgnbd.Rows, r =>
        {
            Assert.Equal(fitted.ProbabilityAlive(r.X, r.Tx, r.T), r.ProbabilityAlive, 12);
            Assert.Equal(fitted.ConditionalExpectedPurchases(52, r.X, r.Tx, r.T), r.ExpectedPurchases, 12);
        });
    }

    [Fact]
    public async Task A_monthly_discount_rate_lowers_the_CLV_and_day_units_scale_the_times()
    {
        var service = Service(CdnowSample(), new FakeFacts());
        var end = new DateOnly(1997, 9, 30);

        var plain = await service.LifetimeValueAsync(new LifetimeValueRequest(LifetimeModel.BgNbd, end, Horizon: 52));
        var discounted = await service.LifetimeValueAsync(new LifetimeValueRequest(LifetimeModel.BgNbd, end, Horizon: 52, MonthlyDiscountRate: 0.01));
        var days = await service.LifetimeValueAsync(new LifetimeValueRequest(LifetimeModel.BgNbd, end, LifetimeTimeUnit.Day, Horizon: 364));

        Assert.All(plain.Rows.Zip(discounted.Rows), p => Assert.True(p.Second.Clv < p.First.Clv));
        var pnbd = await service.LifetimeValueAsync(new LifetimeValueRequest(LifetimeModel.ParetoNbd, end, Horizon: 52));
        var fitted = new Crm.Analytics.Engine.Lifetime.ParetoNbdParameters(
            pnbd.Parameters[0].Value, pnbd.Parameters[1].Value, pnbd.Parameters[2].Value, pnbd.Parameters[3].Value);
        Assert.All(pnbd.Rows, r => Assert.Equal(fitted.ConditionalExpectedPurchases(52, r.X, r.Tx, r.T), r.ExpectedPurchases, 12));
        Assert.All(plain.Rows.Zip(days.Rows), p =>
        {
            Assert.Equal(p.First.T * 7, p.Second.T, 9);
            Assert.Equal(p.First.ExpectedPurchases, p.Second.ExpectedPurchases, 2);
        });
    }

    [Fact]
    public async Task A_lifetime_fit_without_repeat_buyers_is_refused_with_a_clear_message()
    {
        var service = Service(new FakeHistory(Buy(1, "2024-01-01", 5m), Buy(2, "2024-01-02", 7m)), new FakeFacts());

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => service.LifetimeValueAsync(new LifetimeValueRequest(LifetimeModel.BgNbd, AsOf)));
        Assert.Contains("cannot be fitted", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Associations_over_the_groceries_baskets_give_the_published_rules()
    {
        var baskets = File.ReadAllLines(RepositoryData.PathOf("groceries/groceries.csv"))
            .Where(l => l.Length > 0)
            .SelectMany((line, i) => line.Split(',').Select(item => new BasketItem(i + 1, item)))
            .ToArray();
        var service = Service(new FakeHistory { Baskets = baskets }, new FakeFacts());

        var report = await service.AssociationsAsync(new AssociationRequest(0.001m, 0.5m));

        Assert.Equal((9835, 169, 13_492, 5_668), (report.Transactions, report.Items, report.FrequentItemsets, report.Rules));
        Assert.Equal(10, report.Top.Count);
        Assert.Equal(["Instant food products", "soda"], report.Top[0].Antecedent);
        Assert.Equal(["hamburger meat"], report.Top[0].Consequent);
        Assert.Equal("18.996", report.Top[0].Lift.ToString("0.000", CultureInfo.InvariantCulture));
        Assert.Equal(report.Rules, report.RulesByLift.Count);
    }

    [Fact]
    public async Task The_profile_gives_cycles_lifetime_figures_and_profit_tiers_when_costs_are_known()
    {
        var purchases = new List<CustomerPurchase>();
        for (var c = 1; c <= 40; c++)
        {
            for (var k = 0; k < 1 + (c % 4); k++)
            {
                purchases.Add(new CustomerPurchase(c, new DateTime(2024, 1, 1, 0, 0, 0, DateTimeKind.Utc).AddDays((c % 7) + (k * (10 + c))), 10m + c, 6m));
            }
        }

        var service = Service(new FakeHistory([.. purchases]), new FakeFacts());

        var profile = await service.ProfileAsync(new DateOnly(2024, 12, 31));

        Assert.Equal(40, profile.CustomerIds.Length);
        Assert.NotNull(profile.Lifetime);
        Assert.Equal(40, profile.Lifetime.Summary.Count);
        Assert.NotNull(profile.Value.ByProfit);
        // Customers with 3 or more purchase days (c % 4 >= 2) have a purchase cycle.
        Assert.Equal(Enumerable.Range(1, 40).Where(c => c % 4 >= 2).Select(c => (long)c), profile.Cycles.Select(cycle => profile.CustomerIds[cycle.CustomerId]));
    }

    private static CustomerPurchase Buy(long customer, string at, decimal amount) =>
        new(customer, DateTime.SpecifyKind(DateTime.Parse(at, CultureInfo.InvariantCulture), DateTimeKind.Utc), amount, null);

    private static FakeHistory CdnowSample()
    {
        var purchases = File.ReadAllLines(RepositoryData.PathOf("cdnow/CDNOW_sample.txt"))
            .Select(l => l.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries))
            .Where(f => f.Length == 5)
            .Select(f => new CustomerPurchase(
                long.Parse(f[1], CultureInfo.InvariantCulture),
                DateTime.SpecifyKind(DateTime.ParseExact(f[2], "yyyyMMdd", CultureInfo.InvariantCulture), DateTimeKind.Utc),
                decimal.Parse(f[4], CultureInfo.InvariantCulture),
                null))
            .ToArray();
        return new FakeHistory(purchases);
    }

    private static CustomerValueAnalytics Service(FakeHistory history, FakeFacts facts, string role = CrmRoles.Manager)
    {
        var user = new CurrentUser();
        user.SetSystemActor("test", role);
        return new CustomerValueAnalytics(history, facts, user);
    }

    /// <summary>The <see cref="ISalesHistory"/> contract over lists: sorted and filtered as documented.</summary>
    private sealed class FakeHistory(params CustomerPurchase[] purchases) : ISalesHistory
    {
        public BasketItem[] Baskets { get; init; } = [];

        public DateTime? LastBefore { get; private set; }

        public async IAsyncEnumerable<CustomerPurchase> StreamPurchasesAsync(DateTime? beforeUtc = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            LastBefore = beforeUtc;
            await Task.Yield();
            foreach (var p in purchases.Where(p => beforeUtc is null || p.OrderedAtUtc < beforeUtc).OrderBy(p => p.CustomerId).ThenBy(p => p.OrderedAtUtc))
            {
                yield return p;
            }
        }

        public async IAsyncEnumerable<BasketItem> StreamBasketItemsAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            await Task.Yield();
            foreach (var item in Baskets.OrderBy(b => b.OrderId))
            {
                yield return item;
            }
        }

        public Task<IReadOnlyList<CustomerPurchase>> PurchasesOfCustomerAsync(long customerId, CancellationToken cancellationToken = default) =>
            Task.FromResult<IReadOnlyList<CustomerPurchase>>([.. purchases.Where(p => p.CustomerId == customerId).OrderBy(p => p.OrderedAtUtc)]);

        public Task<IReadOnlyList<CustomerProductCount>> TopProductsAsync(
            IReadOnlyCollection<long> customerIds, int perCustomer, CancellationToken cancellationToken = default) =>
            throw new NotSupportedException("The analytics under test do not ask for typical products.");

        public Task<IReadOnlyList<string>> ProductCodesBoughtAsync(long customerId, CancellationToken cancellationToken = default) =>
            throw new NotSupportedException("The analytics under test do not ask for a customer's products.");

        public Task<IReadOnlyDictionary<string, string>> ProductNamesAsync(
            IReadOnlyCollection<string> codes, CancellationToken cancellationToken = default) =>
            throw new NotSupportedException("The analytics under test do not ask for product names.");

        public Task<bool> IsOrderOfCustomerAsync(long orderId, long customerId, CancellationToken cancellationToken = default) =>
            throw new NotSupportedException("The analytics under test do not look orders up.");
    }

    private sealed class FakeFacts(params CustomerExternalId[] externalIds) : ICustomerFacts
    {
        public async IAsyncEnumerable<CustomerExternalId> StreamExternalIdsAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            await Task.Yield();
            foreach (var id in externalIds.OrderBy(e => e.CustomerId))
            {
                yield return id;
            }
        }

        public async IAsyncEnumerable<CustomerInteractionCount> StreamInteractionCountsAsync(
            DateTime? fromUtc = null, DateTime? beforeUtc = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            await Task.Yield();
            yield break;
        }
    }
}
