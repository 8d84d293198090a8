using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using Crm.Analytics.Contracts;
using Crm.Analytics.Domain;
using Crm.Analytics.Features.CustomerValue;
using Crm.Analytics.Features.Cycles;
using Crm.Analytics.Features.Lifetime;
using Crm.Contacts.Contracts;
using Crm.Kernel;
using Crm.Kernel.Identity;
using Crm.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static Crm.Analytics.Tests.Dashboards.Lifetime.LifetimeTestSupport;

namespace Crm.Analytics.Tests.Dashboards.Lifetime;

/// <summary>
/// The lifetime-value and due-to-buy-again APIs on the real host with the Development demo data, checked against
/// independent computations over the stored rows (Analytics_CustomerValues, Sales_Orders, Contacts_Interactions) and
/// against the engine.
/// </summary>
[Collection(LifetimeCollection.Name)]
public sealed class LifetimeApiTests(BrowserFixture browser)
{
    private CrmWebHost Host => browser.Host;

    [Fact]
    public async Task The_lifetime_KPIs_model_and_CLV_distribution_equal_an_independent_computation_over_the_stored_figures()
    {
        await WaitForFiguresAsync(Host);
        using var manager = await Host.SignedInClientAsync("manager@ecrm.local");
        var overview = await GetJsonAsync<LifetimeOverview>(manager, "/api/v1/analytics/lifetime");

        var figures = await FiguresAsync(Host);
        var clv = figures.Where(f => f.Clv is not null).Select(f => f.Clv!.Value).ToList();
        var alive = figures.Where(f => f.ProbabilityAlive is not null).Select(f => f.ProbabilityAlive!.Value).ToList();
        Assert.True(clv.Count > 50, "The demo data should give most customers a CLV.");
        Assert.Equal(figures.Count, overview.CustomersWithFigures);
        Assert.Equal(clv.Count, overview.CustomersWithClv);
        Assert.Equal(clv.Sum(), overview.TotalClv, 1e-6 * clv.Sum());
        Assert.Equal(clv.Average(), overview.AverageClv!.Value, 1e-6 * clv.Average());
        Assert.Equal(alive.Count, overview.CustomersWithProbability);
        Assert.Equal(alive.Average(), overview.AverageProbabilityAlive!.Value, 1e-9);
        Assert.Equal(figures.Max(f => f.AsOf), overview.AsOf);

        // The model card shows the newest stored model.
        var model = await Host.QueryAsync(db => db.Set<ValueModel>().AsNoTracking().OrderByDescending(m => m.Id).FirstAsync());
        var card = overview.Model!;
        Assert.Equal((model.Id, model.AsOf, model.Customers), (card.RunId, card.AsOf, card.Customers));
        Assert.Equal(new[] { model.BgR!.Value, model.BgAlpha!.Value, model.BgA!.Value, model.BgB!.Value }, new[] { card.R, card.Alpha, card.A, card.B });
        Assert.Equal(new[] { model.GgP, model.GgQ, model.GgGamma }, new[] { card.P, card.Q, card.Gamma });
        Assert.NotNull(card.P);
        Assert.Equal(52, card.HorizonWeeks);
        Assert.False(card.Discounted);

        // Buckets: contiguous from 0 to open-ended, each holding exactly the stored CLVs in [from, to).
        var buckets = overview.Distribution;
        Assert.InRange(buckets.Count, 2, ClvDistribution.DefaultBuckets);
        Assert.Equal(0, buckets[0].From);
        Assert.Null(buckets[^1].To);
        for (var i = 0; i < buckets.Count; i++)
        {
            var bucket = buckets[i];
            if (i + 1 < buckets.Count)
            {
                Assert.Equal(bucket.To, buckets[i + 1].From);
                Assert.True(bucket.To > bucket.From);
            }

            var inside = clv.Where(v => v >= bucket.From && (bucket.To is not { } to || v < to)).ToList();
            Assert.Equal(inside.Count, bucket.Customers);
            Assert.Equal(inside.Sum(), bucket.TotalClv, 1e-6 * Math.Max(1, inside.Sum()));
            Assert.False(string.IsNullOrWhiteSpace(bucket.Label));
        }

        Assert.Equal(clv.Count, buckets.Sum(b => b.Customers));
        Assert.True(buckets.Count(b => b.Customers > 0) >= 3, "The distribution should spread the demo customers over several ranges.");
    }

