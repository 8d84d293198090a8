using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Crm.Kernel.Data;
using Crm.Sales.Contracts;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.Cli.Commands;

/// <summary>
/// <c>crm import orders --format F FILE [--replace] [--max-decompressed-bytes N] [--max-line-bytes N] [--json]</c>: real
/// transaction files into the CCR. A file that cannot be imported (not text, over a bound, a truncated gzip) is a one-line
/// error with exit code 2, and nothing was written.
/// </summary>
internal static class ImportCommand
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static Command Create()
    {
        var import = new Command("import", "Import data files into the configured database.");
        import.Subcommands.Add(CreateOrders());
        return import;
    }

    private static Command CreateOrders()
    {
        var format = new Option<string?>("--format")
        {
            Description = $"File format: {string.Join(", ", OrderImportFormats.Names)}.",
        };

        // Checked in the action rather than by the parser, so that a missing format or file is a usage error (exit code 2).
        var file = new Argument<string?>("FILE") { Description = "The file to import, plain or gzip-compressed.", Arity = ArgumentArity.ZeroOrOne };
        var json = new Option<bool>("--json") { Description = "Print the summary as one JSON object on stdout." };
        var replace = new Option<bool>("--replace")
        {
            Description = "Replace orders imported before with other content by the file's (otherwise they are kept and listed as conflicts).",
        };
        var defaults = new OrderImportLimits();
        var maxBytes = new Option<long?>("--max-decompressed-bytes")
        {
            Description = $"Most bytes to read from the file once decompressed (default: Import:MaxDecompressedBytes, {defaults.MaxDecompressedBytes:N0}).",
        };
        var maxLine = new Option<int?>("--max-line-bytes")
        {
            Description = $"Longest line the file may have (default: Import:MaxLineBytes, {defaults.MaxLineBytes:N0}).",
        };
        var command = new Command("orders", "Import orders (with their customers and products) from a transaction file; re-importing creates nothing twice.")
        {
            format, file, json, replace, maxBytes, maxLine,
        };
        command.SetAction((parseResult, cancellationToken) => CommandRunner.RunAsync(parseResult, async (services, ct) =>
        {
            var formatName = parseResult.GetValue(format);
            if (string.IsNullOrWhiteSpace(formatName))
            {
                throw new CliUsageException($"Give the file's format with --format: {string.Join(", ", OrderImportFormats.Names)}.");
            }

            if (!OrderImportFormats.TryParse(formatName, out var parsedFormat))
            {
                throw new CliUsageException($"Unknown format '{formatName}'. Use one of: {string.Join(", ", OrderImportFormats.Names)}.");
            }

            if (string.IsNullOrWhiteSpace(parseResult.GetValue(file)))
            {
                throw new CliUsageException("Name the file to import: crm import orders --format FORMAT FILE.");
            }

            var path = Path.GetFullPath(parseResult.GetValue(file)!);
            if (!File.Exists(path))
            {
                throw new CliUsageException($"File not found: {path}");
            }

            if (parseResult.GetValue(maxBytes) is <= 0 || parseResult.GetValue(maxLine) is <= 0)
            {
                throw new CliUsageException("--max-decompressed-bytes and --max-line-bytes take a positive number of bytes.");
            }

            var settings = new OrderImportSettings
            {
                ReplaceConflicting = parseResult.GetValue(replace),
                MaxDecompressedBytes = parseResult.GetValue(maxBytes),
                MaxLineBytes = parseResult.GetValue(maxLine),
            };
            await services.GetRequiredService<CrmDatabaseInitializer>().MigrateAsync(ct);
            var progress = new ConsoleProgress<OrderImportProgress>(p => parseResult.Error().Write(p.TotalRows > 0
                ? string.Create(CultureInfo.InvariantCulture, $"\r{p.RowsRead:N0} / {p.TotalRows:N0} rows ({100.0 * p.RowsRead / p.TotalRows:F0}%), {p.OrdersCreated:N0} orders created")
                : string.Create(CultureInfo.InvariantCulture, $"\r{p.RowsRead:N0} rows, {p.OrdersCreated:N0} orders created")));
            OrderImportSummary summary;
            try
            {
                summary = await services.GetRequiredService<IOrderImporter>().ImportAsync(path, parsedFormat, settings, progress, ct);
            }
            catch (OrderImportException ex)
            {
                parseResult.Error().WriteLine();
                throw new CliUsageException(ex.Message);
            }

            parseResult.Error().WriteLine();
            if (parseResult.GetValue(json))
            {
                parseResult.Out().WriteLine(JsonSerializer.Serialize(new
                {
                    rows = summary.Rows,
                    customersCreated = summary.CustomersCreated,
                    ordersCreated = summary.OrdersCreated,
                    ordersUnchanged = summary.OrdersUnchanged,
                    ordersReplaced = summary.OrdersReplaced,
                    conflictCount = summary.ConflictCount,
                    conflicts = summary.Conflicts,
                    rowsSkipped = summary.RowsSkipped,
                    productsCreated = summary.ProductsCreated,
                    linesCreated = summary.LinesCreated,
                    elapsedSeconds = Math.Round(summary.Elapsed.TotalSeconds, 2),
                    skippedByReason = summary.SkippedByReason.Select(s => new { reason = s.Reason, count = s.Count }),
                    skipped = summary.Skipped.Select(s => new { line = s.Line, reason = s.Reason, detail = s.Detail }),
                }, Json));
            }
            else
            {
                PrintSummary(parseResult.Out(), summary);
            }

            return CommandRunner.Ok;
        }, cancellationToken));
        return command;
    }

    private static void PrintSummary(TextWriter output, OrderImportSummary summary)
    {
        var invariant = CultureInfo.InvariantCulture;
        output.WriteLine(string.Create(invariant,
            $"Imported {summary.Format} in {summary.Elapsed.TotalSeconds:F1} s: {summary.Rows:N0} rows read, {summary.OrdersCreated:N0} orders created ({summary.LinesCreated:N0} lines), {summary.OrdersUnchanged:N0} orders unchanged, {summary.CustomersCreated:N0} customers created, {summary.ProductsCreated:N0} products created, {summary.RowsSkipped:N0} rows skipped."));
        if (summary.OrdersReplaced > 0)
        {
            output.WriteLine(string.Create(invariant, $"  replaced {summary.OrdersReplaced:N0} orders imported before with other content."));
        }

        if (summary.ConflictCount > 0)
        {
            output.WriteLine(string.Create(invariant,
                $"  {summary.ConflictCount:N0} orders imported before with other content were kept as stored (--replace takes the file's): {string.Join(", ", summary.Conflicts.Take(50))}{(summary.ConflictCount > 50 ? ", ..." : "")}"));
        }

        foreach (var reason in summary.SkippedByReason)
        {
            output.WriteLine(string.Create(invariant, $"  skipped {reason.Count:N0} rows: {reason.Reason}"));
        }

        foreach (var skip in summary.Skipped.Take(20))
        {
            output.WriteLine(string.Create(invariant, $"  line {skip.Line}: {skip.Reason}. {skip.Detail}"));
        }

        if (summary.Skipped.Count > 20)
        {
            output.WriteLine(string.Create(invariant, $"  ... (use --json for the first {summary.Skipped.Count} skipped rows)"));
        }
    }
}
