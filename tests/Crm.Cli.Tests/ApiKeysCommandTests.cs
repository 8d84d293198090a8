namespace Crm.Cli.Tests;

public sealed class ApiKeysCommandTests : IDisposable
{
    private readonly CrmCommandLine crm = new();

    public void Dispose() => crm.Dispose();

    [Fact]
    public async Task A_new_key_is_printed_once_and_listed_afterwards_without_its_secret()
    {
        var added = await crm.RunAsync("apikeys", "add", "--name", "Web shop", "--role", "salesrep");
        Assert.Equal(0, added.ExitCode);
        Assert.Contains("acting as SalesRep", added.Output, StringComparison.Ordinal);
        var key = added.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Last();
        Assert.Matches("^ecrm_[0-9a-f]{12}_[A-Za-z0-9-]{43}$", key);

        var list = await crm.RunAsync("apikeys", "list");
        Assert.Contains("Web shop", list.Output, StringComparison.Ordinal);
        Assert.Contains("active", list.Output, StringComparison.Ordinal);
        Assert.DoesNotContain(key.Split('_')[2], list.Output, StringComparison.Ordinal);

        var id = list.Output.Split(' ', 2)[0];
        var revoked = await crm.RunAsync("apikeys", "revoke", "--id", id);
        Assert.Equal(0, revoked.ExitCode);
        Assert.Contains("revoked", (await crm.RunAsync("apikeys", "list")).Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_bad_role_or_unknown_id_is_a_clear_error()
    {
        var badRole = await crm.RunAsync("apikeys", "add", "--name", "ERP", "--role", "Robot");
        Assert.Equal(2, badRole.ExitCode);
        Assert.Contains("--role: 'Robot' is not a role.", badRole.Error, StringComparison.Ordinal);

        await crm.RunAsync("migrate");
        var unknown = await crm.RunAsync("apikeys", "revoke", "--id", Guid.Empty.ToString());
        Assert.Equal(2, unknown.ExitCode);
        Assert.Contains("No API key with id", unknown.Error, StringComparison.Ordinal);
    }
}