    [Fact]
    public async Task The_top_customers_by_CLV_come_in_descending_CLV_order_page_after_page_with_their_names()
    {
        await WaitForFiguresAsync(Host);
        using var manager = await Host.SignedInClientAsync("manager@ecrm.local");
        var first = await GetJsonAsync<PagedResult<ClvCustomerRow>>(manager, "/api/v1/analytics/top-clv?page=0&pageSize=10");
        var second = await GetJsonAsync<PagedResult<ClvCustomerRow>>(manager, "/api/v1/analytics/top-clv?page=1&pageSize=10");

        var expected = (await FiguresAsync(Host)).Where(f => f.Clv is not null)
            .OrderByDescending(f => f.Clv).ThenBy(f => f.CustomerId).Take(20).ToList();
        var rows = first.Items.Concat(second.Items).ToList();
        Assert.Equal(expected.Select(f => f.CustomerId), rows.Select(r => r.CustomerId));
        Assert.Equal(Enumerable.Range(1, 20), rows.Select(r => r.Rank));
        Assert.Equal(expected.Select(f => (f.Clv!.Value, f.ProbabilityAlive, f.ExpectedPurchases, f.ExpectedOrderValue, f.Monetary)),
            rows.Select(r => (r.Clv, r.ProbabilityAlive, r.ExpectedPurchases, r.ExpectedOrderValue, r.PastSpend)));
        Assert.Equal(expected.Select(f => Crm.Analytics.Features.Shared.TierNames.Of(f.SpendTier)), rows.Select(r => r.Tier));
        Assert.Equal((await FiguresAsync(Host)).Count(f => f.Clv is not null), first.TotalCount);

        var names = await SqlAsync(Host, "SELECT Id, DisplayName FROM Contacts_Customers");
        var byId = names.ToDictionary(r => Convert.ToInt64(r[0], CultureInfo.InvariantCulture), r => (string)r[1]!);
        Assert.All(rows, r => Assert.Equal(byId[r.CustomerId], r.Name));
    }

    [Fact]
    public async Task The_valuable_customers_at_risk_are_exactly_the_stored_customers_of_the_tier_and_P_alive_filter()
    {
        await WaitForFiguresAsync(Host);
        using var manager = await Host.SignedInClientAsync("manager@ecrm.local");
        var figures = await FiguresAsync(Host);
        var nonEmpty = 0;
        foreach (var (tierName, tier, threshold) in new[] { ("Gold", (byte)3, 0.5), ("Silver", (byte)2, 0.8), ("Platinum", (byte)4, 1.0), ("bronze", (byte)1, 0.3) })
        {
            var expected = figures.Where(f => f.SpendTier >= tier && f.ProbabilityAlive is { } p && p < threshold)
                .OrderByDescending(f => f.Monetary).ThenBy(f => f.CustomerId).Select(f => f.CustomerId).ToList();
            var got = new List<AtRiskCustomerRow>();
            for (var page = 0; ; page++)
            {
                var result = await GetJsonAsync<PagedResult<AtRiskCustomerRow>>(manager,
                    string.Create(CultureInfo.InvariantCulture, $"/api/v1/analytics/at-risk?minTier={tierName}&maxProbabilityAlive={threshold}&page={page}&pageSize=7"));
                Assert.Equal(expected.Count, result.TotalCount);
                got.AddRange(result.Items);
                if (result.Items.Count < 7)
                {
                    break;
                }
            }

            Assert.Equal(expected, got.Select(r => r.CustomerId));
            Assert.All(got, r => Assert.True(r.ProbabilityAlive < threshold));
            nonEmpty += expected.Count > 0 ? 1 : 0;

            // The CSV export holds the same customers in the same order.
            var csv = await manager.GetStringAsync(new Uri(
                string.Create(CultureInfo.InvariantCulture, $"/api/v1/analytics/at-risk/export?minTier={tierName}&maxProbabilityAlive={threshold}"), UriKind.Relative));
            var lines = csv.TrimStart('\uFEFF').Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.Equal(string.Join(',', AtRiskCsv.Columns), lines[0].TrimEnd('\r'));
            Assert.Equal(expected, lines.Skip(1).Select(l => long.Parse(l.Split(',')[0], CultureInfo.InvariantCulture)));
        }

        Assert.True(nonEmpty >= 2, "The demo data should have valuable customers at risk for some of the filters.");

        // Invalid filters come back as 400 ProblemDetails naming the field.
        using (var response = await manager.GetAsync(new Uri("/api/v1/analytics/at-risk?minTier=Diamond", UriKind.Relative)))
        {
            Assert.Equal(new[] { "minTier" }, await ProblemFieldsAsync(response));
        }

        using (var response = await manager.GetAsync(new Uri("/api/v1/analytics/at-risk?maxProbabilityAlive=1.5", UriKind.Relative)))
        {
            Assert.Equal(new[] { "maxProbabilityAlive" }, await ProblemFieldsAsync(response));
        }

        using (var response = await manager.GetAsync(new Uri("/api/v1/analytics/at-risk?pageSize=0&page=-1", UriKind.Relative)))
        {
            Assert.Equal(new[] { "page", "pageSize" }, (await ProblemFieldsAsync(response)).Order());
        }

        using (var response = await manager.GetAsync(new Uri("/api/v1/analytics/top-clv?pageSize=1000", UriKind.Relative)))
        {
            Assert.Equal(new[] { "pageSize" }, await ProblemFieldsAsync(response));
        }
    }

