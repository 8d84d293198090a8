using Bunit;
using Crm.Analytics.Contracts;
using Crm.Analytics.Features.Cycles;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using MudBlazor.Services;

namespace Crm.Analytics.Tests.Features.Cycles;

/// <summary>bUnit: the due-to-buy-again call dialog answers with the outcome note, or nothing when cancelled.</summary>
public sealed class DueCallDialogTests : IAsyncLifetime
{
    // Disposed asynchronously: MudBlazor's dialog services only implement IAsyncDisposable.
    private readonly BunitContext context = new();

    public Task InitializeAsync()
    {
        context.Services.AddMudServices();
        context.JSInterop.Mode = JSRuntimeMode.Loose;
        return Task.CompletedTask;
    }

    public Task DisposeAsync() => context.DisposeAsync().AsTask();

    [Fact]
    public async Task The_dialog_names_the_customer_and_limits_the_outcome_to_what_the_timeline_stores()
    {
        var (cut, _) = await ShowAsync("Ada Lovelace");

        Assert.Contains("Record a phone call to Ada Lovelace on their timeline", Rendered(cut), StringComparison.Ordinal);
        Assert.Equal(DueCallInput.MaxOutcomeLength.ToString(System.Globalization.CultureInfo.InvariantCulture),
            cut.Find("[data-testid=call-outcome]").GetAttribute("maxlength"));
    }

    [Fact]
    public async Task Log_call_closes_with_the_trimmed_outcome()
    {
        var (cut, dialog) = await ShowAsync("Grace Hopper");

        await cut.Find("[data-testid=call-outcome]").InputAsync(new ChangeEventArgs { Value = "  will order next week  " });
        await cut.Find("[data-testid=call-ok]").ClickAsync(new MouseEventArgs());

        var result = await dialog.Result;
        Assert.False(result!.Canceled);
        Assert.Equal("will order next week", result.Data);
    }

    [Fact]
    public async Task A_call_without_an_outcome_is_logged_with_an_empty_note()
    {
        var (cut, dialog) = await ShowAsync("Alan Turing");

        await cut.Find("[data-testid=call-ok]").ClickAsync(new MouseEventArgs());

        Assert.Equal("", (await dialog.Result)!.Data);
    }

    [Fact]
    public async Task Cancel_logs_nothing()
    {
        var (cut, dialog) = await ShowAsync("Edsger Dijkstra");
        await cut.Find("[data-testid=call-outcome]").InputAsync(new ChangeEventArgs { Value = "not meant" });

        await cut.Find("[data-testid=call-cancel]").ClickAsync(new MouseEventArgs());

        var result = await dialog.Result;
        Assert.True(result!.Canceled);
        Assert.Null(result.Data);
    }

    private static string Rendered(IRenderedComponent<MudDialogProvider> cut) =>
        string.Join(' ', cut.Find(".mud-dialog").TextContent.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));

    private async Task<(IRenderedComponent<MudDialogProvider>, IDialogReference)> ShowAsync(string customer)
    {
        var provider = context.Render<MudDialogProvider>();
        IDialogReference? reference = null;
        await provider.InvokeAsync(async () => reference = await context.Services.GetRequiredService<IDialogService>()
            .ShowAsync<DueCallDialog>("Log call", new DialogParameters<DueCallDialog> { { d => d.CustomerName, customer } }));
        return (provider, reference!);
    }
}
