using MudBlazor;

namespace Crm.Web.Components.Layout;

/// <summary>The app's colours and type: the brand blue, and status colours that keep text readable (axe-core checks).</summary>
internal static class CrmTheme
{
    private const string DarkText = "#121212";

    public static MudTheme Theme { get; } = new()
    {
        PaletteLight = new PaletteLight
        {
            Primary = "#1E5AA8",
            // Teal dark enough for white text (5.3:1; MudBlazor's #00897B reaches 4.3:1), e.g. the RFM segment chip.
            Secondary = "#00796B",
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
            // On the dark surfaces (#373740 paper, #32333D page) every colour is light enough as text (4.5:1 or more), so
            // filled buttons and chips carry dark text: white on these light colours would fall to 2.5-3.4:1.
            Primary = "#7AA7E8",
            PrimaryContrastText = DarkText,
            Secondary = "#4DB6AC",
            SecondaryContrastText = DarkText,
            Info = "#64B5F6",
            InfoContrastText = DarkText,
            Success = "#66BB6A",
            SuccessContrastText = DarkText,
            Warning = "#FFB74D",
            WarningContrastText = DarkText,
            Error = "#FF8A80",
            ErrorContrastText = DarkText,
            // Labels, helper text and captions: MudBlazor's 50 % white reaches only 4.25:1 on the paper.
            TextSecondary = "rgba(255,255,255,0.62)",
        },
        Typography = new Typography
        {
            Default = new DefaultTypography { FontFamily = ["system-ui", "-apple-system", "Segoe UI", "Roboto", "Helvetica", "Arial", "sans-serif"] },
        },
    };
}
