namespace Crm.Service.Contracts;

/// <summary>The placeholders a macro's text may use: <c>{{customer.name}}</c> and the others, filled in when it is applied.</summary>
public static class MacroPlaceholders
{
    public const string CustomerName = "customer.name";

    public const string CaseNumber = "case.number";

    public const string CaseSubject = "case.subject";

    public const string AgentName = "agent.name";
}

/// <summary>
/// A macro as a Manager or Admin saves it: a name, the reply's text with placeholders (may be empty when the macro only acts),
/// and the actions: the status and priority to set and a tag to add (each optional; at least a text or one action).
/// </summary>
public sealed record MacroInput(string? Name, string? Body, CaseStatus? SetStatus = null, CasePriority? SetPriority = null, string? AddTag = null);

/// <summary>A macro as stored. <see cref="Version"/> is the ETag for If-Match on changes.</summary>
public sealed record MacroView(
    long Id, string Name, string Body, CaseStatus? SetStatus, CasePriority? SetPriority, string? AddTag, bool IsActive, string Summary,
    DateTime ModifiedAtUtc, Guid Version) : Crm.Kernel.Api.IVersioned;

/// <summary>Applies a macro to a case: its reply, then its priority and tag, then its status.</summary>
public sealed record MacroApplyInput(long CaseId);
