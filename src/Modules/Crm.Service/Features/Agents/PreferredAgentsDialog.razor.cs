using Crm.Kernel.Errors;
using Crm.Kernel.Identity;
using Crm.Service.Contracts;
using Crm.Service.Features.Cases;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace Crm.Service.Features.Agents;

/// <summary>Chooses the agents pinned to a customer; closes with the saved list.</summary>
public partial class PreferredAgentsDialog
{
    private readonly string?[] picks = new string?[3];
    private IReadOnlyList<UserName> workers = [];
    private bool saving;
    private string? general;

    [Parameter]
    public long CustomerId { get; set; }

    [Parameter]
    public IReadOnlyList<PreferredAgentView> Current { get; set; } = [];

    [CascadingParameter]
    private IMudDialogInstance MudDialog { get; set; } = default!;

    [Inject]
    private PreferredAgents Preferred { get; set; } = default!;

    [Inject]
    private CaseWorkers Workers { get; set; } = default!;

    protected override async Task OnInitializedAsync()
    {
        workers = await Workers.ListAsync(CancellationToken.None);
        foreach (var pin in Current.Take(picks.Length))
        {
            picks[pin.Rank - 1] = pin.AgentId;
        }
    }

    private static string Ordinal(int index) => index switch
    {
        0 => "First preferred agent",
        1 => "Second preferred agent",
        _ => "Third preferred agent",
    };

    private void Cancel() => MudDialog.Cancel();

    private async Task SaveAsync()
    {
        saving = true;
        general = null;
        try
        {
            var result = await Preferred.SetAsync(CustomerId, new PreferredAgentsInput { AgentIds = [.. picks.OfType<string>()] });
            general = result.Message ?? (result.Validation.Errors.Count > 0 ? result.Validation.Errors[0].Message : null);
            if (result.Succeeded)
            {
                MudDialog.Close(DialogResult.Ok(result.Value));
            }
        }
        catch (Exception ex) when (ex is ForbiddenException or NotFoundException)
        {
            general = ex.Message;
        }
        finally
        {
            saving = false;
        }
    }
}
