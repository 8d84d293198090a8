using System.Globalization;
using Crm.Service.Contracts;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace Crm.Service.Features.Sla;

/// <summary>The SLA panel of the case page: targets, deadlines in the user's time, business time left, and the derivation.</summary>
public partial class CaseSlaPanel
{
    private readonly HashSet<SlaTarget> open = [];

    [Parameter]
    [EditorRequired]
    public CaseSlaDto Sla { get; set; } = default!;

    public static string TargetName(SlaTarget target) => target switch
    {
        SlaTarget.FirstResponse => "First response",
        SlaTarget.NextResponse => "Next response",
        _ => "Resolution",
    };

    public static string StateText(CaseSlaState state) => state switch
    {
        CaseSlaState.None => "No SLA",
        CaseSlaState.Met => "Met",
        CaseSlaState.Paused => "Paused",
        CaseSlaState.Running => "Running",
        CaseSlaState.Warning => "Warning",
        _ => "Breached",
    };

    public static Color StateColor(CaseSlaState state) => state switch
    {
        CaseSlaState.Met => Color.Success,
        CaseSlaState.Warning => Color.Warning,
        CaseSlaState.Breached => Color.Error,
        CaseSlaState.Running => Color.Info,
        _ => Color.Default,
    };

    /// <summary>Business minutes as "2 h 15 min".</summary>
    public static string Minutes(double minutes)
    {
        var whole = (long)Math.Floor(minutes);
        return whole < 60 ? string.Create(CultureInfo.InvariantCulture, $"{whole} min")
            : whole % 60 == 0 ? string.Create(CultureInfo.InvariantCulture, $"{whole / 60} h")
            : string.Create(CultureInfo.InvariantCulture, $"{whole / 60} h {whole % 60} min");
    }

    private void Toggle(SlaTarget target)
    {
        if (!open.Remove(target))
        {
            open.Add(target);
        }
    }
}
