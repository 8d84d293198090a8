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

    private static string Summary(string output) => output[..output.IndexOf(" in ", StringComparison.Ordinal)];
}
