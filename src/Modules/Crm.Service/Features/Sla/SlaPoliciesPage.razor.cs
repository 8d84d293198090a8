using Crm.Service.Contracts;
using Crm.Ui.Feedback;
using Crm.Ui.Loading;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace Crm.Service.Features.Sla;

/// <summary>Managers and Admins see the SLA policies in match order, move them up and down, and deactivate or activate them.</summary>
public partial class SlaPoliciesPage
{
    private readonly PageLoad<IReadOnlyList<SlaPolicyDto>> load = new();
    private bool busy;

    [Inject]
    private SlaSettings Settings { get; set; } = default!;

    [Inject]
    private ISnackbar Snackbar { get; set; } = default!;

    [Inject]
    private IDialogService Dialogs { get; set; } = default!;

    protected override Task OnInitializedAsync() => load.RunAsync(() => Settings.PoliciesAsync());

    internal static string Target(int? minutes) => minutes is { } m ? CaseSlaPanel.Minutes(m) : "None";

    internal static string AppliesTo(SlaPolicyDto policy)
    {
        var parts = new[]
        {
            policy.Priority is { } priority ? $"Priority {priority}" : null,
            policy.Category is { } category ? $"category {category}" : null,
            policy.MinimumTier is { } tier ? $"customers {tier} or better" : null,
            policy.QueueId is not null ? $"queue {policy.QueueName}" : null,
        }.OfType<string>().ToList();
        var rules = policy.EscalationRules?.Count ?? 0;
        var joined = string.Join(", ", parts);
        var text = parts.Count == 0 ? "Every case" : string.Concat(joined[..1].ToUpperInvariant(), joined[1..]);
        return rules == 0 ? text : $"{text} · {rules} escalation rule{(rules == 1 ? "" : "s")}";
    }

    /// <summary>An active policy without criteria that has active policies after it: they can never be chosen.</summary>
    internal static SlaPolicyDto? ShadowingPolicy(IReadOnlyList<SlaPolicyDto> policies)
    {
        var active = policies.Where(p => p.IsActive).OrderBy(p => p.Position).ToList();
        var catchAll = active.FindIndex(p => p is { Priority: null, Category: null, MinimumTier: null, QueueId: null });
        return catchAll >= 0 && catchAll < active.Count - 1 ? active[catchAll] : null;
    }

    private async Task MoveAsync(SlaPolicyDto policy, bool up)
    {
        busy = true;
        await Snackbar.RunAsync(() => Settings.MoveAsync(policy.Id, up), $"{policy.Name} moved {(up ? "up" : "down")}.");
        await load.RunAsync(() => Settings.PoliciesAsync());
        busy = false;
    }

    private async Task SetActiveAsync(SlaPolicyDto policy, bool active)
    {
        if (!active && await Dialogs.ShowMessageBoxAsync("Deactivate policy?",
                $"New cases will no longer get \"{policy.Name}\". Open cases that have it keep it and its deadlines.",
                yesText: "Deactivate", cancelText: "Cancel") != true)
        {
            return;
        }

        busy = true;
        await Snackbar.RunAsync(() => Settings.SetActiveAsync(policy.Id, active, policy.Version),
            active ? $"{policy.Name} is active again." : $"{policy.Name} deactivated.");
        await load.RunAsync(() => Settings.PoliciesAsync());
        busy = false;
    }
}
