namespace Crm.Testing;

/// <summary>
/// A class fixture: the real host with the demo users but without demo customers or sales data, for tests that bring
/// their own records (starts in seconds instead of generating 300 customers with their orders).
/// </summary>
public sealed class NoDemoDataHost : IAsyncLifetime
{
    public CrmWebHost Host { get; } = CrmWebHost.Create(CrmWebHost.NewMigratedDatabasePath(), new Dictionary<string, string?> { ["DemoData:Customers"] = "0" });

    public Task InitializeAsync()
    {
        Host.StartServer();
        return Task.CompletedTask;
    }

    public Task DisposeAsync() => Host.DisposeAsync().AsTask();
}
