using Crm.Analytics.Contracts;
using Crm.Kernel;
using Crm.Kernel.Text;
using Crm.Service.Contracts;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace Crm.Service.Features.Queues;

/// <summary>The form of one assignment rule; closes with the rule (the page saves the whole ordered list).</summary>
public partial class RuleDialog
{
    private long? queueId;
    private string? category;
    private Channel? channel;
    private CustomerTier? minimumTier;
    private string? keywords;
    private string? problem;

    /// <summary>The rule to edit; null for a new one.</summary>
    [Parameter]
    public AssignmentRuleInput? Rule { get; set; }

    [Parameter]
    public IReadOnlyList<QueueDetails> Queues { get; set; } = [];

    [CascadingParameter]
    private IMudDialogInstance MudDialog { get; set; } = default!;

    protected override void OnInitialized()
    {
        if (Rule is { } rule)
        {
            queueId = rule.QueueId;
            category = rule.Category;
            channel = rule.Channel;
            minimumTier = rule.MinimumTier;
            keywords = string.Join(", ", rule.SubjectKeywords);
        }
    }

    private void Cancel() => MudDialog.Cancel();

    private void Done()
    {
        var words = (keywords ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        problem = queueId is null ? "Choose the queue the cases go to."
            : Trimmed.OrNull(category) is null && words.Length == 0 && channel is null && minimumTier is null
                ? "Set a category, subject words, a customer tier or a channel: a rule without a condition would take every case."
            : null;
        if (problem is null)
        {
            MudDialog.Close(DialogResult.Ok(new AssignmentRuleInput { QueueId = queueId!.Value, Category = Trimmed.OrNull(category), SubjectKeywords = words, Channel = channel, MinimumTier = minimumTier }));
        }
    }
}