    [Fact]
    public async Task The_due_list_is_exactly_the_customers_due_on_or_before_today_likely_active_first_then_most_overdue_first_with_their_days_overdue()
    {
        await WaitForFiguresAsync(Host);
        using var manager = await Host.SignedInClientAsync("manager@ecrm.local");
        var today = TodayUtc;
        // The likely active (P(alive) at least 50%) before the likely gone, each group most overdue first.
        var expected = (await FiguresAsync(Host)).Where(f => f.DueOn is { } due && due <= today)
            .OrderBy(f => f.ProbabilityAlive < 0.5 ? 1 : 0).ThenBy(f => f.NextPurchaseOn).ThenBy(f => f.CustomerId).ToList();
        Assert.True(expected.Count > 0, "The demo data should have customers due to buy again.");

        var got = new List<DueCustomerRow>();
        for (var page = 0; ; page++)
        {
            var result = await GetJsonAsync<DueList>(manager, $"/api/v1/analytics/due?page={page}&pageSize=25");
            Assert.Equal(today, result.Today);
            Assert.Equal(expected.Count, result.TotalCount);
            got.AddRange(result.Items);
            if (result.Items.Count < 25)
            {
                break;
            }
        }

        Assert.Equal(expected.Select(f => f.CustomerId), got.Select(r => r.CustomerId));
        Assert.Equal(expected.Select(f => today.DayNumber - f.NextPurchaseOn!.Value.DayNumber), got.Select(r => r.DaysOverdue));
        Assert.Equal(expected.Select(f => (f.UsualIntervalDays!.Value, f.LastPurchaseOn, f.NextPurchaseOn!.Value, f.DueOn!.Value, f.Monetary, f.ProbabilityAlive)),
            got.Select(r => (r.UsualIntervalDays, r.LastPurchaseOn, r.NextPurchaseOn, r.DueOn, r.PastSpend, r.ProbabilityAlive)));
        Assert.True(got.SequenceEqual(got.OrderBy(r => r.LikelyGone).ThenByDescending(r => r.DaysOverdue).ThenBy(r => r.CustomerId)));
        Assert.All(got, r => Assert.NotNull(r.ProbabilityAliveExplanation));
        Assert.All(got, r => Assert.True(r.DueOn <= today && r.DaysOverdue >= 0));
        Assert.All(got, r => Assert.InRange(r.TypicalProducts.Count, 1, DueQueries.TypicalProductsPerCustomer));
    }

