using System.Globalization;
using System.Text.Json;
using Microsoft.Data.Sqlite;

namespace Crm.Cli.Tests;

/// <summary>
/// Issue 16: bombs, truncated gzips, binary garbage and overlong lines through <c>crm import orders</c> for every format (its
/// command tree; one case through the real executable). Each is a one-line error with exit code 2, and the database holds
/// no order afterwards.
/// </summary>
public sealed class ImportOrdersBombTests : IDisposable
{
    private static readonly string Folder = Path.Combine(Path.GetTempPath(), "ecrm-tests", "bombs");
    private const long SmallBound = 8L * 1024 * 1024;

    private readonly CrmCommandLine cli = new();

    public void Dispose() => cli.Dispose();

    public static TheoryData<string, ImportBomb> Cases()
    {
        var cases = new TheoryData<string, ImportBomb>();
        foreach (var format in new[] { "online-retail", "cdnow", "cdnow-sample", "baskets", "csv" })
        {
            foreach (var bomb in Enum.GetValues<ImportBomb>())
            {
                cases.Add(format, bomb);
            }
        }

        return cases;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task A_file_that_breaks_a_bound_or_is_not_text_is_a_one_line_error_with_exit_code_2_and_stores_nothing(string format, ImportBomb bomb)
    {
        // The guard is the same for every format: Online Retail meets the default 256 MiB bound, the others an 8 MiB one
        // given on the command line, which also shows that --max-decompressed-bytes is honoured.
        long? bound = format == "online-retail" ? null : SmallBound;
        var file = ImportBombs.Write(format, bomb, Folder, bound);
        try
        {
            string[] arguments = bound is null
                ? ["import", "orders", "--format", format, file, "--json"]
                : ["import", "orders", "--format", format, file, "--json", "--max-decompressed-bytes", SmallBound.ToString(CultureInfo.InvariantCulture)];
            var result = await cli.RunAsync(arguments);

            Assert.True(result.ExitCode == 2, $"exit code {result.ExitCode}: {result.Error}");
            Assert.Equal("", result.Output);
            var error = Assert.Single(result.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
                line => line.StartsWith("error: ", StringComparison.Ordinal));
            Assert.True(ImportBombs.Matches(bomb, error), error);
            if (bomb == ImportBomb.TextBomb)
            {
                Assert.Contains($"more than {bound ?? ImportBombs.DefaultBound:N0} bytes", error, StringComparison.Ordinal);
            }

            Assert.DoesNotContain("Exception", result.Error, StringComparison.Ordinal);
            Assert.Equal(0, await CountAsync("SELECT COUNT(*) FROM Sales_Orders"));
            Assert.Equal(0, await CountAsync("SELECT COUNT(*) FROM Sales_Products"));
        }
        finally
        {
            File.Delete(file);
        }
    }

    /// <summary>The same through the real executable: its standard error holds the one line, and its exit code is 2.</summary>
    [Fact]
    public async Task The_real_executable_reports_a_truncated_gzip_on_one_line_with_exit_code_2()
    {
        var file = ImportBombs.Write("online-retail", ImportBomb.TruncatedGzip, Folder);
        try
        {
            var result = await cli.RunProcessAsync("import", "orders", "--format", "online-retail", file);

            Assert.True(result.ExitCode == 2, $"exit code {result.ExitCode}: {result.Error}");
            var error = Assert.Single(result.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
                line => line.StartsWith("error: ", StringComparison.Ordinal));
            Assert.Contains(ImportBombs.MessageOf(ImportBomb.TruncatedGzip), error, StringComparison.Ordinal);
            Assert.DoesNotContain("Exception", result.Error, StringComparison.Ordinal);
            Assert.Equal(0, await CountAsync("SELECT COUNT(*) FROM Sales_Orders"));
        }
        finally
        {
            File.Delete(file);
        }
    }

    /// <summary>The case: the first 500,000 bytes of Online Retail imported invoice 539436 with 185 of its 436 lines.</summary>
    [Fact]
    public async Task The_first_500000_bytes_of_online_retail_store_nothing_and_the_whole_file_then_stores_invoice_539436_whole()
    {
        var whole = RepositoryData.PathOf("online-retail/online_retail.csv.gz");
        var cut = Path.Combine(Folder, $"online_retail-cut-{Guid.NewGuid():N}.csv.gz");
        Directory.CreateDirectory(Folder);
        await using (var source = File.OpenRead(whole))
        await using (var target = File.Create(cut))
        {
            var head = new byte[500_000];
            await source.ReadExactlyAsync(head);
            await target.WriteAsync(head);
        }

        try
        {
            var truncated = await cli.RunAsync("import", "orders", "--format", "online-retail", cut);
            Assert.Equal(2, truncated.ExitCode);
            Assert.Contains("error: The gzip file is truncated or corrupt", truncated.Error, StringComparison.Ordinal);
            Assert.Equal(0, await CountAsync("SELECT COUNT(*) FROM Sales_Orders"));

            var complete = await cli.RunAsync("import", "orders", "--format", "online-retail", whole, "--json");
            Assert.True(complete.ExitCode == 0, complete.Error);
            using var json = JsonDocument.Parse(complete.Output);
            Assert.Equal(0, json.RootElement.GetProperty("conflictCount").GetInt32());
            Assert.Equal(436, await CountAsync("SELECT LineCount FROM Sales_Orders WHERE OrderNumber = '539436'"));

            // The orders and their timeline entries are written together: every order of a customer has its entry in the
            // outbox (a command line has no dispatcher; the web host delivers them).
            Assert.Equal(await CountAsync("SELECT COUNT(*) FROM Sales_Orders WHERE CustomerId IS NOT NULL"),
                await CountAsync("SELECT COUNT(*) FROM Kernel_OutboxMessages WHERE EventType LIKE '%InteractionReported%'"));
        }
        finally
        {
            File.Delete(cut);
        }
    }

    [Fact]
    public async Task A_re_import_with_other_content_lists_the_conflicting_orders_and_replace_takes_the_files_content()
    {
        Directory.CreateDirectory(Folder);
        var first = Path.Combine(Folder, $"orders-{Guid.NewGuid():N}.csv");
        var second = Path.Combine(Folder, $"orders-{Guid.NewGuid():N}.csv");
        const string header = "order_id,customer_id,order_date,product_code,product_name,quantity,unit_price";
        await File.WriteAllLinesAsync(first, [header, "R1,C1,2024-05-01,SKU-1,Widget,2,3.50", "R2,C2,2024-05-02,SKU-1,Widget,1,3.50"]);
        await File.WriteAllLinesAsync(second,
            [header, "R1,C1,2024-05-01,SKU-1,Widget,2,3.50", "R2,C2,2024-05-02,SKU-1,Widget,5,3.50", "R2,C2,2024-05-02,SKU-2,Gadget,1,10"]);
        try
        {
            Assert.Equal(0, (await cli.RunAsync("import", "orders", "--format", "csv", first)).ExitCode);

            var kept = await cli.RunAsync("import", "orders", "--format", "csv", second);
            Assert.True(kept.ExitCode == 0, kept.Error);
            Assert.Contains("1 orders imported before with other content were kept as stored (--replace takes the file's): R2", kept.Output, StringComparison.Ordinal);
            Assert.Equal(1, await CountAsync("SELECT LineCount FROM Sales_Orders WHERE OrderNumber = 'R2'"));

            var replaced = await cli.RunAsync("import", "orders", "--format", "csv", second, "--replace", "--json");
            Assert.True(replaced.ExitCode == 0, replaced.Error);
            using var json = JsonDocument.Parse(replaced.Output);
            Assert.Equal(1, json.RootElement.GetProperty("ordersReplaced").GetInt32());
            Assert.Equal(1, json.RootElement.GetProperty("ordersUnchanged").GetInt32());
            Assert.Equal(0, json.RootElement.GetProperty("conflictCount").GetInt32());
            Assert.Equal(1, await CountAsync("SELECT COUNT(*) FROM Sales_Orders WHERE OrderNumber = 'R2'"));
            Assert.Equal(2, await CountAsync("SELECT LineCount FROM Sales_Orders WHERE OrderNumber = 'R2'"));
            Assert.Equal(2, await CountAsync("SELECT COUNT(*) FROM Sales_OrderLines l JOIN Sales_Orders o ON o.Id = l.OrderId WHERE o.OrderNumber = 'R2'"));

            var again = await cli.RunAsync("import", "orders", "--format", "csv", second, "--json");
            using var unchanged = JsonDocument.Parse(again.Output);
            Assert.Equal(2, unchanged.RootElement.GetProperty("ordersUnchanged").GetInt32());
        }
        finally
        {
            File.Delete(first);
            File.Delete(second);
        }
    }

    [Fact]
    public async Task The_bounds_can_be_set_on_the_command_line()
    {
        var file = RepositoryData.PathOf("cdnow/CDNOW_sample.txt");
        var result = await cli.RunAsync("import", "orders", "--format", "cdnow-sample", file, "--max-decompressed-bytes", "100000");
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("error: The file holds more than 100,000 bytes (Import:MaxDecompressedBytes)", result.Error, StringComparison.Ordinal);

        var lines = await cli.RunAsync("import", "orders", "--format", "cdnow-sample", file, "--max-line-bytes", "10");
        Assert.Equal(2, lines.ExitCode);
        Assert.Contains("error: A line of the file is longer than 10 bytes", lines.Error, StringComparison.Ordinal);
        Assert.Equal(0, await CountAsync("SELECT COUNT(*) FROM Sales_Orders"));
    }

    private async Task<long> CountAsync(string sql)
    {
        await using var connection = new SqliteConnection($"Data Source={cli.DatabasePath};Mode=ReadOnly;Pooling=false");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }
}
