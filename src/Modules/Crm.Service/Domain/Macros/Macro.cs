using System.Text;
using System.Text.RegularExpressions;
using Crm.Kernel.Auditing;
using Crm.Service.Contracts;
using Crm.Service.Domain.Cases;

namespace Crm.Service.Domain.Macros;

/// <summary>
/// A saved reply an agent applies to a case in one step: a text with placeholders (<c>{{customer.name}}</c>,
/// <c>{{case.number}}</c>, ...) sent as a public reply, and actions (set status, set priority, add a tag) carried out through
/// the same rules as the single actions. A deactivated macro stays for the record but is no longer offered.
/// </summary>
internal sealed partial class Macro : AuditableEntity
{
    public const int MaxNameLength = 100;

    public const int MaxTagLength = Cases.ServiceCase.MaxTagLength;

    /// <summary>The placeholders a macro's text may use, with what they stand for.</summary>
    public static IReadOnlyDictionary<string, string> Placeholders { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        [MacroPlaceholders.CustomerName] = "the customer's name",
        [MacroPlaceholders.CaseNumber] = "the case number (CS-000123)",
        [MacroPlaceholders.CaseSubject] = "the case's subject",
        [MacroPlaceholders.AgentName] = "the name of the agent applying the macro",
    };

    public long Id { get; set; }

    public string Name { get; private set; } = "";

    /// <summary>The reply's text with placeholders; empty when the macro only acts.</summary>
    public string Body { get; private set; } = "";

    public CaseStatus? SetStatus { get; private set; }

    public CasePriority? SetPriority { get; private set; }

    public string? AddTag { get; private set; }

    public bool IsActive { get; private set; } = true;

    public static Macro Create(string name, string? body, CaseStatus? setStatus, CasePriority? setPriority, string? addTag)
    {
        var macro = new Macro();
        macro.Edit(name, body, setStatus, setPriority, addTag);
        return macro;
    }

    public void Edit(string name, string? body, CaseStatus? setStatus, CasePriority? setPriority, string? addTag)
    {
        Name = name.Trim();
        Body = body?.Trim() ?? "";
        SetStatus = setStatus;
        SetPriority = setPriority;
        AddTag = string.IsNullOrWhiteSpace(addTag) ? null : addTag.Trim();
    }

    public void SetActive(bool active) => IsActive = active;

    /// <summary>The placeholders in <paramref name="text"/> that are not among <see cref="Placeholders"/>, each once, as written.</summary>
    public static IReadOnlyList<string> UnknownPlaceholders(string? text) =>
        text is null ? [] : PlaceholderPattern().Matches(text).Select(m => m.Groups[1].Value.Trim())
            .Where(name => !Placeholders.ContainsKey(name)).Distinct(StringComparer.Ordinal).ToList();

    /// <summary>The text with every placeholder replaced by its value (a placeholder without a value becomes empty).</summary>
    public static string Render(string text, IReadOnlyDictionary<string, string?> values) =>
        PlaceholderPattern().Replace(text, m => values.GetValueOrDefault(m.Groups[1].Value.Trim()) ?? "");

    /// <summary>The reply this macro sends on the case, placeholders filled in.</summary>
    public string RenderBody(string customerName, string caseNumber, string caseSubject, string agentName) =>
        Render(Body, new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            [MacroPlaceholders.CustomerName] = customerName,
            [MacroPlaceholders.CaseNumber] = caseNumber,
            [MacroPlaceholders.CaseSubject] = caseSubject,
            [MacroPlaceholders.AgentName] = agentName,
        });

    /// <summary>What the macro does, in words, for the list and the apply button's tooltip.</summary>
    public static string Describe(bool replies, CaseStatus? setStatus, CasePriority? setPriority, string? addTag)
    {
        var parts = new List<string>();
        if (replies)
        {
            parts.Add("replies");
        }

        if (setPriority is { } priority)
        {
            parts.Add($"sets priority {priority}");
        }

        if (addTag is not null)
        {
            parts.Add($"tags '{addTag}'");
        }

        if (setStatus is { } status)
        {
            parts.Add($"sets status {CaseStatusNames.Of(status)}");
        }

        var text = new StringBuilder(string.Join(", ", parts));
        if (text.Length > 0)
        {
            text[0] = char.ToUpperInvariant(text[0]);
        }

        return text.ToString();
    }

    [GeneratedRegex(@"\{\{([^{}]*)\}\}", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial Regex PlaceholderPattern();
}