    [Fact]
    public async Task A_customer_the_model_considers_gone_is_not_first_however_many_days_overdue()
    {
        await WaitForFiguresAsync(Host);
        using var manager = await Host.SignedInClientAsync("manager@ecrm.local");
        var today = TodayUtc;
        var due = (await FiguresAsync(Host)).Where(f => f.DueOn is { } d && d <= today).OrderBy(f => f.NextPurchaseOn).ThenBy(f => f.CustomerId).ToList();
        Assert.True(due.Count >= 2, "The demo data should have two customers due to buy again.");

        // The most overdue customer made gone (P(alive) 2%) and another one likely active (90%), then put back.
        var (gone, active) = (due[0], due[^1]);
        await SetProbabilityAliveAsync(gone.CustomerId, 0.02);
        await SetProbabilityAliveAsync(active.CustomerId, 0.9);
        try
        {
            var list = await GetJsonAsync<DueList>(manager, "/api/v1/analytics/due?pageSize=200");
            var rows = list.Items.ToList();
            var goneAt = rows.FindIndex(r => r.CustomerId == gone.CustomerId);

            Assert.NotEqual(gone.CustomerId, rows[0].CustomerId);
            Assert.True(rows[0].DaysOverdue <= rows[goneAt].DaysOverdue);
            Assert.True(rows[goneAt].LikelyGone);
            Assert.All(rows.Take(goneAt), r => Assert.False(r.LikelyGone));
            Assert.NotNull(rows[goneAt].ProbabilityAliveExplanation);
        }
        finally
        {
            await SetProbabilityAliveAsync(gone.CustomerId, gone.ProbabilityAlive);
            await SetProbabilityAliveAsync(active.CustomerId, active.ProbabilityAlive);
        }
    }

    private Task<int> SetProbabilityAliveAsync(long customerId, double? probability) =>
        Host.QueryAsync(db => db.Database.ExecuteSqlAsync(
            $"UPDATE \"Analytics_CustomerValues\" SET \"ProbabilityAlive\" = {probability} WHERE \"CustomerId\" = {customerId}"));

    [Fact]
    public async Task A_due_customers_typical_products_equal_an_independent_count_over_the_sales_orders()
    {
        await WaitForFiguresAsync(Host);
        using var manager = await Host.SignedInClientAsync("manager@ecrm.local");
        var list = await GetJsonAsync<DueList>(manager, "/api/v1/analytics/due?page=0&pageSize=10");
        Assert.NotEmpty(list.Items);
        foreach (var row in list.Items.Take(3))
        {
            // Orders per product among the customer's purchase orders (non-cancelled sales with a positive line), positive lines only.
            var counts = await SqlAsync(Host, """
                SELECT l.ProductCode, COUNT(DISTINCT o.Id) AS Orders
                FROM Sales_Orders o JOIN Sales_OrderLines l ON l.OrderId = o.Id
                WHERE o.CustomerId = $id AND o.IsPurchase = 1 AND l.Quantity > 0
                GROUP BY l.ProductCode
                """, ("$id", (object)row.CustomerId));
            var expected = counts
                .Select(r => (Code: (string)r[0]!, Orders: Convert.ToInt32(r[1], CultureInfo.InvariantCulture)))
                .OrderByDescending(c => c.Orders).ThenBy(c => c.Code, StringComparer.Ordinal).Take(DueQueries.TypicalProductsPerCustomer).ToList();
            Assert.Equal(expected, row.TypicalProducts.Select(p => (p.Code, p.Orders)));
            var names = await SqlAsync(Host, "SELECT Code, Name FROM Sales_Products");
            var nameOf = names.ToDictionary(r => (string)r[0]!, r => (string)r[1]!);
            Assert.All(row.TypicalProducts, p => Assert.Equal(nameOf[p.Code], p.Name));
        }
    }

