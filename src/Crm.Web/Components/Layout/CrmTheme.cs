using MudBlazor;

namespace Crm.Web.Components.Layout;

/// <summary>The app's colours and type: the brand blue, and status colours that keep text readable (axe-core checks).</summary>
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
            // Secondary text (field labels, helper text, captions) at 4.5:1 on the grey page background too: MudBlazor's
            // rgba(0,0,0,0.54) reaches only 4.48:1 there.
            TextSecondary = "rgba(0,0,0,0.62)",
            // Status colours dark enough for WCAG AA (4.5:1) as text on white and behind white text (chips, alerts):
            // MudBlazor's defaults (#f44336, #ff9800, #00c853, #2196f3) fall below it. Green also on its own tint (text chips).
            Error = "#C62828",
            Warning = "#A35200",
            Success = "#1B5E20",
            Info = "#1565C0",
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
