using Crm.Service.Contracts;

namespace Crm.Service.Domain.Cases;

/// <summary>What SLA escalation rules do to a case beyond reassigning it: raise its priority, and say on the thread what ran.</summary>
internal sealed partial class ServiceCase
{
    public const string EscalationActor = "system:escalation";

    /// <summary>Raises the priority to <paramref name="priority"/>, on the thread. False when it is that high already (never lowers).</summary>
    public bool RaisePriority(CasePriority priority, string actorId, DateTime nowUtc)
    {
        EnsureEditable();
        if (priority <= Priority)
        {
            return false;
        }

        var from = Priority;
        Priority = priority;
        Record(CaseEntryKind.SystemEvent, $"Priority raised from {from} to {priority}.", null, actorId, nowUtc);
        return true;
    }

    /// <summary>A system event naming the escalation rule that ran and what it did.</summary>
    public void RecordEscalation(string text, string actorId, DateTime nowUtc) =>
        Record(CaseEntryKind.SystemEvent, text, null, actorId, nowUtc);
}
