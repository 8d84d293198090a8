using Crm.Kernel.Api;

namespace Crm.Service.Contracts;

/// <summary>How a telephone system proves its webhook posts are its own.</summary>
public enum PhoneAuthentication
{
    /// <summary>A secret token in the URL (<c>/api/v1/telephony/cti/{token}</c>), as sipgate.io and Zammad's generic CTI use.</summary>
    Token,

    /// <summary>An HMAC-SHA256 of the raw body with a shared secret in the <c>X-Cti-Signature</c> header (<c>sha256=</c> and hex).</summary>
    Signature,
}

/// <summary>Direction of a call as the telephone system sends it: <c>in</c> or <c>out</c>.</summary>
public enum CallDirection
{
    In,
    Out,
}

/// <summary>Why a call ended, as sipgate.io and Zammad send it in <c>cause</c> (normalClearing, busy, cancel, noAnswer, congestion, notFound, forwarded).</summary>
public enum HangupCause
{
    /// <summary>A call that was answered ended normally.</summary>
    NormalClearing,

    /// <summary>The called line was busy.</summary>
    Busy,

    /// <summary>The caller hung up before anyone answered.</summary>
    Cancel,

    /// <summary>Nobody answered in time.</summary>
    NoAnswer,

    /// <summary>The network could not connect the call.</summary>
    Congestion,

    /// <summary>The number called does not exist.</summary>
    NotFound,

    /// <summary>The call was forwarded elsewhere.</summary>
    Forwarded,
}

/// <summary>Where a call stands.</summary>
public enum CallStatus
{
    Ringing,
    Connected,
    Completed,
    Missed,
}

/// <summary>A telephone system as a Manager sets it up.</summary>
public sealed record PhoneSystemInput
{
    public string? Name { get; init; }

    /// <summary>Token (default) or Signature; applies when the system is created or its credential is made anew.</summary>
    public PhoneAuthentication? Authentication { get; init; }

    /// <summary>The system's numbers that ring a queue (any common format; stored as E.164), each with the queue's id.</summary>
    public IReadOnlyList<QueueNumberInput> QueueNumbers { get; init; } = [];

    /// <summary>The system's extensions (as it sends them in <c>user[]</c> or the called number) and their agents (ServiceAgents, Managers, Admins).</summary>
    public IReadOnlyList<ExtensionInput> Extensions { get; init; } = [];
}

public sealed record QueueNumberInput
{
    public string? Number { get; init; }

    public long? QueueId { get; init; }
}

public sealed record ExtensionInput
{
    public string? Extension { get; init; }

    public string? AgentId { get; init; }
}

public sealed record QueueNumberView(string Number, long QueueId, string QueueName);

public sealed record ExtensionView(string Extension, string AgentId, string AgentName);

/// <summary>A telephone system without its credential (which is shown only when made).</summary>
public sealed record PhoneSystemDetails(
    long Id, string Name, string Key, PhoneAuthentication Authentication, bool IsActive, IReadOnlyList<QueueNumberView> QueueNumbers,
    IReadOnlyList<ExtensionView> Extensions, Guid Version) : IVersioned;

/// <summary>
/// A credential made for a telephone system, shown this once: for Token, the webhook URL with the token (give it to the
/// system as its push URL); for Signature, the URL and the secret it signs its posts with.
/// </summary>
public sealed record PhoneSystemCredential(PhoneSystemDetails System, PhoneAuthentication Authentication, string WebhookPath, string? Secret);

/// <summary>
/// eCRM's answer to a telephone system's event: the call as recorded, and for a newCall the agent chosen (so a system
/// that routes by it can ring that agent's extension) and whether the caller is a known customer.
/// </summary>
public sealed record CtiEventAnswer(
    string CallId, string Event, CallStatus Status, string? AgentId, string? AgentName, string? AgentExtension, bool KnownCaller, bool Duplicate);

/// <summary>
/// A call event as telephone systems push it (the generic CTI format of sipgate.io and Zammad), as a form
/// (<c>application/x-www-form-urlencoded</c>) or JSON with the same names.
/// </summary>
public sealed record CtiEventForm
{
    /// <summary><c>newCall</c> (a call starts ringing), <c>answer</c> (someone picked up) or <c>hangup</c> (it ended).</summary>
    [System.Text.Json.Serialization.JsonPropertyName("event")] public string? Event { get; init; }

    /// <summary>The system's id of the call, the same in all its events (at most 250 characters).</summary>
    [System.Text.Json.Serialization.JsonPropertyName("callId")] public string? CallId { get; init; }

    /// <summary>The calling number, for example 493055571600, +49 30 5557160 or anonymous.</summary>
    [System.Text.Json.Serialization.JsonPropertyName("from")] public string? From { get; init; }

    /// <summary>The called number (a queue number, an agent's number or extension; the customer's for an outbound call).</summary>
    [System.Text.Json.Serialization.JsonPropertyName("to")] public string? To { get; init; }

    /// <summary><c>in</c> (default) or <c>out</c>.</summary>
    [System.Text.Json.Serialization.JsonPropertyName("direction")] public string? Direction { get; init; }

    /// <summary>
    /// The users (extensions) involved: those the call rings (in), the one who calls (out) or who answered (answer). Sent as
    /// <c>user[]</c> once per user in a form.
    /// </summary>
    [System.Text.Json.Serialization.JsonPropertyName("user")] public IReadOnlyList<string>? User { get; init; }

    /// <summary>The number or extension that answered (answer, hangup; optional).</summary>
    [System.Text.Json.Serialization.JsonPropertyName("answeringNumber")] public string? AnsweringNumber { get; init; }

    /// <summary>Why the call ended (hangup): normalClearing, busy, cancel, noAnswer, congestion, notFound or forwarded.</summary>
    [System.Text.Json.Serialization.JsonPropertyName("cause")] public string? Cause { get; init; }
}

/// <summary>Which calls the call log lists.</summary>
public enum CallFilter
{
    All,

    /// <summary>Missed calls, called back or not.</summary>
    Missed,

    /// <summary>Missed calls of known customers nobody has called back yet.</summary>
    ToCallBack,
}

/// <summary>How the call log is ordered.</summary>
public enum CallSort
{
    Newest,
    Oldest,
    Status,
    Direction,
}

/// <summary>One call of the log.</summary>
public sealed record CallRecordView(
    long Id, string CallId, CallDirection Direction, string FromNumber, string ToNumber, long? CustomerId, string? CustomerName,
    string? AgentId, string? AgentName, DateTime StartedAtUtc, DateTime? AnsweredAtUtc, DateTime? EndedAtUtc, int? DurationSeconds,
    CallStatus Status, HangupCause? Cause, string Outcome, long? CaseId, string? CaseNumber, bool CallBackPending, DateTime? CalledBackAtUtc,
    Guid Version) : IVersioned;
