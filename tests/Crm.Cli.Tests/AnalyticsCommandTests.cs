using System.Globalization;
using System.Text.Json;

namespace Crm.Cli.Tests;

internal static class Published
{
    /// <summary>
    /// A published figure rounded to <paramref name="decimals"/>: accept a relative 1e-3 or half a unit of the last published
    /// digit, whichever is larger.
    /// </summary>
    public static void Near(double published, int decimals, double actual, string what)
    {
        var tolerance = Math.Max(1e-3 * Math.Abs(published), 0.5 * Math.Pow(10, -decimals));
        Assert.True(Math.Abs(actual - published) <= tolerance,
            string.Create(CultureInfo.InvariantCulture, $"{what}: {actual} is not within {tolerance} of the published {published}"));
    }

    public static JsonElement Json(CliResult result)
    {
        Assert.True(result.ExitCode == 0, $"exit {result.ExitCode}: {result.Error}");
        return JsonDocument.Parse(result.Output).RootElement;
    }

    public static string[][] Csv(string path) =>
        [.. File.ReadAllLines(path).Select(line => line.Split(','))];
}

/// <summary>The CDNOW sample imported once through <c>crm import orders --format cdnow-sample</c>.</summary>
public sealed class CdnowSampleDatabase : IAsyncLifetime
{
    internal CrmCommandLine Cli { get; } = new();

    public async Task InitializeAsync()
    {
        var import = await Cli.RunAsync("import", "orders", "--format", "cdnow-sample", RepositoryData.PathOf("cdnow/CDNOW_sample.txt"));
        Assert.True(import.ExitCode == 0, import.Error);
    }

    public Task DisposeAsync()
    {
        Cli.Dispose();
        return Task.CompletedTask;
    }
}

/// <summary>Published lifetime-model figures on the CDNOW sample (39-week calibration ending 1997-09-30), through import and CLI.</summary>
public sealed class ClvCommandTests(CdnowSampleDatabase database) : IClassFixture<CdnowSampleDatabase>, IDisposable
{
    private readonly string csv = Path.Combine(Path.GetTempPath(), "ecrm-tests", $"clv-{Guid.NewGuid():N}.csv");

    public void Dispose() => File.Delete(csv);

    [Fact]
    public async Task BG_NBD_reproduces_the_published_fit_on_2357_customers()
    {
        var json = Published.Json(await database.Cli.RunAsync("analytics", "clv", "--model", "bgnbd", "--calibration-end", "1997-09-30", "--json"));

        Assert.Equal("bgnbd", json.GetProperty("model").GetString());
        Assert.Equal("week", json.GetProperty("timeUnit").GetString());
        Assert.Equal("1997-09-30", json.GetProperty("calibrationEnd").GetString());
        Assert.Equal(2357, json.GetProperty("customers").GetInt32());
        var p = json.GetProperty("parameters");
        Published.Near(0.243, 3, p.GetProperty("r").GetDouble(), "r");
        Published.Near(4.414, 3, p.GetProperty("alpha").GetDouble(), "alpha");
        Published.Near(0.793, 3, p.GetProperty("a").GetDouble(), "a");
        Published.Near(2.426, 3, p.GetProperty("b").GetDouble(), "b");
        Published.Near(-9582.4, 1, json.GetProperty("logLikelihood").GetDouble(), "log-likelihood");
    }

    [Fact]
    public async Task Pareto_NBD_reproduces_the_published_fit()
    {
        var json = Published.Json(await database.Cli.RunAsync("analytics", "clv", "--model", "pnbd", "--calibration-end", "1997-09-30", "--time-unit", "week", "--json"));

        Assert.Equal(2357, json.GetProperty("customers").GetInt32());
        var p = json.GetProperty("parameters");
        Published.Near(0.553, 3, p.GetProperty("r").GetDouble(), "r");
        Published.Near(10.578, 3, p.GetProperty("alpha").GetDouble(), "alpha");
        Published.Near(0.606, 3, p.GetProperty("s").GetDouble(), "s");
        Published.Near(11.669, 3, p.GetProperty("beta").GetDouble(), "beta");
        Published.Near(-9595.0, 1, json.GetProperty("logLikelihood").GetDouble(), "log-likelihood");
    }

