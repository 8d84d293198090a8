namespace Crm.Cli.Tests;

public sealed class UsersCommandTests : IDisposable
{
    private readonly CrmCommandLine crm = new();

    public void Dispose() => crm.Dispose();

    [Fact]
    public async Task Migrate_creates_the_database_and_a_second_run_finds_it_up_to_date()
    {
        var first = await crm.RunAsync("migrate");
        Assert.Equal(0, first.ExitCode);
        Assert.Contains("Applying", first.Output, StringComparison.Ordinal);
        Assert.True(File.Exists(crm.DatabasePath));

        var second = await crm.RunAsync("migrate");
        Assert.Equal(0, second.ExitCode);
        Assert.Contains("Sqlite database is up to date.", second.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_first_admin_is_created_with_a_generated_password_printed_once()
    {
        // The real executable, as an operator runs it on a new server.
        var result = await crm.RunProcessAsync("users", "add", "--email", "first.admin@example.com", "--role", "admin");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("Created Admin first.admin@example.com.", result.Output, StringComparison.Ordinal);
        Assert.Matches("Password \\(shown once, ask them to change it\\): [A-Za-z0-9]{16}", result.Output);
        var list = await crm.RunAsync("users", "list");
        Assert.Matches("first.admin@example.com\\s+Admin", list.Output);
    }

    [Fact]
    public async Task Bad_input_gets_a_clear_error_exit_code_2_and_creates_nobody()
    {
        var badRole = await crm.RunAsync("users", "add", "--email", "x@example.com", "--role", "Boss");
        Assert.Equal(2, badRole.ExitCode);
        Assert.Contains("'Boss' is not a role. Use one of: Admin, Manager, SalesRep, ServiceAgent.", badRole.Error, StringComparison.Ordinal);

        var badEmail = await crm.RunAsync("users", "add", "--email", "not-an-email", "--role", "Admin");
        Assert.Equal(2, badEmail.ExitCode);
        Assert.Contains("'not-an-email' is not a valid email address.", badEmail.Error, StringComparison.Ordinal);

        var weak = await crm.RunAsync("users", "add", "--email", "x@example.com", "--role", "Admin", "--password", "weak");
        Assert.Equal(2, weak.ExitCode);
        Assert.Contains("--password: Passwords must be at least 10 characters.", weak.Error, StringComparison.Ordinal);

        var duplicate = await crm.RunAsync("users", "add", "--email", "twice@example.com", "--role", "Manager");
        Assert.Equal(0, duplicate.ExitCode);
        var again = await crm.RunAsync("users", "add", "--email", "twice@example.com", "--role", "Manager");
        Assert.Equal(2, again.ExitCode);
        Assert.Contains("twice@example.com", again.Error, StringComparison.Ordinal);

        var list = await crm.RunAsync("users", "list");
        Assert.Contains("1 user(s).", list.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_option_is_reported_by_name()
    {
        var result = await crm.RunAsync("users", "add", "--email", "x@example.com");
        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("Option '--role' is required.", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_configuration_comes_from_environment_variables_and_the_command_line_wins()
    {
        var sqlServerWithoutConnection = new Dictionary<string, string> { ["Database__Provider"] = "SqlServer", ["ConnectionStrings__Crm"] = "" };
        var fromEnvironment = await crm.RunProcessAsync(sqlServerWithoutConnection, "migrate");
        Assert.Equal(2, fromEnvironment.ExitCode);
        Assert.Contains("Database:Provider is SqlServer but ConnectionStrings:Crm is not set.", fromEnvironment.Error, StringComparison.Ordinal);

        var overridden = await crm.RunProcessAsync(new Dictionary<string, string> { ["Database__Provider"] = "SqlServer" },
            "migrate", "--provider", "Sqlite", "--connection-string", $"Data Source={crm.DatabasePath}");
        Assert.Equal(0, overridden.ExitCode);
        Assert.True(File.Exists(crm.DatabasePath));

        var unknown = await crm.RunProcessAsync("migrate", "--provider", "Oracle");
        Assert.Equal(2, unknown.ExitCode);
        Assert.Contains("Unknown provider 'Oracle'. Use Sqlite or SqlServer.", unknown.Error, StringComparison.Ordinal);
    }
}
