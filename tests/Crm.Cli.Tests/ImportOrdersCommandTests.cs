using System.Text.Json;

namespace Crm.Cli.Tests;

/// <summary><c>crm import orders</c> over a fresh SQLite file.</summary>
public sealed class ImportOrdersCommandTests : IDisposable
{
    private readonly CrmCommandLine cli = new();

    public void Dispose() => cli.Dispose();

    /// <summary>
    /// CDNOW sample: 6,919 lines, 2,357 distinct sample ids (derived with awk: NR and the distinct count of column 2).
    /// </summary>
    [Fact]
    public async Task Json_output_is_one_object_with_the_counts_and_a_re_import_creates_nothing()
    {
        var file = RepositoryData.PathOf("cdnow/CDNOW_sample.txt");

        var first = await cli.RunAsync("import", "orders", "--format", "cdnow-sample", file, "--json");
        Assert.True(first.ExitCode == 0, first.Error);
        using (var json = JsonDocument.Parse(first.Output))
        {
            var root = json.RootElement;
            Assert.Equal(JsonValueKind.Object, root.ValueKind);
            Assert.Equal(6_919, root.GetProperty("rows").GetInt64());
            Assert.Equal(2_357, root.GetProperty("customersCreated").GetInt32());
            Assert.Equal(6_919, root.GetProperty("ordersCreated").GetInt32());
            Assert.Equal(0, root.GetProperty("ordersUnchanged").GetInt32());
            Assert.Equal(0, root.GetProperty("rowsSkipped").GetInt64());
            Assert.Equal(JsonValueKind.Array, root.GetProperty("skipped").ValueKind);
        }

        Assert.Contains("6,919 / 6,919 rows (100%)", first.Error, StringComparison.Ordinal);

        var again = await cli.RunAsync("import", "orders", "--format", "cdnow-sample", file, "--json");
        Assert.Equal(0, again.ExitCode);
        using var second = JsonDocument.Parse(again.Output);
        Assert.Equal(0, second.RootElement.GetProperty("ordersCreated").GetInt32());
        Assert.Equal(6_919, second.RootElement.GetProperty("ordersUnchanged").GetInt32());
        Assert.Equal(0, second.RootElement.GetProperty("customersCreated").GetInt32());
    }

    [Fact]
    public async Task Without_json_a_human_summary_lists_the_skipped_rows()
    {
        var file = Path.Combine(Path.GetTempPath(), "ecrm-tests", $"cli-orders-{Guid.NewGuid():N}.csv");
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        await File.WriteAllLinesAsync(file,
        [
            "order_id,customer_id,order_date,product_code,product_name,quantity,unit_price",
            "1001,C1,2024-05-01,SKU-1,Widget,2,3.50",
            "1002,C2,yesterday,SKU-1,Widget,1,3.50",
        ]);
        try
        {
            var result = await cli.RunAsync("import", "orders", "--format", "csv", file);
            Assert.True(result.ExitCode == 0, result.Error);
            Assert.Contains("2 rows read, 1 orders created (1 lines), 0 orders unchanged, 1 customers created", result.Output, StringComparison.Ordinal);
            Assert.Contains("line 3: Unparsable date.", result.Output, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Theory]
    [InlineData("parquet", "Unknown format 'parquet'. Use one of: online-retail, cdnow, cdnow-sample, baskets, csv.")]
    [InlineData(null, "Give the file's format with --format")]
    public async Task A_bad_or_missing_format_is_a_usage_error(string? format, string message)
    {
        var file = RepositoryData.PathOf("cdnow/CDNOW_sample.txt");
        var result = format is null
            ? await cli.RunAsync("import", "orders", file)
            : await cli.RunAsync("import", "orders", "--format", format, file);
        Assert.Equal(2, result.ExitCode);
        Assert.Contains(message, result.Error, StringComparison.Ordinal);
        Assert.Equal("", result.Output);
    }

    [Fact]
    public async Task A_missing_file_is_a_usage_error()
    {
        var missing = Path.Combine(Path.GetTempPath(), $"no-such-file-{Guid.NewGuid():N}.csv");
        var result = await cli.RunAsync("import", "orders", "--format", "csv", missing, "--json");
        Assert.Equal(2, result.ExitCode);
        Assert.Contains($"File not found: {missing}", result.Error, StringComparison.Ordinal);
        Assert.Equal("", result.Output);
    }

    [Fact]
    public async Task A_csv_without_the_required_columns_is_a_usage_error()
    {
        var file = Path.Combine(Path.GetTempPath(), "ecrm-tests", $"cli-bad-{Guid.NewGuid():N}.csv");
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        await File.WriteAllLinesAsync(file, ["id,name", "1,x"]);
        try
        {
            var result = await cli.RunAsync("import", "orders", "--format", "csv", file);
            Assert.Equal(2, result.ExitCode);
            Assert.Contains("The file has no column 'order_id'", result.Error, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(file);
        }
    }
}
