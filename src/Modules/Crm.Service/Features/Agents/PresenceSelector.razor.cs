using Crm.Service.Contracts;
using Crm.Ui.Feedback;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace Crm.Service.Features.Agents;

/// <summary>Shows the signed-in agent's presence and lets them change it.</summary>
public partial class PresenceSelector
{
    private AgentAvailabilityView? mine;

    [Inject]
    private AgentAvailabilities Availabilities { get; set; } = default!;

    [Inject]
    private ISnackbar Snackbar { get; set; } = default!;

    protected override async Task OnInitializedAsync() => mine = await Availabilities.MineAsync();

    private static string Label(AgentPresence presence) => presence.ToString();

    private static string Hint(AgentPresence presence) => presence switch
    {
        AgentPresence.Available => "new cases can be routed to you",
        AgentPresence.Busy => "on a call or a long case",
        AgentPresence.Away => "on a break",
        _ => "not working cases",
    };

    private static Color ColorOf(AgentPresence presence) => presence switch
    {
        AgentPresence.Available => Color.Success,
        AgentPresence.Busy => Color.Error,
        AgentPresence.Away => Color.Warning,
        _ => Color.Default,
    };

    private async Task ChooseAsync(AgentPresence presence)
    {
        var result = await Availabilities.ChooseAsync(new PresenceInput { Presence = presence });
        if (result.Succeeded)
        {
            mine = result.Value;
        }

        Snackbar.Report(result, $"You are {Label(presence)}.");
    }
}
