using Bunit;
using Crm.Kernel.Identity;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using MudBlazor.Services;

namespace Crm.Testing.Components;

/// <summary>
/// bUnit over the real host: components get MudBlazor's services from bUnit and everything else (handlers, queries, the
/// SQLite file) from a scope of the running <see cref="CrmWebHost"/>, acting as a user in a role.
/// </summary>
internal sealed class ComponentHost : IAsyncDisposable
{
    private readonly AsyncServiceScope scope;

    public ComponentHost(CrmWebHost host, string role, string actorId = "test:components")
    {
        scope = host.Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<CurrentUser>().SetSystemActor(actorId, role);
        Context = new BunitContext();
        Context.JSInterop.Mode = JSRuntimeMode.Loose;
        Context.Services.AddMudServices();
        Context.Services.AddFallbackServiceProvider(scope.ServiceProvider);
        Context.Render<MudPopoverProvider>();
    }

    public BunitContext Context { get; }

    public IServiceProvider Services => scope.ServiceProvider;

    /// <summary>Opens <typeparamref name="TDialog"/> through the real dialog service; returns the provider that renders it and its reference.</summary>
    public async Task<(IRenderedComponent<MudDialogProvider> Provider, IDialogReference Dialog)> ShowAsync<TDialog>(DialogParameters<TDialog> parameters)
        where TDialog : IComponent
    {
        var provider = Context.Render<MudDialogProvider>();
        var dialogs = Context.Services.GetRequiredService<IDialogService>();
        IDialogReference? reference = null;
        await provider.InvokeAsync(async () => reference = await dialogs.ShowAsync<TDialog>(typeof(TDialog).Name, parameters));
        return (provider, reference!);
    }

    public async ValueTask DisposeAsync()
    {
        await Context.DisposeAsync();
        await scope.DisposeAsync();
    }
}

/// <summary>Small helpers for reading what a component shows.</summary>
internal static class Rendered
{
    public static string Normalize(string text) => string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));

    /// <summary>The texts MudBlazor shows under fields in error.</summary>
    public static List<string> FieldErrors<T>(this IRenderedComponent<T> cut)
        where T : IComponent =>
        [.. cut.FindAll(".mud-input-helper-text.mud-input-error").Select(e => Normalize(e.TextContent)).Where(t => t.Length > 0)];

    public static AngleSharp.Dom.IElement Button<T>(this IRenderedComponent<T> cut, string text)
        where T : IComponent =>
        cut.FindAll("button").Single(b => Normalize(b.TextContent) == text);
}
