using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Crm.Analytics.Domain;
using Crm.Analytics.Features.Associations;
using Crm.Analytics.Features.Shared;
using Crm.Analytics.Features.ValuePanel;
using Crm.Kernel;
using Crm.Sales.Contracts;
using Crm.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.Analytics.Tests.Dashboards.ValuePanel;

/// <summary>
/// <c>GET /api/v1/customers/{id}/value</c> against the stored rows, and <c>GET /api/v1/analytics/rules</c> against LINQ over
/// <c>Analytics_Rules</c>, with their access rules.
/// </summary>
[Collection(ValuePanelCollection.Name)]
public sealed class ValueApiTests(BrowserFixture browser)
{
    private CrmWebHost Host => browser.Host;

    [Fact]
    public async Task The_value_api_returns_the_stored_figures_history_and_recommendations()
    {
        var customerId = await ValueTestData.RichCustomerAsync(Host, 0);
        using var manager = await Host.SignedInClientAsync("manager@ecrm.local");
        var value = await GetValueAsync(manager, customerId);
        var row = await ValueTestData.RowAsync(Host, customerId);

        Assert.Equal(row.CustomerId, value.CustomerId);
        Assert.Equal(row.AsOf, value.AsOf);
        Assert.Equal(row.UpdatedLive, value.UpdatedLive);
        Assert.Equal(row.FirstPurchaseOn, value.FirstPurchaseOn);
        Assert.Equal(row.LastPurchaseOn, value.LastPurchaseOn);
        Assert.Equal(row.RecencyDays, value.RecencyDays);
        Assert.Equal(row.Frequency, value.Frequency);
        Assert.Equal(row.Monetary, value.Monetary);
        Assert.Equal(row.Profit, value.Profit);
        Assert.Equal(row.ServiceCost, value.ServiceCost);
        Assert.Equal(row.RecencyScore, value.RecencyScore);
        Assert.Equal(row.FrequencyScore, value.FrequencyScore);
        Assert.Equal(row.MonetaryScore, value.MonetaryScore);
        Assert.Equal(row.Segment, value.Segment);
        Assert.Equal(TierNames.Of(row.SpendTier), value.SpendTier);
        Assert.Equal(row.ProfitTier is null ? null : TierNames.Of(row.ProfitTier), value.ProfitTier);
        Assert.Equal(row.ProbabilityAlive, value.ProbabilityAlive);
        Assert.Equal(row.ExpectedPurchases, value.ExpectedPurchases);
        Assert.Equal(row.ExpectedOrderValue, value.ExpectedOrderValue);
        Assert.Equal(row.Clv, value.Clv);
        Assert.Equal(
            Crm.Analytics.Features.Shared.AliveExplanation.For(row.ProbabilityAlive, row.RepeatPurchases, row.Frequency, row.FirstPurchaseOn, row.LastPurchaseOn, row.AsOf),
            value.ProbabilityAliveExplanation);
        Assert.NotNull(value.ProbabilityAliveExplanation);
        Assert.Equal(row.UsualIntervalDays, value.UsualIntervalDays);
        Assert.Equal(row.NextPurchaseOn, value.NextPurchaseOn);
        Assert.Equal(row.DueOn, value.DueOn);
        Assert.Equal(row.DueOn is { } due && due <= DateOnly.FromDateTime(DateTime.UtcNow), value.Overdue);

        var history = await Host.QueryAsync(db => db.Set<ValueSnapshotCustomer>().AsNoTracking()
            .Where(s => s.CustomerId == customerId).OrderByDescending(s => s.Period).Take(6).ToListAsync());
        var snapshots = await Host.QueryAsync(db => db.Set<ValueSnapshot>().AsNoTracking().ToDictionaryAsync(s => s.Period, s => s.AsOf));
        Assert.NotEmpty(history);
        Assert.Equal(history.Select(h => (h.Period, snapshots[h.Period], h.Segment, h.Monetary, h.Frequency, TierNames.Of(h.SpendTier), h.PeriodSpend, TierNames.Of(h.PeriodTier))),
            value.TierHistory.Select(h => (h.Period, h.AsOf, h.Segment, h.Monetary, h.Frequency, h.SpendTier, h.PeriodSpend, h.PeriodTier)));

        await using var scope = ValueTestData.Scope(Host);
        var bought = await scope.ServiceProvider.GetRequiredService<ISalesHistory>().ProductCodesBoughtAsync(customerId);
        var expected = ValueTestData.ExpectedRecommendations(await ValueTestData.RulesAsync(Host), bought, 3);
        Assert.NotEmpty(expected);
        Assert.Equal(expected.Select(r => (r.Consequent, string.Join('|', r.AntecedentCodes), r.Confidence, r.Lift, r.SupportCount)),
            value.Recommendations.Select(r => (r.Product.Code, string.Join('|', r.Because.Select(b => b.Code)), r.Confidence, r.Lift, r.SupportCount)));
        Assert.All(value.Recommendations, r => Assert.StartsWith("Bought ", r.Reason, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Every_role_that_sees_the_customer_gets_the_figures_with_a_cookie_or_an_api_key()
    {
        var repId = await Host.QueryAsync(db => db.Users.Where(u => u.Email == "rep@ecrm.local").Select(u => u.Id).SingleAsync());
        var owned = await Host.QueryAsync(db => db.Database.SqlQuery<long>(
                $"SELECT c.\"Id\" AS \"Value\" FROM \"Contacts_Customers\" c JOIN \"Analytics_CustomerValues\" v ON v.\"CustomerId\" = c.\"Id\" WHERE c.\"OwnerId\" = {repId} ORDER BY c.\"Id\"")
            .FirstAsync());
        var notOwned = await Host.QueryAsync(db => db.Database.SqlQuery<long>(
                $"SELECT c.\"Id\" AS \"Value\" FROM \"Contacts_Customers\" c JOIN \"Analytics_CustomerValues\" v ON v.\"CustomerId\" = c.\"Id\" WHERE c.\"OwnerId\" IS NULL OR c.\"OwnerId\" <> {repId} ORDER BY c.\"Id\"")
            .FirstAsync());

        using var rep = await Host.SignedInClientAsync("rep@ecrm.local");
        Assert.Equal(owned, (await GetValueAsync(rep, owned)).CustomerId);
        // Contacts lets every role read every customer, so the rep also sees the figures of a customer someone else owns.
        Assert.Equal(notOwned, (await GetValueAsync(rep, notOwned)).CustomerId);
        using var agent = await Host.SignedInClientAsync("agent@ecrm.local");
        Assert.Equal((await ValueTestData.RowAsync(Host, owned)).Monetary, (await GetValueAsync(agent, owned)).Monetary);
        using var key = await ValueTestData.ApiKeyClientAsync(Host, CrmRoles.ServiceAgent);
        Assert.Equal((await ValueTestData.RowAsync(Host, owned)).Segment, (await GetValueAsync(key, owned)).Segment);

        using var anonymous = new HttpClient { BaseAddress = Host.BaseAddress };
        using var refused = await anonymous.GetAsync(new Uri($"/api/v1/customers/{owned}/value", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
    }

    [Fact]
    public async Task The_value_api_says_which_customer_is_unknown_and_which_has_no_purchases()
    {
        using var manager = await Host.SignedInClientAsync("manager@ecrm.local");
        using var unknown = await manager.GetAsync(new Uri("/api/v1/customers/987654321/value", UriKind.Relative));
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal("application/problem+json", unknown.Content.Headers.ContentType?.MediaType);
        Assert.Contains("No customer with id 987654321", await unknown.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        using var created = await manager.PostAsJsonAsync(new Uri("/api/v1/customers?allowDuplicates=true", UriKind.Relative),
            new { firstName = "Never", lastName = "Bought" + Guid.NewGuid().ToString("N")[..6] });
        Assert.True(created.IsSuccessStatusCode, await created.Content.ReadAsStringAsync());
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();
        using var none = await manager.GetAsync(new Uri($"/api/v1/customers/{id}/value", UriKind.Relative));
        Assert.Equal(HttpStatusCode.NotFound, none.StatusCode);
        var problem = await none.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("noPurchases", problem.GetProperty("reason").GetString());
        Assert.Contains("not bought anything yet", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null, null, null, null, "lift")]
    [InlineData(null, 0.01, null, null, "support")]
    [InlineData(null, null, 0.5, null, "confidence")]
    [InlineData(null, null, null, 2.0, "lift")]
    [InlineData(null, 0.005, 0.3, 1.5, "confidence")]
    [InlineData("code", null, null, null, "lift")]
    [InlineData("name", null, 0.2, null, "support")]
    public async Task The_rules_api_filters_sorts_and_pages_like_linq_over_the_stored_rules(
        string? productKind, double? minSupport, double? minConfidence, double? minLift, string sort)
    {
        var rules = await ValueTestData.RulesAsync(Host);
        Assert.NotEmpty(rules);
        string? product = null;
        Func<StoredAssociationRule, bool> matchesProduct = _ => true;
        if (productKind is not null)
        {
            // The product on the most rules, by its code or by a word of its catalogue name.
            var code = rules.SelectMany(r => r.AntecedentCodes.Append(r.Consequent)).GroupBy(c => c).OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal).First().Key;
            await using var scope = ValueTestData.Scope(Host);
            var sales = scope.ServiceProvider.GetRequiredService<ISalesHistory>();
            if (productKind == "code")
            {
                product = code.ToLowerInvariant();
                matchesProduct = r => r.Antecedent.Contains($"|{code}|", StringComparison.Ordinal) || r.Consequent == code;
            }
            else
            {
                var allCodes = rules.SelectMany(r => r.AntecedentCodes.Append(r.Consequent)).Distinct().ToList();
                var names = await sales.ProductNamesAsync(allCodes);
                product = names[code].Split(' ').OrderByDescending(w => w.Length).First();
                var codes = allCodes.Where(c => c.Contains(product, StringComparison.OrdinalIgnoreCase)
                    || (names.TryGetValue(c, out var n) && n.Contains(product, StringComparison.CurrentCultureIgnoreCase))).ToHashSet();
                Assert.DoesNotContain(allCodes, c => string.Equals(c, product, StringComparison.OrdinalIgnoreCase));
                matchesProduct = r => r.AntecedentCodes.Any(codes.Contains) || codes.Contains(r.Consequent);
            }
        }

        var filtered = rules.Where(r => (minSupport is null || r.Support >= minSupport) && (minConfidence is null || r.Confidence >= minConfidence)
            && (minLift is null || r.Lift >= minLift) && matchesProduct(r));
        var expected = (sort switch
        {
            "support" => filtered.OrderByDescending(r => r.Support).ThenByDescending(r => r.Confidence).ThenByDescending(r => r.Lift),
            "confidence" => filtered.OrderByDescending(r => r.Confidence).ThenByDescending(r => r.Lift).ThenByDescending(r => r.Support),
            _ => filtered.OrderByDescending(r => r.Lift).ThenByDescending(r => r.Confidence).ThenByDescending(r => r.Support),
        }).ThenBy(r => r.Id).Select(r => r.Id).ToList();
        Assert.NotEmpty(expected);

        using var manager = await Host.SignedInClientAsync("manager@ecrm.local");
        var ids = new List<long>();
        const int pageSize = 200;
        for (var page = 0; ; page++)
        {
            var url = $"/api/v1/analytics/rules?sort={sort}&page={page}&pageSize={pageSize}"
                + (product is null ? "" : $"&product={Uri.EscapeDataString(product)}")
                + (minSupport is null ? "" : $"&minSupport={minSupport.Value.ToString(CultureInfo.InvariantCulture)}")
                + (minConfidence is null ? "" : $"&minConfidence={minConfidence.Value.ToString(CultureInfo.InvariantCulture)}")
                + (minLift is null ? "" : $"&minLift={minLift.Value.ToString(CultureInfo.InvariantCulture)}");
            var result = await manager.GetFromJsonAsync<AssociationRulePage>(new Uri(url, UriKind.Relative), ValueTestData.Json);
            Assert.Equal(expected.Count, result!.TotalCount);
            ids.AddRange(result.Items.Select(i => i.Id));
            if (result.Items.Count < pageSize)
            {
                break;
            }
        }

        Assert.Equal(expected, ids);
    }

    [Fact]
    public async Task The_rules_api_names_the_products_and_exports_the_filtered_rules_as_csv()
    {
        var rules = await ValueTestData.RulesAsync(Host);
        using var manager = await Host.SignedInClientAsync("manager@ecrm.local");
        var page = await manager.GetFromJsonAsync<AssociationRulePage>(new Uri("/api/v1/analytics/rules?minConfidence=0.3&pageSize=5", UriKind.Relative), ValueTestData.Json);
        var first = rules.Single(r => r.Id == page!.Items[0].Id);
        Assert.Equal(first.AntecedentCodes, page!.Items[0].Antecedent.Select(p => p.Code));
        Assert.Equal(first.Consequent, page.Items[0].Consequent.Code);
        Assert.All(page.Items, i => Assert.False(string.IsNullOrEmpty(i.Consequent.Name)));
        Assert.Equal(first.SupportCount, page.Items[0].SupportCount);

        var csv = await manager.GetStringAsync(new Uri("/api/v1/analytics/rules/export?minConfidence=0.3&sort=confidence", UriKind.Relative));
        var lines = csv.TrimStart('\uFEFF').Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(string.Join(',', AssociationRuleCsv.Columns), lines[0]);
        Assert.Equal(rules.Count(r => r.Confidence >= 0.3), lines.Length - 1);
        Assert.Equal("'=SUM(A1)", AssociationRuleCsv.Text("=SUM(A1)"));
        Assert.Equal("\"a, \"\"b\"\"\"", AssociationRuleCsv.Text("a, \"b\""));
    }

    [Theory]
    [InlineData("minSupport=1.5", "minSupport")]
    [InlineData("minConfidence=-0.1", "minConfidence")]
    [InlineData("minConfidence=0.1234567", "minConfidence")] // more decimals than the stored doubles can tell apart exactly
    [InlineData("minLift=-1", "minLift")]
    [InlineData("sort=popularity", "sort")]
    [InlineData("pageSize=1000", "pageSize")]
    [InlineData("minLift=abc", "minLift")]
    public async Task An_invalid_rules_filter_is_a_problem_naming_the_field(string query, string field)
    {
        using var manager = await Host.SignedInClientAsync("manager@ecrm.local");
        using var response = await manager.GetAsync(new Uri($"/api/v1/analytics/rules?{query}", UriKind.Relative));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Contains(problem.GetProperty("errors").EnumerateObject(), e => string.Equals(e.Name, field, StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task A_sales_rep_is_refused_the_rules_api()
    {
        using var rep = await Host.SignedInClientAsync("rep@ecrm.local");
        using var list = await rep.GetAsync(new Uri("/api/v1/analytics/rules", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Forbidden, list.StatusCode);
        using var export = await rep.GetAsync(new Uri("/api/v1/analytics/rules/export", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Forbidden, export.StatusCode);
        using var key = await ValueTestData.ApiKeyClientAsync(Host, CrmRoles.SalesRep);
        using var byKey = await key.GetAsync(new Uri("/api/v1/analytics/rules", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Forbidden, byKey.StatusCode);
        using var managerKey = await ValueTestData.ApiKeyClientAsync(Host, CrmRoles.Manager);
        using var allowed = await managerKey.GetAsync(new Uri("/api/v1/analytics/rules", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);

        // The query service refuses too (what the page uses), not only the API's attribute.
        await using var scope = ValueTestData.Scope(Host, CrmRoles.SalesRep);
        await Assert.ThrowsAsync<Crm.Kernel.Errors.ForbiddenException>(() =>
            scope.ServiceProvider.GetRequiredService<AssociationRuleQueries>().ListAsync(new AssociationRuleQuery()));
    }

    [Fact]
    public async Task The_openapi_document_describes_the_value_and_rules_endpoints()
    {
        using var manager = await Host.SignedInClientAsync("manager@ecrm.local");
        var document = await manager.GetFromJsonAsync<JsonElement>(new Uri("/openapi/v1.json", UriKind.Relative));
        var paths = document.GetProperty("paths");
        // The XML doc comments feed the document (as summary or description, parameters and responses).
        var value = paths.GetProperty("/api/v1/customers/{id}/value").GetProperty("get").GetRawText();
        Assert.Contains("recommended products", value, StringComparison.Ordinal);
        Assert.Contains("\"404\"", value, StringComparison.Ordinal);
        var rules = paths.GetProperty("/api/v1/analytics/rules").GetProperty("get").GetRawText();
        Assert.Contains("minLift", rules, StringComparison.Ordinal);
        Assert.Contains("Minimum lift, 0 or more.", rules, StringComparison.Ordinal);
        Assert.True(paths.TryGetProperty("/api/v1/analytics/rules/export", out _));
    }

    private static async Task<CustomerValueDto> GetValueAsync(HttpClient client, long customerId)
    {
        using var response = await client.GetAsync(new Uri($"/api/v1/customers/{customerId}/value", UriKind.Relative));
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return (await response.Content.ReadFromJsonAsync<CustomerValueDto>(ValueTestData.Json))!;
    }
}
