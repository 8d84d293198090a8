using System.Globalization;
using Bunit;
using Crm.Analytics.Domain;
using Crm.Analytics.Features.Associations;
using Crm.Analytics.Features.Live;
using Crm.Analytics.Features.Shared;
using Crm.Analytics.Features.ValuePanel;
using Crm.Kernel;
using Crm.Sales.Contracts;
using Crm.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using MudBlazor.Services;

namespace Crm.Analytics.Tests.Dashboards.ValuePanel;

/// <summary>
/// bUnit: the value panel and "also bought" rendered with their real query services over the demo host's SQLite file, checked
/// against the stored rows; the value panel re-renders when the live-update event fires.
/// </summary>
[Collection(ValuePanelCollection.Name)]
public sealed class ValuePanelComponentTests(BrowserFixture browser)
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(60);

    private CrmWebHost Host => browser.Host;

    [Fact]
    public async Task The_value_panel_shows_the_stored_scores_segment_tiers_history_and_recommendations()
    {
        var customerId = await ValueTestData.RichCustomerAsync(Host, 0);
        var row = await ValueTestData.RowAsync(Host, customerId);
        var history = await Host.QueryAsync(db => db.Set<ValueSnapshotCustomer>().AsNoTracking()
            .Where(s => s.CustomerId == customerId).OrderByDescending(s => s.Period).Take(6).ToListAsync());
        await using var scope = ValueTestData.Scope(Host, CrmRoles.ServiceAgent);
        var sales = scope.ServiceProvider.GetRequiredService<ISalesHistory>();
        var expected = ValueTestData.ExpectedRecommendations(
            await ValueTestData.RulesAsync(Host), await sales.ProductCodesBoughtAsync(customerId), CustomerValueQueries.MaxRecommendations);
        var names = await sales.ProductNamesAsync([.. expected.SelectMany(r => r.AntecedentCodes.Append(r.Consequent))]);

        await using var context = NewContext(scope);
        var cut = context.Render<CustomerValuePanel>(p => p.Add(x => x.CustomerId, customerId));
        cut.WaitForAssertion(() => Assert.NotEmpty(cut.FindAll("[data-testid=value-r]")), Wait);

        Assert.Equal($"R {row.RecencyScore}", Text(cut, "value-r"));
        Assert.Equal($"F {row.FrequencyScore}", Text(cut, "value-f"));
        Assert.Equal($"M {row.MonetaryScore}", Text(cut, "value-m"));
        Assert.Equal(row.Segment, Text(cut, "value-segment"));
        Assert.Equal($"Spend: {TierNames.Of(row.SpendTier)}", Text(cut, "value-spend-tier"));
        Assert.Equal($"Profit: {(row.ProfitTier is null ? "unknown" : TierNames.Of(row.ProfitTier))}", Text(cut, "value-profit-tier"));
        Assert.Equal($"{row.Frequency.ToString("N0", CultureInfo.CurrentCulture)} orders", Text(cut, "value-frequency"));
        Assert.Equal(row.Monetary.ToString("N2", CultureInfo.CurrentCulture), Text(cut, "value-monetary"));
        Assert.Equal(row.Clv?.ToString("N2", CultureInfo.CurrentCulture) ?? "—", Text(cut, "value-clv"));
        Assert.StartsWith($"P(alive) {row.ProbabilityAlive?.ToString("P0", CultureInfo.CurrentCulture) ?? "—"}", Text(cut, "value-palive"), StringComparison.Ordinal);
        Assert.Equal(
            Crm.Analytics.Features.Shared.AliveExplanation.For(row.ProbabilityAlive, row.RepeatPurchases, row.Frequency, row.FirstPurchaseOn, row.LastPurchaseOn, row.AsOf)!.Text,
            Text(cut, "value-palive-explanation"));
        Assert.Equal($"every {row.UsualIntervalDays!.Value.ToString("0.#", CultureInfo.CurrentCulture)} days", Text(cut, "value-interval"));
        Assert.Equal($"next expected {row.NextPurchaseOn!.Value.ToString("yyyy-MM-dd", CultureInfo.CurrentCulture)}", Text(cut, "value-next"));
        var overdue = row.DueOn is { } due && due <= DateOnly.FromDateTime(DateTime.UtcNow);
        Assert.Equal(overdue, cut.FindAll("[data-testid=value-overdue]").Count == 1);

        var historyRows = cut.FindAll("[data-testid=value-history-row]");
        Assert.Equal(history.Count, historyRows.Count);
        for (var i = 0; i < history.Count; i++)
        {
            var cells = historyRows[i].QuerySelectorAll("td").Select(c => c.TextContent.Trim()).ToList();
            Assert.Equal(history[i].Period, cells[0]);
            Assert.Equal(TierNames.Of(history[i].SpendTier), cells[1]);
            Assert.Equal(history[i].ProfitTier is null ? "unknown" : TierNames.Of(history[i].ProfitTier), cells[2]);
            Assert.Equal(TierNames.Of(history[i].PeriodTier), cells[3]);
            Assert.Equal(history[i].Monetary.ToString("N2", CultureInfo.CurrentCulture), cells[4]);
            Assert.Equal(history[i].Segment, cells[5]);
        }

        Assert.Equal(history.Count + 1, cut.FindAll("[data-testid=value-tier-sparkline] circle").Count);

        var reasons = cut.FindAll("[data-testid=value-recommendation-reason]").Select(e => e.TextContent.Trim()).ToList();
        var products = cut.FindAll("[data-testid=value-recommendation-product]").Select(e => e.TextContent.Trim()).ToList();
        Assert.NotEmpty(expected);
        Assert.Equal(expected.Select(r => names.GetValueOrDefault(r.Consequent, r.Consequent)), products);
        Assert.Equal(expected.Select(r => ExpectedReason(r, names)), reasons);
    }

    [Fact]
    public async Task The_value_panel_reloads_when_the_customers_figures_change()
    {
        var customerId = await ValueTestData.RichCustomerAsync(Host, 1);
        var original = await ValueTestData.RowAsync(Host, customerId);
        await using var scope = ValueTestData.Scope(Host, CrmRoles.SalesRep);
        await using var context = NewContext(scope);
        var cut = context.Render<CustomerValuePanel>(p => p.Add(x => x.CustomerId, customerId));
        cut.WaitForAssertion(() => Assert.Equal($"F {original.FrequencyScore}", Text(cut, "value-f")), Wait);
        Assert.DoesNotContain("Updated just now", Text(cut, "value-updated"), StringComparison.Ordinal);

        // Change the stored row as a real-time update would, then raise the event the live updater raises.
        var newFrequency = original.Frequency + 11;
        var newMonetary = original.Monetary + 12_345.67m;
        var newSegment = original.Segment == "Champions" ? "Loyal" : "Champions";
        var newScore = (byte)(original.FrequencyScore == 5 ? 4 : 5);
        try
        {
            await SetRowAsync(customerId, newFrequency, newMonetary, newSegment, newScore);
            Host.Services.GetRequiredService<CustomerValueChanges>().RaiseCustomerChanged(customerId);
            cut.WaitForAssertion(() =>
            {
                Assert.Equal($"{newFrequency.ToString("N0", CultureInfo.CurrentCulture)} orders", Text(cut, "value-frequency"));
                Assert.Equal(newMonetary.ToString("N2", CultureInfo.CurrentCulture), Text(cut, "value-monetary"));
                Assert.Equal(newSegment, Text(cut, "value-segment"));
                Assert.Equal($"F {newScore}", Text(cut, "value-f"));
                Assert.Contains("Updated just now", Text(cut, "value-updated"), StringComparison.Ordinal);
            }, Wait);

            // Another customer's change leaves this panel alone.
            var before = cut.RenderCount;
            Host.Services.GetRequiredService<CustomerValueChanges>().RaiseCustomerChanged(customerId + 1_000_000);
            Assert.Equal(before, cut.RenderCount);
        }
        finally
        {
            await SetRowAsync(customerId, original.Frequency, original.Monetary, original.Segment, original.FrequencyScore);
        }
    }

    [Fact]
    public async Task The_value_panel_reloads_after_a_recompute_and_shows_nothing_to_a_user_without_a_role()
    {
        var customerId = await ValueTestData.RichCustomerAsync(Host, 0);
        await using (var scope = ValueTestData.Scope(Host, CrmRoles.ServiceAgent))
        {
            await using var context = NewContext(scope);
            var cut = context.Render<CustomerValuePanel>(p => p.Add(x => x.CustomerId, customerId));
            cut.WaitForAssertion(() => Assert.NotEmpty(cut.FindAll("[data-testid=value-r]")), Wait);
            Host.Services.GetRequiredService<CustomerValueChanges>().RaiseRecomputed();
            cut.WaitForAssertion(() => Assert.Contains("Updated just now", Text(cut, "value-updated"), StringComparison.Ordinal), Wait);
        }

        await using var noRole = Host.Services.CreateAsyncScope();
        noRole.ServiceProvider.GetRequiredService<Crm.Kernel.Identity.CurrentUser>().Set(
            new System.Security.Claims.ClaimsPrincipal(new System.Security.Claims.ClaimsIdentity([new System.Security.Claims.Claim("sub", "nobody")], "test")));
        await using var denied = NewContext(noRole);
        var panel = denied.Render<CustomerValuePanel>(p => p.Add(x => x.CustomerId, customerId));
        panel.WaitForAssertion(() => Assert.NotEmpty(panel.FindAll("[data-testid=value-error]")), Wait);
        Assert.Empty(panel.FindAll("[data-testid=value-r]"));
        Assert.Empty(panel.FindAll("[data-testid=value-monetary]"));
    }

    [Fact]
    public async Task The_value_panel_of_a_customer_without_purchases_says_so()
    {
        var customerId = await Host.QueryAsync(db => db.Database
            .SqlQuery<long>($"SELECT c.\"Id\" AS \"Value\" FROM \"Contacts_Customers\" c WHERE NOT EXISTS (SELECT 1 FROM \"Analytics_CustomerValues\" v WHERE v.\"CustomerId\" = c.\"Id\")")
            .FirstOrDefaultAsync());
        Assert.NotEqual(0, customerId);
        await using var scope = ValueTestData.Scope(Host, CrmRoles.ServiceAgent);
        Assert.Empty(await scope.ServiceProvider.GetRequiredService<ISalesHistory>().PurchasesOfCustomerAsync(customerId));
        await using var context = NewContext(scope);
        var cut = context.Render<CustomerValuePanel>(p => p.Add(x => x.CustomerId, customerId));
        cut.WaitForAssertion(() => Assert.StartsWith("No purchases yet", Text(cut, "value-empty"), StringComparison.Ordinal), Wait);
    }

    [Fact]
    public async Task Also_bought_lists_the_rules_of_exactly_that_product_by_confidence()
    {
        var rules = await ValueTestData.RulesAsync(Host);
        var code = rules.Where(r => r.AntecedentSize == 1).GroupBy(r => r.Antecedent).OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal)
            .First().Key.Trim('|');
        var expected = rules.Where(r => r.Antecedent == $"|{code}|")
            .OrderByDescending(r => r.Confidence).ThenByDescending(r => r.Lift).ThenBy(r => r.Consequent, StringComparer.Ordinal).Take(10).ToList();
        await using var scope = ValueTestData.Scope(Host, CrmRoles.ServiceAgent);
        var names = await scope.ServiceProvider.GetRequiredService<ISalesHistory>()
            .ProductNamesAsync([code, .. expected.Select(r => r.Consequent)]);

        await using var context = NewContext(scope);
        var cut = context.Render<AlsoBoughtPanel>(p => p.Add(x => x.ProductCode, code));
        cut.WaitForAssertion(() => Assert.NotEmpty(cut.FindAll("[data-testid=also-bought-text]")), Wait);

        var texts = cut.FindAll("[data-testid=also-bought-text]").Select(e => Normalize(e.TextContent)).ToList();
        var name = names[code];
        Assert.Equal(expected.Select(r =>
            $"Customers who bought {name} also bought {names.GetValueOrDefault(r.Consequent, r.Consequent)} {r.Consequent} "
            + $"({r.Confidence.ToString("P0", CultureInfo.CurrentCulture)} of baskets with {name}, lift {r.Lift.ToString("0.0", CultureInfo.CurrentCulture)})"), texts);
    }

    private static BunitContext NewContext(AsyncServiceScope scope)
    {
        var context = new BunitContext();
        context.JSInterop.Mode = JSRuntimeMode.Loose;
        context.Services.AddMudServices();
        context.Services.AddFallbackServiceProvider(scope.ServiceProvider);
        context.Render<MudPopoverProvider>();
        return context;
    }

    private static string Text<T>(IRenderedComponent<T> cut, string testId)
        where T : Microsoft.AspNetCore.Components.IComponent =>
        Normalize(cut.Find($"[data-testid={testId}]").TextContent);

    private static string Normalize(string text) => string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));

    private static string ExpectedReason(StoredAssociationRule rule, IReadOnlyDictionary<string, string> names)
    {
        var because = rule.AntecedentCodes.Select(c => names.GetValueOrDefault(c, c)).ToList();
        var list = because.Count == 1 ? because[0] : string.Join(", ", because[..^1]) + " and " + because[^1];
        var percent = Math.Round(rule.Confidence * 100, MidpointRounding.AwayFromZero).ToString("0", CultureInfo.InvariantCulture);
        return $"Bought {list}; {percent}% of baskets with {(because.Count == 1 ? "it" : "them")} also had {names.GetValueOrDefault(rule.Consequent, rule.Consequent)}.";
    }

    private Task SetRowAsync(long customerId, int frequency, decimal monetary, string segment, byte frequencyScore) =>
        Host.QueryAsync(db => db.Set<CustomerValueRecord>().Where(v => v.CustomerId == customerId).ExecuteUpdateAsync(s => s
            .SetProperty(v => v.Frequency, frequency)
            .SetProperty(v => v.Monetary, monetary)
            .SetProperty(v => v.Segment, segment)
            .SetProperty(v => v.FrequencyScore, frequencyScore)));
}