    [Fact]
    public async Task Gamma_Gamma_reproduces_the_published_fit_on_the_946_repeat_buyers()
    {
        var json = Published.Json(await database.Cli.RunAsync("analytics", "clv", "--model", "gg", "--calibration-end", "1997-09-30", "--json"));

        Assert.Equal("gg", json.GetProperty("model").GetString());
        Assert.Equal(946, json.GetProperty("customers").GetInt32());
        var p = json.GetProperty("parameters");
        Published.Near(6.25, 2, p.GetProperty("p").GetDouble(), "p");
        Published.Near(3.74, 2, p.GetProperty("q").GetDouble(), "q");
        Published.Near(15.44, 2, p.GetProperty("gamma").GetDouble(), "gamma");
    }

    [Fact]
    public async Task The_csv_has_every_customer_with_the_published_calibration_summary_and_consistent_predictions()
    {
        var result = await database.Cli.RunAsync("analytics", "clv", "--model", "bgnbd", "--calibration-end", "1997-09-30", "--horizon", "39", "--out", csv);
        Assert.True(result.ExitCode == 0, result.Error);
        Assert.Contains("Reading purchase orders", result.Error, StringComparison.Ordinal);

        var rows = Published.Csv(csv);
        Assert.Equal(["customer", "x", "t_x", "T", "p_alive", "expected_purchases", "expected_average_value", "clv"], rows[0]);
        var published = File.ReadAllLines(RepositoryData.PathOf("cdnow/cdnow_customers_summary_with_transactions.csv")).Skip(1)
            .Select(l => l.Split(','))
            .ToDictionary(f => int.Parse(f[0], CultureInfo.InvariantCulture), f => f);
        Assert.Equal(published.Count, rows.Length - 1);
        foreach (var row in rows.Skip(1))
        {
            // The importer keeps the sample id ("0001") as the customer's external id.
            var expected = published[int.Parse(row[0], CultureInfo.InvariantCulture)];
            Assert.Equal(expected[1], row[1]);
            Assert.Equal(double.Parse(expected[2], CultureInfo.InvariantCulture), Math.Round(double.Parse(row[2], CultureInfo.InvariantCulture), 2));
            Assert.Equal(double.Parse(expected[3], CultureInfo.InvariantCulture), Math.Round(double.Parse(row[3], CultureInfo.InvariantCulture), 2));
            var alive = double.Parse(row[4], CultureInfo.InvariantCulture);
            var purchases = double.Parse(row[5], CultureInfo.InvariantCulture);
            var value = double.Parse(row[6], CultureInfo.InvariantCulture);
            var clv = double.Parse(row[7], CultureInfo.InvariantCulture);
            Assert.InRange(alive, 0, 1);
            Assert.True(purchases >= 0);
            Assert.Equal(value * purchases, clv, 9);
        }
    }
}

/// <summary>The Groceries baskets imported through <c>crm import orders --format baskets</c>.</summary>
public sealed class GroceriesDatabase : IAsyncLifetime
{
    internal CrmCommandLine Cli { get; } = new();

    public async Task InitializeAsync()
    {
        var import = await Cli.RunAsync("import", "orders", "--format", "baskets", RepositoryData.PathOf("groceries/groceries.csv"));
        Assert.True(import.ExitCode == 0, import.Error);
    }

    public Task DisposeAsync()
    {
        Cli.Dispose();
        return Task.CompletedTask;
    }
}

/// <summary>The published arules figures for Groceries, through import and CLI.</summary>
public sealed class AssociationsCommandTests(GroceriesDatabase database) : IClassFixture<GroceriesDatabase>, IDisposable
{
    private readonly string csv = Path.Combine(Path.GetTempPath(), "ecrm-tests", $"rules-{Guid.NewGuid():N}.csv");

    public void Dispose() => File.Delete(csv);

