using Crm.Analytics.Contracts;
using Crm.Kernel;
using Crm.Kernel.Data;
using Crm.Kernel.Errors;
using Crm.Kernel.Identity;
using Crm.Kernel.Text;
using Crm.Service.Contracts;
using Crm.Service.Domain.Queues;
using Crm.Service.Features.Cases;
using Microsoft.EntityFrameworkCore;

namespace Crm.Service.Features.Queues.AssignmentRules;

/// <summary>
/// The assignment rules in the Manager's order: everyone who works cases reads them, Managers and Admins replace the whole
/// list at once (adding, editing, removing and reordering are one save, so the order never half-changes).
/// </summary>
internal sealed class AssignmentRulesHandler(IDbContextFactory<CrmDbContext> contextFactory, ICurrentUser currentUser)
{
    public const int MaxRules = 100;

    public async Task<IReadOnlyList<AssignmentRuleView>> ListAsync(CancellationToken cancellationToken = default)
    {
        CaseAccess.EnsureWork(currentUser);
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        return await ViewsAsync(db, cancellationToken);
    }

    public async Task<CommandResult<IReadOnlyList<AssignmentRuleView>>> ReplaceAsync(IReadOnlyList<AssignmentRuleInput> rules, CancellationToken cancellationToken = default)
    {
        QueueAccess.EnsureConfigure(currentUser);
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var activeQueues = await db.Set<ServiceQueue>().Where(q => q.IsActive).Select(q => q.Id).ToListAsync(cancellationToken);
        var problems = new List<ValidationError>();
        if (rules.Count > MaxRules)
        {
            problems.Add(new ValidationError("Rules", $"At most {MaxRules} rules."));
        }

        var stored = new List<QueueRule>();
        for (var i = 0; i < Math.Min(rules.Count, MaxRules); i++)
        {
            var rule = rules[i];
            var field = $"Rules[{i}]";
            var keywords = (rule.SubjectKeywords ?? []).Select(k => k?.Trim() ?? "").Where(k => k.Length > 0).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
            var category = Trimmed.OrNull(rule.Category);
            if (!activeQueues.Contains(rule.QueueId))
            {
                problems.Add(new ValidationError($"{field}.QueueId", $"Rule {i + 1}: no active queue with id {rule.QueueId}."));
            }

            if (category is null && keywords.Count == 0 && rule.Channel is null && rule.MinimumTier is null)
            {
                problems.Add(new ValidationError(field, $"Rule {i + 1}: set a category, subject keywords, a customer tier or a channel (a rule without a condition would take every case; use the default queue for that)."));
            }

            if (rule.MinimumTier is { } tier && (tier == CustomerTier.None || !Enum.IsDefined(tier)))
            {
                problems.Add(new ValidationError($"{field}.MinimumTier", $"Rule {i + 1}: the tier is Bronze, Silver, Gold or Platinum."));
            }

            if (category is { Length: > 100 })
            {
                problems.Add(new ValidationError($"{field}.Category", $"Rule {i + 1}: the category is at most 100 characters."));
            }

            if (keywords.Count > QueueRule.MaxKeywords || keywords.Any(k => k.Length > QueueRule.MaxKeywordLength || k.Contains('|', StringComparison.Ordinal)))
            {
                problems.Add(new ValidationError($"{field}.SubjectKeywords",
                    $"Rule {i + 1}: at most {QueueRule.MaxKeywords} keywords of at most {QueueRule.MaxKeywordLength} characters each, without '|'."));
            }

            if (rule.Channel is { } channel && !Enum.IsDefined(channel))
            {
                problems.Add(new ValidationError($"{field}.Channel", $"Rule {i + 1}: unknown channel."));
            }

            stored.Add(new QueueRule { Position = i + 1, QueueId = rule.QueueId, Category = category, Keywords = string.Join('|', keywords), Channel = rule.Channel, MinimumTier = rule.MinimumTier });
        }

        if (problems.Count > 0)
        {
            return CommandResult.Invalid<IReadOnlyList<AssignmentRuleView>>(new OperationResult(problems));
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await db.Set<QueueRule>().ExecuteDeleteAsync(cancellationToken);
        db.AddRange(stored);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return CommandResult.Done(await ViewsAsync(db, cancellationToken));
    }

    private static async Task<IReadOnlyList<AssignmentRuleView>> ViewsAsync(CrmDbContext db, CancellationToken cancellationToken)
    {
        var rules = await db.Set<QueueRule>().AsNoTracking().OrderBy(r => r.Position).ToListAsync(cancellationToken);
        var names = await db.Set<ServiceQueue>().ToDictionaryAsync(q => q.Id, q => q.Name, cancellationToken);
        return [.. rules.Select(r => new AssignmentRuleView(r.Id, r.Position, r.QueueId, names.GetValueOrDefault(r.QueueId, ""), r.Category, r.KeywordList, r.Channel, r.MinimumTier))];
    }
}