    /// <summary>
    /// Every POST records one call: the API does not de-duplicate on its own (calling a customer twice is legitimate).
    /// A retry that must not record twice sends the same Idempotency-Key and gets the first response back; the page
    /// disables its button once the call is logged and offers "log another call" for an explicit second one.
    /// </summary>
    [Fact]
    public async Task Logging_a_call_records_one_interaction_on_the_timeline_and_only_an_explicit_second_post_records_another()
    {
        await WaitForFiguresAsync(Host);
        using var manager = await Host.SignedInClientAsync("manager@ecrm.local");
        var me = await GetJsonAsync<Crm.Web.Api.MeResponse>(manager, "/api/v1/me");
        var list = await GetJsonAsync<DueList>(manager, "/api/v1/analytics/due?page=0&pageSize=25");
        var row = list.Items[^1];
        var before = (await CallsAsync(Host, row.CustomerId)).Count;

        var key = Guid.NewGuid().ToString("N");
        using (var response = await PostCallAsync(manager, row.CustomerId, key))
        {
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        }

        var calls = await CallsAsync(Host, row.CustomerId);
        Assert.Equal(before + 1, calls.Count);
        var call = calls[^1];
        Assert.Equal(("Phone", "Outbound", "Call", me.Id), (call.Channel, call.Direction, call.Type, call.HandledBy));
        Assert.Contains(string.Create(CultureInfo.InvariantCulture, $"usually buys every {row.UsualIntervalDays:0.#} days"), call.Notes, StringComparison.Ordinal);
        Assert.All(row.TypicalProducts, p => Assert.Contains(p.Name, call.Notes, StringComparison.Ordinal));
        Assert.Null(call.Outcome);

        // A retry with the same key is replayed: still one call.
        using (var replay = await PostCallAsync(manager, row.CustomerId, key))
        {
            Assert.Equal(HttpStatusCode.Created, replay.StatusCode);
            Assert.Equal("true", replay.Headers.GetValues("Idempotent-Replayed").Single());
        }

        Assert.Equal(before + 1, (await CallsAsync(Host, row.CustomerId)).Count);

        // Asking again (a new POST) records a second call, here with an outcome note.
        using (var again = await PostCallAsync(manager, row.CustomerId, body: new { outcome = "Will order next week" }))
        {
            Assert.Equal(HttpStatusCode.Created, again.StatusCode);
        }

        calls = await CallsAsync(Host, row.CustomerId);
        Assert.Equal(before + 2, calls.Count);
        Assert.Equal("Will order next week", calls[^1].Outcome);

        // Unknown customer: 404 ProblemDetails, nothing recorded; an over-long outcome: 400 naming the field.
        using (var unknown = await PostCallAsync(manager, 987_654_321))
        {
            Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
            Assert.Equal("application/problem+json", unknown.Content.Headers.ContentType?.MediaType);
        }

        using (var tooLong = await PostCallAsync(manager, row.CustomerId, body: new { outcome = new string('x', 201) }))
        {
            Assert.Equal(new[] { "outcome" }, await ProblemFieldsAsync(tooLong));
        }

        Assert.Equal(before + 2, (await CallsAsync(Host, row.CustomerId)).Count);
    }

    [Fact]
    public async Task A_SalesRep_gets_403_from_every_lifetime_and_due_endpoint_and_records_nothing()
    {
        await WaitForFiguresAsync(Host);
        using var rep = await Host.SignedInClientAsync("rep@ecrm.local");
        var customerId = (await FiguresAsync(Host)).First(f => f.DueOn is not null).CustomerId;
        var before = (await CallsAsync(Host, customerId)).Count;
        foreach (var url in new[]
        {
            "/api/v1/analytics/lifetime", "/api/v1/analytics/top-clv", "/api/v1/analytics/at-risk",
            "/api/v1/analytics/at-risk/export", "/api/v1/analytics/due",
        })
        {
            using var response = await rep.GetAsync(new Uri(url, UriKind.Relative));
            Assert.True(response.StatusCode == HttpStatusCode.Forbidden, $"{url}: {(int)response.StatusCode}");
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        }

        using (var post = await PostCallAsync(rep, customerId))
        {
            Assert.Equal(HttpStatusCode.Forbidden, post.StatusCode);
        }

        Assert.Equal(before, (await CallsAsync(Host, customerId)).Count);

        // The queries refuse a SalesRep on their own too (not only the endpoints).
        await using var scope = Host.Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<CurrentUser>().SetSystemActor("test:rep", CrmRoles.SalesRep);
        await Assert.ThrowsAsync<Crm.Kernel.Errors.ForbiddenException>(() => scope.ServiceProvider.GetRequiredService<LifetimeQueries>().OverviewAsync());
        await Assert.ThrowsAsync<Crm.Kernel.Errors.ForbiddenException>(() => scope.ServiceProvider.GetRequiredService<DueQueries>().ListAsync(0, 10));
        await Assert.ThrowsAsync<Crm.Kernel.Errors.ForbiddenException>(() => scope.ServiceProvider.GetRequiredService<DueQueries>().LogCallAsync(customerId, null));
    }