    [Fact]
    public async Task Groceries_gives_13492_itemsets_5668_rules_and_the_published_top_rule()
    {
        var result = await database.Cli.RunAsync("analytics", "associations", "--min-support", "0.001", "--min-confidence", "0.5", "--json", "--out", csv);
        var json = Published.Json(result);

        Assert.Equal(9835, json.GetProperty("transactions").GetInt32());
        Assert.Equal(169, json.GetProperty("items").GetInt32());
        Assert.Equal(13_492, json.GetProperty("frequentItemsets").GetInt32());
        Assert.Equal(5_668, json.GetProperty("rules").GetInt32());
        var top = json.GetProperty("top");
        Assert.Equal(10, top.GetArrayLength());
        var first = top[0];
        Assert.Equal(["Instant food products", "soda"], first.GetProperty("antecedent").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(["hamburger meat"], first.GetProperty("consequent").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal("18.996", first.GetProperty("lift").GetDouble().ToString("0.000", CultureInfo.InvariantCulture));
        var lifts = top.EnumerateArray().Select(r => r.GetProperty("lift").GetDouble()).ToList();
        Assert.Equal(lifts.OrderByDescending(l => l), lifts);
        Assert.All(top.EnumerateArray(), r =>
        {
            Assert.True(r.GetProperty("support").GetDouble() >= 0.001);
            Assert.True(r.GetProperty("confidence").GetDouble() >= 0.5);
        });

        var rows = Published.Csv(csv);
        Assert.Equal(["antecedent", "consequent", "support", "confidence", "lift"], rows[0]);
        Assert.Equal(5_668, rows.Length - 1);
    }

    [Fact]
    public async Task A_maximum_length_of_2_keeps_only_pairs()
    {
        var json = Published.Json(await database.Cli.RunAsync("analytics", "associations", "--min-support", "0.001", "--min-confidence", "0.5", "--max-length", "2", "--json"));

        Assert.All(json.GetProperty("top").EnumerateArray(), r => Assert.Equal(1, r.GetProperty("antecedent").GetArrayLength()));
        Assert.True(json.GetProperty("rules").GetInt32() < 5_668);
    }
}

/// <summary>The FIMI retail baskets imported through <c>crm import orders --format baskets</c>.</summary>
public sealed class RetailDatabase : IAsyncLifetime
{
    internal CrmCommandLine Cli { get; } = new();

    public async Task InitializeAsync()
    {
        var import = await Cli.RunAsync("import", "orders", "--format", "baskets", RepositoryData.PathOf("fimi-retail/retail.dat.gz"));
        Assert.True(import.ExitCode == 0, import.Error);
    }

    public Task DisposeAsync()
    {
        Cli.Dispose();
        return Task.CompletedTask;
    }
}

/// <summary>The reference rule count on FIMI retail (see data/README.md), through import and CLI.</summary>
public sealed class RetailAssociationsCommandTests(RetailDatabase database) : IClassFixture<RetailDatabase>
{
    [Fact]
    public async Task Retail_at_0_0005_and_0_5_gives_the_19242_itemsets_and_15322_rules_of_arules_and_borgelt()
    {
        // 0.0005 must reach the engine as the decimal typed: ceil(0.0005 × 88,162) = 45 baskets; 15,322 includes {} => {39}.
        var json = Published.Json(await database.Cli.RunAsync("analytics", "associations", "--min-support", "0.0005", "--min-confidence", "0.5", "--json"));

        Assert.Equal(88_162, json.GetProperty("transactions").GetInt32());
        Assert.Equal(19_242, json.GetProperty("frequentItemsets").GetInt32());
        Assert.Equal(15_322, json.GetProperty("rules").GetInt32());
    }
}

/// <summary>Thresholds at the exact boundary through the command line, on a small hand-built baskets file.</summary>
public sealed class ExactThresholdCommandTests : IDisposable
{
    private readonly CrmCommandLine cli = new();
    private readonly string file = Path.Combine(Path.GetTempPath(), "ecrm-tests", $"baskets-{Guid.NewGuid():N}.csv");

    public void Dispose()
    {
        cli.Dispose();
        File.Delete(file);
    }

    [Fact]
    public async Task A_rule_exactly_at_the_minimum_confidence_is_kept_and_dropped_just_above_it()
    {
        // 10 baskets: bread in all, butter in 7 of them: {bread} => {butter} at exactly 0.7, {butter} (support 0.7) frequent.
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        await File.WriteAllLinesAsync(file, [.. Enumerable.Range(0, 10).Select(i => i < 7 ? "bread,butter" : "bread")]);
        Assert.Equal(0, (await cli.RunAsync("import", "orders", "--format", "baskets", file)).ExitCode);

        async Task<string[]> RulesAsync(string minConfidence)
        {
            var json = Published.Json(await cli.RunAsync("analytics", "associations", "--min-support", "0.7", "--min-confidence", minConfidence, "--json"));
            return [.. json.GetProperty("top").EnumerateArray().Select(r =>
                $"{{{string.Join(",", r.GetProperty("antecedent").EnumerateArray().Select(e => e.GetString()))}}} => {{{r.GetProperty("consequent")[0].GetString()}}}")];
        }

        Assert.Contains("{bread} => {butter}", await RulesAsync("0.7"));
        // As a double, 0.70000000000000001 is 0.7 and would keep the rule.
        Assert.DoesNotContain("{bread} => {butter}", await RulesAsync("0.70000000000000001"));
    }
}

/// <summary>RFM on small hand-built imports whose recency, frequency and monetary value are worked out below.</summary>
public sealed class RfmCommandTests : IDisposable
{
    private static readonly DateOnly AsOf = new(2024, 3, 31);
    private readonly CrmCommandLine cli = new();
    private readonly string folder = Path.Combine(Path.GetTempPath(), "ecrm-tests", $"rfm-{Guid.NewGuid():N}");

    public RfmCommandTests() => Directory.CreateDirectory(folder);

    public void Dispose()
    {
        cli.Dispose();
        Directory.Delete(folder, recursive: true);
    }

    [Fact]
    public async Task Recency_frequency_and_monetary_count_purchase_orders_only_up_to_the_as_of_date()
    {
        var orders = Path.Combine(folder, "orders.csv");
        await File.WriteAllLinesAsync(orders,
        [
            "order_id,customer_id,order_date,product_code,product_name,quantity,unit_price",
            // A1: two orders on the same day (both count), one order with a returned line (only the positive line counts),
            // a return document (never a purchase) and an order after the as-of date (ignored).
            "O1,A1,2024-03-01 10:00:00,P1,Widget,2,10.00",
            "O2,A1,2024-03-01 15:00:00,P2,Gadget,1,5.50",
            "O3,A1,2024-01-15,P1,Widget,1,10.00",
            "O3,A1,2024-01-15,P3,Gizmo,-1,4.00",
            "R1,A1,2024-03-10,P1,Widget,-1,10.00",
            "O9,A1,2024-04-02,P1,Widget,1,10.00",
            // B2: a zero-value order (a purchase worth 0) and one late on the as-of day itself.
            "O4,B2,2024-02-10,P4,Free sample,3,0",
            "O5,B2,2024-03-31 23:00:00,P1,Widget,1,10.00",
            // C3: only a return: no purchase, so not scored.
            "R2,C3,2024-02-01,P1,Widget,-2,10.00",
            // D4: one old order.
            "O6,D4,2023-12-01,P2,Gadget,4,2.25",
        ]);
        var cancellations = Path.Combine(folder, "online-retail.csv");
        await File.WriteAllLinesAsync(cancellations,
        [
            "InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country",
            // E5: a sale and a cancellation invoice (C...) of part of it: cancellations never count.
            "500001,P1,Widget,2,2024-03-05 10:00:00,10.00,E5,United Kingdom",
            "C500002,P1,Widget,-1,2024-03-06 11:00:00,10.00,E5,United Kingdom",
        ]);
        Assert.Equal(0, (await cli.RunAsync("import", "orders", "--format", "csv", orders)).ExitCode);
        Assert.Equal(0, (await cli.RunAsync("import", "orders", "--format", "online-retail", cancellations)).ExitCode);
        var csv = Path.Combine(folder, "rfm.csv");

        var json = Published.Json(await cli.RunAsync("analytics", "rfm", "--as-of", "2024-03-31", "--out", csv, "--json"));

        var expected = new Dictionary<string, (DateOnly Last, int Frequency, decimal Monetary)>
        {
            ["A1"] = (new DateOnly(2024, 3, 1), 3, (2 * 10.00m) + 5.50m + 10.00m),
            ["B2"] = (new DateOnly(2024, 3, 31), 2, 0m + 10.00m),
            ["D4"] = (new DateOnly(2023, 12, 1), 1, 4 * 2.25m),
            ["E5"] = (new DateOnly(2024, 3, 5), 1, 2 * 10.00m),
        };
        var rows = Published.Csv(csv);
        Assert.Equal(["customer", "recency_days", "frequency", "monetary", "r_score", "f_score", "m_score", "segment", "tier"], rows[0]);
        Assert.Equal(expected.Keys.Order(), rows.Skip(1).Select(r => r[0]).Order());
        foreach (var row in rows.Skip(1))
        {
            var (last, frequency, monetary) = expected[row[0]];
            Assert.Equal(AsOf.DayNumber - last.DayNumber, int.Parse(row[1], CultureInfo.InvariantCulture));
            Assert.Equal(frequency, int.Parse(row[2], CultureInfo.InvariantCulture));
            Assert.Equal(monetary, decimal.Parse(row[3], CultureInfo.InvariantCulture));
            Assert.All(row[4..7], score => Assert.InRange(int.Parse(score, CultureInfo.InvariantCulture), 1, 5));
            Assert.NotEmpty(row[7]);
        }

        // Quintile scores order the customers: more recent, more orders, more spend never score lower.
        var byRecency = rows.Skip(1).OrderBy(r => int.Parse(r[1], CultureInfo.InvariantCulture)).Select(r => int.Parse(r[4], CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(byRecency.OrderByDescending(s => s), byRecency);
        var byMonetary = rows.Skip(1).OrderBy(r => decimal.Parse(r[3], CultureInfo.InvariantCulture)).Select(r => int.Parse(r[6], CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(byMonetary.Order(), byMonetary);

        Assert.Equal("2024-03-31", json.GetProperty("asOf").GetString());
        Assert.Equal(4, json.GetProperty("customers").GetInt32());
        Assert.Equal(expected.Values.Sum(v => v.Monetary), json.GetProperty("revenue").GetDecimal());
        Assert.Equal(4, json.GetProperty("segments").EnumerateArray().Sum(s => s.GetProperty("customers").GetInt32()));
        Assert.Equal(expected.Values.Sum(v => v.Monetary), json.GetProperty("segments").EnumerateArray().Sum(s => s.GetProperty("revenue").GetDecimal()));

        // Tiers by spend: top 5% (floor: 0 of 4) Platinum, top 20% (0) Gold, top 50% (2) Silver, the rest Bronze.
        var tiers = json.GetProperty("tiers").EnumerateArray().ToDictionary(t => t.GetProperty("name").GetString()!, t => t);
        Assert.Equal(["Platinum", "Gold", "Silver", "Bronze"], tiers.Keys);
        Assert.Equal(0, tiers["Platinum"].GetProperty("customers").GetInt32());
        Assert.Equal(0, tiers["Gold"].GetProperty("customers").GetInt32());
        Assert.Equal(2, tiers["Silver"].GetProperty("customers").GetInt32());
        var topTwo = expected.Values.Select(v => v.Monetary).OrderDescending().Take(2).Sum();
        Assert.Equal(topTwo, tiers["Silver"].GetProperty("revenue").GetDecimal());
        Assert.Equal(2, tiers["Bronze"].GetProperty("customers").GetInt32());
        Assert.All(rows.Skip(1), r => Assert.Equal(expected[r[0]].Monetary >= 20m ? "Silver" : "Bronze", r[8]));
    }

    [Fact]
    public async Task Recompute_stores_the_figures_of_every_customer_who_bought_and_says_so()
    {
        var orders = Path.Combine(folder, "recompute.csv");
        await File.WriteAllLinesAsync(orders,
        [
            "order_id,customer_id,order_date,product_code,product_name,quantity,unit_price",
            "Q1,K1,2024-01-10,P1,Widget,1,10.00",
            "Q2,K1,2024-02-10,P2,Gadget,2,5.00",
            "Q3,K2,2024-03-01,P1,Widget,3,10.00",
            "Q4,K3,2024-03-20,P1,Widget,1,10.00",
            "Q4,K3,2024-03-20,P2,Gadget,1,5.00",
        ]);
        Assert.Equal(0, (await cli.RunAsync("import", "orders", "--format", "csv", orders)).ExitCode);
        var rfm = Published.Json(await cli.RunAsync("analytics", "rfm", "--as-of", "2024-03-31", "--json"));

        var first = Published.Json(await cli.RunAsync("analytics", "recompute", "--as-of", "2024-03-31", "--json"));
        var second = Published.Json(await cli.RunAsync("analytics", "recompute", "--as-of", "2024-03-31", "--json"));

        Assert.Equal("Succeeded", first.GetProperty("status").GetString());
        Assert.Equal(rfm.GetProperty("customers").GetInt32(), first.GetProperty("customers").GetInt32());
        Assert.Equal(3, first.GetProperty("customers").GetInt32());
        Assert.Equal("2024-03-31", first.GetProperty("asOf").GetString());
        Assert.Equal(first.GetProperty("runId").GetInt64() + 1, second.GetProperty("runId").GetInt64());
    }

    [Fact]
    public async Task An_empty_database_gives_an_empty_report()
    {
        var json = Published.Json(await cli.RunAsync("analytics", "rfm", "--as-of", "2024-03-31", "--json"));

        Assert.Equal(0, json.GetProperty("customers").GetInt32());
        Assert.Equal(0m, json.GetProperty("revenue").GetDecimal());
    }
}

/// <summary>Bad arguments are usage errors: exit code 2 and a message that says what to fix.</summary>
public sealed class AnalyticsArgumentTests : IDisposable
{
    private readonly CrmCommandLine cli = new();

    public void Dispose() => cli.Dispose();

    [Theory]
    [InlineData("Give --as-of as a date (yyyy-MM-dd).", "analytics", "rfm", "--json")]
    [InlineData("--as-of must be a date as yyyy-MM-dd, not '31/03/2024'.", "analytics", "rfm", "--as-of", "31/03/2024")]
    [InlineData("Give the model with --model: bgnbd, pnbd or gg.", "analytics", "clv", "--calibration-end", "1997-09-30")]
    [InlineData("Unknown model 'cox'. Use bgnbd, pnbd or gg.", "analytics", "clv", "--model", "cox", "--calibration-end", "1997-09-30")]
    [InlineData("Give --calibration-end as a date (yyyy-MM-dd).", "analytics", "clv", "--model", "bgnbd")]
    [InlineData("Unknown time unit 'month'. Use week or day.", "analytics", "clv", "--model", "bgnbd", "--calibration-end", "1997-09-30", "--time-unit", "month")]
    [InlineData("--horizon must be a number from above 0 to 100000, not '-4'.", "analytics", "clv", "--model", "bgnbd", "--calibration-end", "1997-09-30", "--horizon", "-4")]
    [InlineData("Give the minimum support with --min-support", "analytics", "associations", "--min-confidence", "0.5")]
    [InlineData("--min-support must be a number from above 0 to 1, not '2'.", "analytics", "associations", "--min-support", "2", "--min-confidence", "0.5")]
    [InlineData("--min-confidence must be a number from 0 to 1, not 'high'.", "analytics", "associations", "--min-support", "0.01", "--min-confidence", "high")]
    [InlineData("--max-length must be a whole number of at least 2, not '1'.", "analytics", "associations", "--min-support", "0.01", "--min-confidence", "0.5", "--max-length", "1")]
    [InlineData("The folder of --out does not exist", "analytics", "rfm", "--as-of", "2024-03-31", "--out", "/nonexistent-folder/rfm.csv")]
    public async Task A_bad_argument_exits_with_2_and_says_what_is_wrong(string message, params string[] args)
    {
        var result = await cli.RunAsync(args);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains(message, result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_lifetime_fit_without_purchases_is_a_clear_error()
    {
        var result = await cli.RunAsync("analytics", "clv", "--model", "bgnbd", "--calibration-end", "1997-09-30");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("No customer has a purchase order on or before 1997-09-30.", result.Error, StringComparison.Ordinal);
    }
}
