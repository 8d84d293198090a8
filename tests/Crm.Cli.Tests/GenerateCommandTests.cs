namespace Crm.Cli.Tests;

public sealed class GenerateCommandTests : IDisposable
{
    private readonly CrmCommandLine first = new();
    private readonly CrmCommandLine second = new();

    public void Dispose()
    {
        first.Dispose();
        second.Dispose();
    }

    [Fact]
    public async Task The_same_seed_on_an_empty_database_generates_the_same_data()
    {
        var a = await first.RunAsync("generate", "--customers", "300", "--seed", "7");
        var b = await second.RunAsync("generate", "--customers", "300", "--seed", "7");

        Assert.Equal(0, a.ExitCode);
        Assert.Matches(@"Generated 300 customers \([0-9]+ companies\) and [0-9,]+ interactions", a.Output);
        Assert.Equal(Summary(a.Output), Summary(b.Output));
        Assert.Contains("300 / 300 customers (100%)", a.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("0", "--customers must be between 1 and 10,000,000.")]
    [InlineData("-5", "--customers must be between 1 and 10,000,000.")]
    public async Task A_bad_count_is_a_clear_error(string count, string message)
    {
        var result = await first.RunAsync("generate", "--customers", count);
        Assert.Equal(2, result.ExitCode);
        Assert.Contains(message, result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sales_data_for_new_and_existing_customers_is_seeded_and_the_same_seed_gives_the_same_figures()
    {
        string[] args = ["generate", "--customers", "200", "--interactions-per-customer", "0", "--orders-per-customer", "3", "--products", "30", "--seed", "5"];
        var a = await first.RunAsync(args);
        var b = await second.RunAsync(args);

        Assert.Equal(0, a.ExitCode);
        Assert.Matches(@"Generated 30 products, [0-9,]+ opportunities and [0-9,]+ orders \([0-9,]+ lines, [0-9,]+ returns, [0-9,]+ cancellations\) for [0-9,]+ of 200 customers", a.Output);
        Assert.Equal(SalesSummary(a.Output), SalesSummary(b.Output));

        // Sales data only, for the customers already there, from the active catalogue.
        var more = await first.RunAsync("generate", "--orders-per-customer", "1", "--products", "0", "--seed", "6");
        Assert.Equal(0, more.ExitCode);
        Assert.Matches(@"Generated 0 products, [0-9,]+ opportunities and [0-9,]+ orders .* for [0-9,]+ of 200 customers", more.Output);
        Assert.DoesNotContain("Generated 200 customers", more.Output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(new[] { "generate" }, "Say what to generate")]
    [InlineData(new[] { "generate", "--orders-per-customer", "1001" }, "--orders-per-customer must be between 0 and 1,000.")]
    [InlineData(new[] { "generate", "--orders-per-customer", "2", "--lines-per-order", "0.5" }, "--lines-per-order must be between 1 and 100.")]
    public async Task Bad_sales_options_are_clear_errors(string[] args, string message)
    {
        var result = await first.RunAsync(args);
        Assert.Equal(2, result.ExitCode);
        Assert.Contains(message, result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Service_cases_are_generated_for_the_customers_with_progress_and_the_same_seed_gives_the_same_number_of_cases()
    {
        string[] args = ["generate", "--customers", "80", "--interactions-per-customer", "0", "--cases-per-customer", "2", "--no-timeline", "--seed", "4"];
        var a = await first.RunAsync(args);
        var b = await second.RunAsync(args);

        Assert.Equal(0, a.ExitCode);
        Assert.Matches(@"Generated 4 queues and [0-9,]+ cases \([0-9,]+ thread entries, [0-9,]+ open, [0-9,]+ SLA warnings, [0-9,]+ SLA breaches, [0-9,]+ breached now\) for [0-9]+ of 80 customers", a.Output);
        Assert.Matches("[0-9]+ customers' cases written", a.Error);
        Assert.Equal(CaseCount(a.Output), CaseCount(b.Output));
        Assert.True(CaseCount(a.Output) > 80);

        // Cases only, for the customers already there: the queues exist, so none are added.
        var more = await first.RunAsync("generate", "--cases-per-customer", "0.5", "--seed", "5");
        Assert.Equal(0, more.ExitCode);
        Assert.Matches(@"Generated 0 queues and [0-9,]+ cases .* for [0-9]+ of 80 customers", more.Output);
        Assert.DoesNotContain("Generated 80 customers", more.Output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("1001")]
    [InlineData("-1")]
    public async Task A_bad_number_of_cases_is_a_clear_error(string perCustomer)
    {
        var result = await first.RunAsync("generate", "--cases-per-customer", perCustomer);
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--cases-per-customer must be between 0 and 1,000.", result.Error, StringComparison.Ordinal);
    }

    private static int CaseCount(string output)
    {
        var match = System.Text.RegularExpressions.Regex.Match(output, "Generated [0-9]+ queues and ([0-9,]+) cases");
        return int.Parse(match.Groups[1].Value, System.Globalization.NumberStyles.AllowThousands, System.Globalization.CultureInfo.InvariantCulture);
    }

    private static string Summary(string output) => output[..output.IndexOf(" in ", StringComparison.Ordinal)];

    private static string SalesSummary(string output)
    {
        var start = output.IndexOf("Generated 30 products", StringComparison.Ordinal);
        return output[start..output.IndexOf(" in ", start, StringComparison.Ordinal)];
    }
}