    [Fact]
    public async Task The_openapi_document_describes_the_lifetime_and_due_endpoints_from_their_doc_comments()
    {
        using var manager = await Host.SignedInClientAsync("manager@ecrm.local");
        var document = await manager.GetFromJsonAsync<System.Text.Json.JsonElement>(new Uri("/openapi/v1.json", UriKind.Relative));
        var paths = document.GetProperty("paths");
        var overview = paths.GetProperty("/api/v1/analytics/lifetime").GetProperty("get").GetRawText();
        Assert.True(overview.Contains("buckets on a logarithmic scale", StringComparison.Ordinal), overview);
        var top = paths.GetProperty("/api/v1/analytics/top-clv").GetProperty("get").GetRawText();
        Assert.True(top.Contains("highest CLV first", StringComparison.Ordinal), top);
        var atRisk = paths.GetProperty("/api/v1/analytics/at-risk").GetProperty("get").GetRawText();
        Assert.Contains("maxProbabilityAlive", atRisk, StringComparison.Ordinal);
        Assert.Contains("\"400\"", atRisk, StringComparison.Ordinal);
        Assert.True(paths.TryGetProperty("/api/v1/analytics/at-risk/export", out _));
        Assert.Contains("most days overdue first", paths.GetProperty("/api/v1/analytics/due").GetProperty("get").GetRawText(), StringComparison.Ordinal);
        var call = paths.GetProperty("/api/v1/analytics/due/{customerId}/call").GetProperty("post").GetRawText();
        Assert.Contains("Idempotency-Key", call, StringComparison.Ordinal);
        Assert.Contains("\"404\"", call, StringComparison.Ordinal);
    }

    /// <summary>
    /// The stored figures are the engine's: the BG/NBD fit of ICustomerValueAnalytics over the same history and as-of date
    /// gives the same P(alive) and expected purchases. The recompute fits Gamma-Gamma on a sample of at most
    /// <see cref="CustomerValueProfile.SpendSample"/> repeat buyers; the demo data has far fewer, so the sample is all of them
    /// and CLV and expected order value must match too (otherwise only the purchase-model figures would be compared).
    /// Customers updated in real time since the recompute are left out (their figures are as of a later day).
    /// </summary>
    [Fact]
    public async Task The_stored_P_alive_and_CLV_equal_the_engines_lifetime_value_report_for_the_same_as_of_date()
    {
        await WaitForFiguresAsync(Host);
        var model = await Host.QueryAsync(db => db.Set<ValueModel>().AsNoTracking().OrderByDescending(m => m.Id).FirstAsync());
        var figures = (await FiguresAsync(Host)).Where(f => f.AsOf == model.AsOf && !f.UpdatedLive && f.ProbabilityAlive is not null)
            .ToDictionary(f => f.CustomerId);
        Assert.True(figures.Count > 50);

        await using var scope = Host.Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<CurrentUser>().SetSystemActor("test:manager", CrmRoles.Manager);
        var engine = scope.ServiceProvider.GetRequiredService<ICustomerValueAnalytics>();
        var report = await engine.LifetimeValueAsync(new LifetimeValueRequest(LifetimeModel.BgNbd, model.AsOf, LifetimeTimeUnit.Week, 52));
        var rows = report.Rows.Where(r => figures.ContainsKey(r.CustomerId)).ToList();
        Assert.Equal(figures.Count, rows.Count);

        var repeatBuyers = report.Rows.Count(r => r.X > 0);
        var compareSpend = repeatBuyers <= CustomerValueProfile.SpendSample;
        foreach (var row in rows)
        {
            var stored = figures[row.CustomerId];
            Assert.Equal(row.X, stored.RepeatPurchases);
            Assert.Equal(row.ProbabilityAlive, stored.ProbabilityAlive!.Value, 1e-9);
            Assert.Equal(row.ExpectedPurchases, stored.ExpectedPurchases!.Value, 1e-9 * Math.Max(1, row.ExpectedPurchases));
            if (compareSpend && row.Clv is { } clv)
            {
                Assert.Equal(clv, stored.Clv!.Value, 1e-6 * Math.Max(1, clv));
                Assert.Equal(row.ExpectedAverageValue!.Value, stored.ExpectedOrderValue!.Value, 1e-6 * Math.Max(1, row.ExpectedAverageValue.Value));
            }
        }

        Assert.True(compareSpend, $"The demo data has {repeatBuyers} repeat buyers, more than the Gamma-Gamma sample.");
    }
}
