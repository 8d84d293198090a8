using System.Net.Http.Json;
using Crm.Contacts.Contracts;
using Crm.Kernel;
using Crm.Testing;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Rendering;
using Microsoft.Extensions.DependencyInjection;
using static Crm.Contacts.Tests.Features.Api.ContactsApiFixture;

namespace Crm.Contacts.Tests.Features.Panels;

/// <summary>Panels that other modules register through the contract appear on the customer page, for their roles only.</summary>
public sealed class CustomerPanelsTests : IAsyncLifetime
{
    private readonly CrmWebHost host = CrmWebHost.Create(CrmWebHost.NewMigratedDatabasePath(), configureServices: services =>
    {
        services.AddSingleton(new CustomerPanel("Orders", "", typeof(EchoPanel), 10, CrmRoles.All));
        services.AddSingleton(new CustomerPanel("Margins", "", typeof(EchoPanel), 20, [CrmRoles.Manager]));
    });

    public Task InitializeAsync()
    {
        host.StartServer();
        return Task.CompletedTask;
    }

    public Task DisposeAsync() => host.DisposeAsync().AsTask();

    [Fact]
    public async Task Each_user_sees_the_registered_panels_of_their_roles()
    {
        using var manager = await host.SignedInClientAsync("manager@ecrm.local");
        var customer = await CreateAsync(manager, Person("Panelled"));

        var managerPage = await manager.GetStringAsync(new Uri($"/customers/{customer.Id}", UriKind.Relative));
        using var rep = await host.SignedInClientAsync("rep@ecrm.local");
        var repPage = await rep.GetStringAsync(new Uri($"/customers/{customer.Id}", UriKind.Relative));

        Assert.Contains("Orders", managerPage, StringComparison.Ordinal);
        Assert.Contains("Margins", managerPage, StringComparison.Ordinal);
        Assert.Contains("Orders", repPage, StringComparison.Ordinal);
        Assert.DoesNotContain("Margins", repPage, StringComparison.Ordinal);
        Assert.True(managerPage.IndexOf("Orders", StringComparison.Ordinal) < managerPage.IndexOf("Margins", StringComparison.Ordinal));
    }
}

/// <summary>A stand-in for another module's panel: shows the customer id it was given.</summary>
public sealed class EchoPanel : ComponentBase
{
    [Parameter]
    public long CustomerId { get; set; }

    protected override void BuildRenderTree(RenderTreeBuilder builder) =>
        builder.AddMarkupContent(0, $"<span data-testid=\"echo-panel\">customer {CustomerId}</span>");
}
