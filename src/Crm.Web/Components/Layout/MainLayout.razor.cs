using Microsoft.AspNetCore.Components;
using Microsoft.JSInterop;

namespace Crm.Web.Components.Layout;

public partial class MainLayout
{
    private const string ThemeStorageKey = "ecrm.theme";

    private bool drawerOpen = true;
    private bool isDarkMode;
    private bool isInteractive;

    [Inject]
    private IJSRuntime JS { get; set; } = default!;

    /// <summary>What the modules put in the app bar.</summary>
    [Inject]
    private IEnumerable<Crm.Kernel.Modules.AppBarItem> AppBarItems { get; set; } = default!;

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (!firstRender)
        {
            return;
        }

        // Only reached once the circuit is live: the data-interactive attribute tells tests (and people) the page is ready.
        var stored = await JS.InvokeAsync<string?>("localStorage.getItem", ThemeStorageKey);
        isDarkMode = stored == "dark";
        isInteractive = true;
        StateHasChanged();
    }

    private void ToggleDrawer() => drawerOpen = !drawerOpen;

    private async Task ToggleDarkModeAsync()
    {
        isDarkMode = !isDarkMode;
        await JS.InvokeVoidAsync("localStorage.setItem", ThemeStorageKey, isDarkMode ? "dark" : "light");
    }
}
