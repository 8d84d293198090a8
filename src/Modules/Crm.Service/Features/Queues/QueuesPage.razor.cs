using Crm.Service.Contracts;
using Crm.Service.Features.Agents;
using Crm.Service.Features.Cases.Routing;
using Crm.Service.Features.Queues.AssignmentRules;
using Crm.Service.Features.Queues.SaveQueue;
using Crm.Ui.Feedback;
using Crm.Ui.Loading;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace Crm.Service.Features.Queues;

/// <summary>What the queues page shows.</summary>
internal sealed record QueuesOverview(IReadOnlyList<QueueDetails> Queues, IReadOnlyList<AssignmentRuleView> Rules, IReadOnlyList<AgentAvailabilityView> Agents);

/// <summary>The queues with their members and backlog, and every agent's presence and capacity (Managers and Admins).</summary>
public partial class QueuesPage
{
    private readonly PageLoad<QueuesOverview> load = new();

    [Inject]
    private QueueQueries Queries { get; set; } = default!;

    [Inject]
    private SaveQueueHandler Save { get; set; } = default!;

    [Inject]
    private AgentAvailabilities Availabilities { get; set; } = default!;

    [Inject]
    private AssignmentRulesHandler Rules { get; set; } = default!;

    [Inject]
    private CaseRouting Routing { get; set; } = default!;

    [Inject]
    private IDialogService Dialogs { get; set; } = default!;

    [Inject]
    private ISnackbar Snackbar { get; set; } = default!;

    private int RelationshipDays => (int)Routing.RelationshipWindow.TotalDays;

    internal static string StrategyName(RoutingStrategy strategy) => strategy switch
    {
        RoutingStrategy.RoundRobin => "Round robin",
        RoutingStrategy.LeastLoaded => "Least loaded",
        _ => "Manual pick",
    };

    protected override Task OnInitializedAsync() => ReloadAsync();

    private Task ReloadAsync() => load.RunAsync(async () =>
        new QueuesOverview(await Queries.ListAsync(), await Rules.ListAsync(), await Availabilities.ListAsync()));

    /// <summary>A rule in words: "has category Returns and mentions refund or send back, on Email".</summary>
    internal static string Describe(AssignmentRuleView rule)
    {
        var parts = new List<string>();
        if (rule.Category is { } category)
        {
            parts.Add($"has category {category}");
        }

        if (rule.SubjectKeywords.Count > 0)
        {
            parts.Add($"mentions {string.Join(" or ", rule.SubjectKeywords.Select(k => $"\u201c{k}\u201d"))} in its subject");
        }

        if (rule.MinimumTier is { } tier)
        {
            parts.Add(tier == Crm.Analytics.Contracts.CustomerTier.Platinum ? "is for a Platinum customer" : $"is for a {tier} customer or better");
        }

        if (rule.Channel is { } channel)
        {
            parts.Add($"came in on {channel}");
        }

        return string.Join(" and ", parts);
    }

    private static AssignmentRuleInput InputOf(AssignmentRuleView rule) =>
        new() { QueueId = rule.QueueId, Category = rule.Category, SubjectKeywords = rule.SubjectKeywords, Channel = rule.Channel, MinimumTier = rule.MinimumTier };

    private async Task EditRuleAsync(QueuesOverview overview, AssignmentRuleView? rule)
    {
        var dialog = await Dialogs.ShowAsync<RuleDialog>(rule is null ? "New assignment rule" : $"Edit rule {rule.Position}",
            new DialogParameters<RuleDialog> { { d => d.Rule, rule is null ? null : InputOf(rule) }, { d => d.Queues, overview.Queues } },
            new DialogOptions { MaxWidth = MaxWidth.Small, FullWidth = true });
        if (await dialog.Result is { Canceled: false, Data: AssignmentRuleInput edited })
        {
            var list = overview.Rules.Select(InputOf).ToList();
            if (rule is null)
            {
                list.Add(edited);
            }
            else
            {
                list[rule.Position - 1] = edited;
            }

            await SaveRulesAsync(list, rule is null ? "Rule added." : "Rule saved.");
        }
    }

    private Task MoveRuleAsync(QueuesOverview overview, AssignmentRuleView rule, int by)
    {
        var list = overview.Rules.Select(InputOf).ToList();
        var from = rule.Position - 1;
        (list[from], list[from + by]) = (list[from + by], list[from]);
        return SaveRulesAsync(list, $"Rule moved to position {from + by + 1}.");
    }

    private async Task RemoveRuleAsync(QueuesOverview overview, AssignmentRuleView rule)
    {
        if (await Dialogs.ShowMessageBoxAsync("Remove rule", $"Remove rule {rule.Position}: cases that {Describe(rule)} will no longer go to {rule.QueueName}?",
                yesText: "Remove", cancelText: "Cancel") != true)
        {
            return;
        }

        await SaveRulesAsync([.. overview.Rules.Where(r => r.Id != rule.Id).Select(InputOf)], "Rule removed.");
    }

    private async Task SaveRulesAsync(IReadOnlyList<AssignmentRuleInput> rules, string success)
    {
        if (await Snackbar.RunAsync(() => Rules.ReplaceAsync(rules), success))
        {
            await ReloadAsync();
        }
    }

    private async Task EditAsync(QueueDetails? queue)
    {
        var dialog = await Dialogs.ShowAsync<QueueDialog>(queue is null ? "New queue" : $"Edit {queue.Name}",
            new DialogParameters<QueueDialog> { { d => d.Queue, queue } },
            new DialogOptions { MaxWidth = MaxWidth.Small, FullWidth = true });
        if (await dialog.Result is { Canceled: false })
        {
            Snackbar.Done(queue is null ? "Queue created." : "Queue saved.");
            await ReloadAsync();
        }
    }

    private async Task SetActiveAsync(QueueDetails queue, bool active)
    {
        if (!active && await Dialogs.ShowMessageBoxAsync("Deactivate queue",
                $"{queue.Name} will take no new cases{(queue.IsDefault ? " and stop being the default queue" : "")}. Its {queue.OpenCases} open cases stay in it.",
                yesText: "Deactivate", cancelText: "Cancel") != true)
        {
            return;
        }

        if (await Snackbar.RunAsync(() => Save.SetActiveAsync(queue.Id, active, queue.Version), active ? $"{queue.Name} is active." : $"{queue.Name} is deactivated."))
        {
            await ReloadAsync();
        }
    }

    private async Task SetCapacityAsync(AgentAvailabilityView agent, int capacity)
    {
        if (await Snackbar.RunAsync(() => Availabilities.SetCapacityAsync(agent.AgentId, new CapacityInput { Capacity = capacity }),
                $"{agent.Name} takes up to {capacity} open {(capacity == 1 ? "case" : "cases")}."))
        {
            await ReloadAsync();
        }
    }
}
