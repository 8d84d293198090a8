using MudBlazor;

namespace Crm.Web.Components.Layout;

internal static class CrmTheme
{
    public static MudTheme Theme { get; } = new()
    {
        PaletteLight = new PaletteLight
        {
            Primary = "#1E5AA8",
            Secondary = "#00897B",
            AppbarBackground = "#1E5AA8",
            Background = "#F5F7FA",
        },
        PaletteDark = new PaletteDark
        {
            Primary = "#7AA7E8",
            Secondary = "#4DB6AC",
        },
        Typography = new Typography
        {
            Default = new DefaultTypography { FontFamily = ["system-ui", "-apple-system", "Segoe UI", "Roboto", "Helvetica", "Arial", "sans-serif"] },
        },
    };
}
