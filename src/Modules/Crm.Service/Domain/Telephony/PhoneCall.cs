using Crm.Kernel.Auditing;
using Crm.Service.Contracts;

namespace Crm.Service.Domain.Telephony;

/// <summary>
/// One call a telephone system told us of, from its <c>newCall</c> to its <c>hangup</c>: who called whom, which customer
/// (by the caller's E.164 number) and which agent (by extension or by routing) it is for, when it was answered and how it
/// ended. A call is unique per system and the system's call id; each event changes it once, so a system that retries
/// an event changes nothing twice. A missed inbound call of a known customer waits for a call back.
/// </summary>
internal sealed class PhoneCall : AuditableEntity
{
    public const int MaxCallIdLength = 250;
    public const int MaxNumberLength = 64;

    public long Id { get; set; }

    public long PhoneSystemId { get; private set; }

    /// <summary>The telephone system's id of the call (sipgate's and Zammad's <c>callId</c>).</summary>
    public string CallId { get; private set; } = "";

    public CallDirection Direction { get; private set; }

    /// <summary>The numbers as the system sent them ("anonymous" for a withheld caller).</summary>
    public string FromNumber { get; private set; } = "";

    public string ToNumber { get; private set; } = "";

    /// <summary>The customer's side of the call in E.164 (the caller of an inbound call, the called of an outbound one), when it is a valid number.</summary>
    public string? CustomerNumber { get; private set; }

    public long? CustomerId { get; private set; }

    /// <summary>The agent the call is for (inbound) or who makes it (outbound); the one who answered once it is answered.</summary>
    public string? AgentId { get; private set; }

    public long? QueueId { get; private set; }

    /// <summary>Why <see cref="AgentId"/>: the extension called, relationship routing in a queue, the user who answered.</summary>
    public string? RoutedBy { get; private set; }

    public DateTime StartedAtUtc { get; private set; }

    public DateTime? AnsweredAtUtc { get; private set; }

    public DateTime? EndedAtUtc { get; private set; }

    public HangupCause? Cause { get; private set; }

    public CallStatus Status { get; private set; }

    /// <summary>The case the agent attached the call to (or opened from it).</summary>
    public long? CaseId { get; private set; }

    /// <summary>A missed inbound call of a known customer that the agent has not called back yet.</summary>
    public bool CallBackPending { get; private set; }

    public DateTime? CalledBackAtUtc { get; private set; }

    /// <summary>
    /// The "Is this really you?" code of an outbound call to a known customer, shown in the agent's screen pop to read out;
    /// the customer checks it on the public /verify page.
    /// </summary>
    public string? VerificationCode { get; private set; }

    public int? DurationSeconds => AnsweredAtUtc is { } answered && EndedAtUtc is { } ended ? (int)Math.Round((ended - answered).TotalSeconds) : null;

    public static PhoneCall Start(long phoneSystemId, string callId, CallDirection direction, string from, string to, string? customerNumber, DateTime nowUtc) => new()
    {
        PhoneSystemId = phoneSystemId,
        CallId = callId,
        Direction = direction,
        FromNumber = Truncate(from),
        ToNumber = Truncate(to),
        CustomerNumber = customerNumber,
        StartedAtUtc = nowUtc,
        Status = CallStatus.Ringing,
    };

    public void For(long? customerId, string? agentId, long? queueId, string? routedBy)
    {
        CustomerId = customerId;
        AgentId = agentId;
        QueueId = queueId;
        RoutedBy = routedBy;
    }

    /// <summary>Someone picked up: the first answer counts (a retried one changes nothing). False when nothing changed.</summary>
    public bool Answer(string? answeredBy, DateTime nowUtc)
    {
        if (AnsweredAtUtc is not null || EndedAtUtc is not null)
        {
            return false;
        }

        AnsweredAtUtc = nowUtc;
        Status = CallStatus.Connected;
        if (answeredBy is not null && answeredBy != AgentId)
        {
            AgentId = answeredBy;
            RoutedBy = "answered";
        }

        return true;
    }

    /// <summary>
    /// The call ended: completed when it was answered, else missed (an inbound call missed from a known customer waits for a
    /// call back). The first hangup counts. False when nothing changed.
    /// </summary>
    public bool HangUp(HangupCause cause, DateTime nowUtc)
    {
        if (EndedAtUtc is not null)
        {
            return false;
        }

        EndedAtUtc = nowUtc;
        Cause = cause;
        var answered = AnsweredAtUtc is not null || (cause == HangupCause.NormalClearing && Direction == CallDirection.Out);
        if (answered && AnsweredAtUtc is null)
        {
            // An outbound call ended normally without an answer event: the system does not report answers; count it from its start.
            AnsweredAtUtc = StartedAtUtc;
        }

        Status = answered ? CallStatus.Completed : CallStatus.Missed;
        CallBackPending = Status == CallStatus.Missed && Direction == CallDirection.In && CustomerId is not null;
        return true;
    }

    public void AttachTo(long caseId) => CaseId = caseId;

    public void GaveVerificationCode(string code) => VerificationCode = code;

    /// <summary>The agent called the customer back (an outbound call to the number, or by hand); true when it was waiting.</summary>
    public bool CalledBack(DateTime nowUtc)
    {
        if (!CallBackPending)
        {
            return false;
        }

        CallBackPending = false;
        CalledBackAtUtc = nowUtc;
        return true;
    }

    private static string Truncate(string number) => number.Length <= MaxNumberLength ? number : number[..MaxNumberLength];
}
