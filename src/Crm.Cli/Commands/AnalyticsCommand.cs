using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Crm.Analytics.Contracts;
using Crm.Kernel.Data;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.Cli.Commands;

/// <summary>
/// <c>crm analytics rfm|clv|associations</c>: the customer-value engine over the configured database, a summary on stdout
/// (one JSON object with <c>--json</c>), per-customer or per-rule figures in a CSV file with <c>--out</c>, progress on stderr.
/// </summary>
internal static class AnalyticsCommand
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    public static Command Create()
    {
        var analytics = new Command("analytics", "Customer value: RFM and tiers, lifetime value, product associations.");
        analytics.Subcommands.Add(CreateRfm());
        analytics.Subcommands.Add(CreateClv());
        analytics.Subcommands.Add(CreateAssociations());
        analytics.Subcommands.Add(CreateRecompute());
        return analytics;
    }

    // Options are read as text and checked in the action, so that a missing or malformed value is a usage error (exit code 2).
    private static Option<string?> Out() => new("--out") { Description = "Write the per-customer (or per-rule) figures to this CSV file." };

    private static Option<bool> Json() => new("--json") { Description = "Print the summary as one JSON object on stdout." };

    private static Command CreateRecompute()
    {
        var asOf = new Option<string?>("--as-of") { Description = "The as-of date (yyyy-MM-dd; default today, UTC). The snapshot of its quarter is replaced." };
        var json = Json();
        var command = new Command("recompute", "Recompute and store every customer's value figures, the quarter's snapshot and the product rules (what the dashboards show).")
        {
            asOf, json,
        };
        command.SetAction((parseResult, cancellationToken) => CommandRunner.RunAsync(parseResult, (services, ct) => Guard(parseResult, async () =>
        {
            var text = parseResult.GetValue(asOf);
            var date = text is null ? DateOnly.FromDateTime(DateTime.UtcNow) : ParseDate(text, "--as-of");
            await services.GetRequiredService<CrmDatabaseInitializer>().MigrateAsync(ct);
            var result = await services.GetRequiredService<ICustomerValueJobs>().RecomputeAsync(date, "Command line", "cli:" + Environment.UserName, ct);
            if (parseResult.GetValue(json))
            {
                WriteJson(parseResult, w =>
                {
                    w.WriteNumber("runId", result.RunId);
                    w.WriteString("asOf", date.ToString("yyyy-MM-dd", Invariant));
                    w.WriteString("status", result.Status);
                    w.WriteNumber("customers", result.Customers);
                    w.WriteNumber("rules", result.Rules);
                    w.WriteString("message", result.Message);
                });
            }
            else
            {
                parseResult.Out().WriteLine(string.Create(Invariant,
                    $"Recompute {result.RunId} as of {date:yyyy-MM-dd}: {result.Status}, {result.Customers:N0} customers, {result.Rules:N0} product rules.{(result.Message is null ? "" : " " + result.Message)}"));
            }

            return result.Status == "Succeeded" ? 0 : 1;
        }), cancellationToken));
        return command;
    }

    private static Command CreateRfm()
    {
        var asOf = new Option<string?>("--as-of") { Description = "The as-of date (yyyy-MM-dd): orders on or before it count; recency is measured to it." };
        var output = Out();
        var json = Json();
        var command = new Command("rfm", "Recency, frequency and monetary scores, segments and value tiers of every customer who bought.")
        {
            asOf, output, json,
        };
        command.SetAction((parseResult, cancellationToken) => CommandRunner.RunAsync(parseResult, (services, ct) => Guard(parseResult, async () =>
        {
            var date = ParseDate(parseResult.GetValue(asOf), "--as-of");
            var outPath = OutputPath(parseResult.GetValue(output));
            await services.GetRequiredService<CrmDatabaseInitializer>().MigrateAsync(ct);
            var report = await Run(parseResult, () => services.GetRequiredService<ICustomerValueAnalytics>().RfmAsync(date, Progress(parseResult), ct));
            if (outPath is not null)
            {
                await WriteCsvAsync(outPath, "customer,recency_days,frequency,monetary,r_score,f_score,m_score,segment,tier",
                    report.Rows.Select(r => string.Join(',',
                        Cell(r.Customer), Num(r.RecencyDays), Num(r.Frequency), Num(r.Monetary),
                        Num(r.RecencyScore), Num(r.FrequencyScore), Num(r.MonetaryScore), Cell(r.Segment), Cell(r.Tier))), ct);
            }

            if (parseResult.GetValue(json))
            {
                WriteJson(parseResult, w =>
                {
                    w.WriteString("asOf", report.AsOf.ToString("yyyy-MM-dd", Invariant));
                    w.WriteNumber("customers", report.Customers);
                    w.WriteNumber("revenue", report.Revenue);
                    WriteGroups(w, "segments", report.Segments);
                    WriteGroups(w, "tiers", report.Tiers);
                });
            }
            else
            {
                parseResult.Out().WriteLine(string.Create(Invariant, $"RFM as of {report.AsOf:yyyy-MM-dd}: {report.Customers:N0} customers, revenue {report.Revenue:N2}."));
                foreach (var group in report.Segments.Concat(report.Tiers))
                {
                    parseResult.Out().WriteLine(string.Create(Invariant, $"  {group.Name,-20} {group.Customers,10:N0} customers  {group.Revenue,18:N2}"));
                }
            }

            return CommandRunner.Ok;
        }), cancellationToken));
        return command;
    }

    private static Command CreateClv()
    {
        var model = new Option<string?>("--model") { Description = "bgnbd (BG/NBD), pnbd (Pareto/NBD) or gg (Gamma-Gamma spend)." };
        var calibrationEnd = new Option<string?>("--calibration-end") { Description = "Last day of the calibration period (yyyy-MM-dd)." };
        var timeUnit = new Option<string?>("--time-unit") { Description = "week (default) or day: unit of t_x, T and the horizon." };
        var horizon = new Option<string?>("--horizon") { Description = "Prediction horizon in time units (default 52 weeks, or 364 days)." };
        var discount = new Option<string?>("--monthly-discount-rate")
        {
            Description = "Discount rate per month (4.345 weeks or 30 days) for the CLV, e.g. 0.01; default 0 (undiscounted).",
        };
        var output = Out();
        var json = Json();
        var command = new Command("clv", "Fit a lifetime model on the calibration period and predict P(alive), purchases and CLV per customer.")
        {
            model, calibrationEnd, timeUnit, horizon, discount, output, json,
        };
        command.SetAction((parseResult, cancellationToken) => CommandRunner.RunAsync(parseResult, (services, ct) => Guard(parseResult, async () =>
        {
            var modelName = parseResult.GetValue(model)?.Trim().ToLowerInvariant();
            var parsedModel = modelName switch
            {
                "bgnbd" => LifetimeModel.BgNbd,
                "pnbd" => LifetimeModel.ParetoNbd,
                "gg" => LifetimeModel.GammaGamma,
                null or "" => throw new CliUsageException("Give the model with --model: bgnbd, pnbd or gg."),
                _ => throw new CliUsageException($"Unknown model '{parseResult.GetValue(model)}'. Use bgnbd, pnbd or gg."),
            };
            var end = ParseDate(parseResult.GetValue(calibrationEnd), "--calibration-end");
            var unit = parseResult.GetValue(timeUnit)?.Trim().ToLowerInvariant() switch
            {
                null or "" or "week" or "weeks" => LifetimeTimeUnit.Week,
                "day" or "days" => LifetimeTimeUnit.Day,
                _ => throw new CliUsageException($"Unknown time unit '{parseResult.GetValue(timeUnit)}'. Use week or day."),
            };
            var horizonValue = parseResult.GetValue(horizon) is { } h
                ? ParseNumber(h, "--horizon", min: double.Epsilon, max: 100_000)
                : unit == LifetimeTimeUnit.Week ? 52 : 364;
            var rate = parseResult.GetValue(discount) is { } d ? ParseNumber(d, "--monthly-discount-rate", min: 0, max: 10) : 0;
            var outPath = OutputPath(parseResult.GetValue(output));
            await services.GetRequiredService<CrmDatabaseInitializer>().MigrateAsync(ct);
            var request = new LifetimeValueRequest(parsedModel, end, unit, horizonValue, rate);
            var report = await Run(parseResult, () => services.GetRequiredService<ICustomerValueAnalytics>().LifetimeValueAsync(request, Progress(parseResult), ct));
            if (outPath is not null)
            {
                await WriteCsvAsync(outPath, "customer,x,t_x,T,p_alive,expected_purchases,expected_average_value,clv",
                    report.Rows.Select(r => string.Join(',',
                        Cell(r.Customer), Num(r.X), Num(r.Tx), Num(r.T), Num(r.ProbabilityAlive), Num(r.ExpectedPurchases),
                        Num(r.ExpectedAverageValue), Num(r.Clv))), ct);
            }

            var unitName = report.TimeUnit == LifetimeTimeUnit.Day ? "day" : "week";
            if (parseResult.GetValue(json))
            {
                WriteJson(parseResult, w =>
                {
                    w.WriteString("model", modelName);
                    w.WriteString("timeUnit", unitName);
                    w.WriteString("calibrationEnd", report.CalibrationEnd.ToString("yyyy-MM-dd", Invariant));
                    w.WriteNumber("customers", report.Customers);
                    w.WriteStartObject("parameters");
                    foreach (var p in report.Parameters)
                    {
                        WriteNumberOrNull(w, p.Name, p.Value);
                    }

                    w.WriteEndObject();
                    WriteNumberOrNull(w, "logLikelihood", report.LogLikelihood);
                    w.WriteBoolean("converged", report.Converged);
                    w.WriteNumber("horizon", report.Horizon);
                });
            }
            else
            {
                var parameters = string.Join(", ", report.Parameters.Select(p => string.Create(Invariant, $"{p.Name} = {p.Value:G6}")));
                var converged = report.Converged ? "." : " (not converged).";
                parseResult.Out().WriteLine(string.Create(Invariant,
                    $"{modelName} fitted on {report.Customers:N0} customers (calibration to {report.CalibrationEnd:yyyy-MM-dd}, {unitName}s): {parameters}; log-likelihood {report.LogLikelihood:F1}{converged}"));
            }

            return CommandRunner.Ok;
        }), cancellationToken));
        return command;
    }

    private static Command CreateAssociations()
    {
        var minSupport = new Option<string?>("--min-support") { Description = "Minimum support, a share of all baskets in (0, 1], e.g. 0.001." };
        var minConfidence = new Option<string?>("--min-confidence") { Description = "Minimum confidence in [0, 1], e.g. 0.5." };
        var maxLength = new Option<string?>("--max-length") { Description = "Longest itemset (antecedent + consequent), at least 2; default unlimited." };
        var output = Out();
        var json = Json();
        var command = new Command("associations", "Frequent itemsets and association rules over the baskets (one per purchase order).")
        {
            minSupport, minConfidence, maxLength, output, json,
        };
        command.SetAction((parseResult, cancellationToken) => CommandRunner.RunAsync(parseResult, (services, ct) => Guard(parseResult, async () =>
        {
            var support = parseResult.GetValue(minSupport) is { } s
                ? ParseShare(s, "--min-support", zeroAllowed: false)
                : throw new CliUsageException("Give the minimum support with --min-support (a share of baskets, e.g. 0.001).");
            var confidence = parseResult.GetValue(minConfidence) is { } c
                ? ParseShare(c, "--min-confidence", zeroAllowed: true)
                : throw new CliUsageException("Give the minimum confidence with --min-confidence (e.g. 0.5).");
            var length = int.MaxValue;
            if (parseResult.GetValue(maxLength) is { } k)
            {
                if (!int.TryParse(k, NumberStyles.None, Invariant, out length) || length < 2)
                {
                    throw new CliUsageException($"--max-length must be a whole number of at least 2, not '{k}'.");
                }
            }

            var outPath = OutputPath(parseResult.GetValue(output));
            await services.GetRequiredService<CrmDatabaseInitializer>().MigrateAsync(ct);
            var report = await Run(parseResult, () => services.GetRequiredService<ICustomerValueAnalytics>()
                .AssociationsAsync(new AssociationRequest(support, confidence, length), Progress(parseResult), ct));
            if (outPath is not null)
            {
                await WriteCsvAsync(outPath, "antecedent,consequent,support,confidence,lift",
                    report.RulesByLift.Select(r => string.Join(',',
                        Cell(string.Join(" | ", r.Antecedent)), Cell(string.Join(" | ", r.Consequent)), Num(r.Support), Num(r.Confidence), Num(r.Lift))), ct);
            }

            if (parseResult.GetValue(json))
            {
                WriteJson(parseResult, w =>
                {
                    w.WriteNumber("transactions", report.Transactions);
                    w.WriteNumber("items", report.Items);
                    w.WriteNumber("frequentItemsets", report.FrequentItemsets);
                    w.WriteNumber("rules", report.Rules);
                    w.WriteStartArray("top");
                    foreach (var rule in report.Top)
                    {
                        w.WriteStartObject();
                        WriteStrings(w, "antecedent", rule.Antecedent);
                        WriteStrings(w, "consequent", rule.Consequent);
                        w.WriteNumber("support", rule.Support);
                        w.WriteNumber("confidence", rule.Confidence);
                        w.WriteNumber("lift", rule.Lift);
                        w.WriteEndObject();
                    }

                    w.WriteEndArray();
                });
            }
            else
            {
                parseResult.Out().WriteLine(string.Create(Invariant,
                    $"{report.Transactions:N0} baskets over {report.Items:N0} products: {report.FrequentItemsets:N0} frequent itemsets, {report.Rules:N0} rules."));
                foreach (var rule in report.Top)
                {
                    parseResult.Out().WriteLine(string.Create(Invariant,
                        $"  {{{string.Join(", ", rule.Antecedent)}}} => {{{string.Join(", ", rule.Consequent)}}}  support {rule.Support:0.0000}, confidence {rule.Confidence:0.000}, lift {rule.Lift:0.000}"));
                }
            }

            return CommandRunner.Ok;
        }), cancellationToken));
        return command;
    }

    /// <summary>Runs a command body; an analysis the data cannot support ends with a one-line error and exit code 1.</summary>
    private static async Task<int> Guard(ParseResult parseResult, Func<Task<int>> body)
    {
        try
        {
            return await body();
        }
        catch (AnalyticsFailedException ex)
        {
            await parseResult.Error().WriteLineAsync($"error: {ex.Message}");
            return CommandRunner.Failed;
        }
    }

    /// <summary>Runs the analysis; "not enough data" becomes a one-line error (exit code 1).</summary>
    private static async Task<T> Run<T>(ParseResult parseResult, Func<Task<T>> analysis)
    {
        try
        {
            var result = await analysis();
            parseResult.Error().WriteLine();
            return result;
        }
        catch (InvalidOperationException ex)
        {
            parseResult.Error().WriteLine();
            throw new AnalyticsFailedException(ex.Message);
        }
    }

    private static DateOnly ParseDate(string? text, string option) =>
        string.IsNullOrWhiteSpace(text)
            ? throw new CliUsageException($"Give {option} as a date (yyyy-MM-dd).")
            : DateOnly.TryParseExact(text.Trim(), "yyyy-MM-dd", Invariant, DateTimeStyles.None, out var date)
                ? date
                : throw new CliUsageException($"{option} must be a date as yyyy-MM-dd, not '{text}'.");

    private static double ParseNumber(string text, string option, double min, double max) =>
        double.TryParse(text.Trim(), NumberStyles.Float, Invariant, out var value) && value >= min && value <= max
            ? value
            : throw new CliUsageException(string.Create(Invariant, $"{option} must be a number from {(min == double.Epsilon ? "above 0" : min.ToString(Invariant))} to {max}, not '{text}'."));

    /// <summary>
    /// A share from 0 to 1 kept as the decimal typed: "0.0005" must reach the engine as 0.0005 exactly (as a double it is
    /// slightly more), or an itemset or rule exactly at the minimum could be dropped.
    /// </summary>
    private static decimal ParseShare(string text, string option, bool zeroAllowed) =>
        decimal.TryParse(text.Trim(), NumberStyles.Float, Invariant, out var value) && value <= 1 && (zeroAllowed ? value >= 0 : value > 0)
            ? value
            : throw new CliUsageException($"{option} must be a number from {(zeroAllowed ? "0" : "above 0")} to 1, not '{text}'.");

    private static string? OutputPath(string? path)
    {
        if (string.IsNullOrWhiteSpace(path))
        {
            return null;
        }

        var full = Path.GetFullPath(path);
        return Directory.Exists(Path.GetDirectoryName(full))
            ? full
            : throw new CliUsageException($"The folder of --out does not exist: {Path.GetDirectoryName(full)}");
    }

    private static IProgress<AnalyticsProgress> Progress(ParseResult parseResult) => new ConsoleProgress<AnalyticsProgress>(p => parseResult.Error().Write(
        p.Total is { } total && total > 0
            ? string.Create(Invariant, $"\r{p.Stage}: {p.Done:N0} / {total:N0}          ")
            : string.Create(Invariant, $"\r{p.Stage}: {p.Done:N0}          ")));

    private static async Task WriteCsvAsync(string path, string header, IEnumerable<string> lines, CancellationToken cancellationToken)
    {
        await using var writer = new StreamWriter(path, append: false, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
        await writer.WriteLineAsync(header);
        foreach (var line in lines)
        {
            cancellationToken.ThrowIfCancellationRequested();
            await writer.WriteLineAsync(line);
        }
    }

    /// <summary>A text cell: quoted when needed, and defused against spreadsheet formulas (leading =, +, -, @, tab, CR get an apostrophe).</summary>
    private static string Cell(string value)
    {
        value = Crm.Kernel.Text.SpreadsheetSafe.Cell(value)!;
        return value.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
    }

    private static string Num(int value) => value.ToString(Invariant);

    private static string Num(decimal value) => value.ToString(Invariant);

    private static string Num(double value) => double.IsFinite(value) ? value.ToString("R", Invariant) : "";

    private static string Num(double? value) => value is { } v ? Num(v) : "";

    private static void WriteJson(ParseResult parseResult, Action<Utf8JsonWriter> body)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            writer.WriteStartObject();
            body(writer);
            writer.WriteEndObject();
        }

        parseResult.Out().WriteLine(Encoding.UTF8.GetString(stream.ToArray()));
    }

    private static void WriteGroups(Utf8JsonWriter writer, string name, IReadOnlyList<GroupTotal> groups)
    {
        writer.WriteStartArray(name);
        foreach (var group in groups)
        {
            writer.WriteStartObject();
            writer.WriteString("name", group.Name);
            writer.WriteNumber("customers", group.Customers);
            writer.WriteNumber("revenue", group.Revenue);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
    }

    private static void WriteStrings(Utf8JsonWriter writer, string name, IReadOnlyList<string> values)
    {
        writer.WriteStartArray(name);
        foreach (var value in values)
        {
            writer.WriteStringValue(value);
        }

        writer.WriteEndArray();
    }

    private static void WriteNumberOrNull(Utf8JsonWriter writer, string name, double value)
    {
        if (double.IsFinite(value))
        {
            writer.WriteNumber(name, value);
        }
        else
        {
            writer.WriteNull(name);
        }
    }
}

/// <summary>The data cannot support the analysis (no purchases, nobody bought twice): a one-line error, exit code 1.</summary>
internal sealed class AnalyticsFailedException(string message) : Exception(message);
