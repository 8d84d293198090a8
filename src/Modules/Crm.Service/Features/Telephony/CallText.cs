using System.Globalization;
using Crm.Contacts.Contracts;
using Crm.Kernel;
using Crm.Service.Contracts;
using Crm.Service.Domain.Telephony;

namespace Crm.Service.Features.Telephony;

/// <summary>Calls in words, the same on the timeline, in the pop and in the call log.</summary>
internal static class CallText
{
    public static string Outcome(CallStatus status, HangupCause? cause, int? durationSeconds) => status switch
    {
        CallStatus.Ringing => "Ringing",
        CallStatus.Connected => "In progress",
        CallStatus.Completed => durationSeconds is { } seconds ? $"Answered, {Duration(seconds)}" : "Answered",
        _ => cause switch
        {
            HangupCause.Busy => "Missed (busy)",
            HangupCause.Cancel => "Missed (caller hung up)",
            HangupCause.NoAnswer => "Missed (no answer)",
            HangupCause.Congestion => "Missed (network congestion)",
            HangupCause.NotFound => "Missed (number not found)",
            HangupCause.Forwarded => "Forwarded",
            _ => "Missed",
        },
    };

    public static string Duration(int seconds) => seconds < 60
        ? string.Create(CultureInfo.InvariantCulture, $"{seconds} s")
        : string.Create(CultureInfo.InvariantCulture, $"{seconds / 60} min {seconds % 60} s");

    /// <summary>The call as an interaction on the customer's CCR timeline: direction, outcome and duration, the agent.</summary>
    public static InteractionEntry TimelineEntry(PhoneCall call, long customerId, string? agentName)
    {
        var subject = (call.Direction, call.Status) switch
        {
            (CallDirection.In, CallStatus.Missed) => $"Missed call from {call.FromNumber}",
            (CallDirection.In, _) => $"Call from {call.FromNumber}" + (agentName is null ? "" : $", taken by {agentName}"),
            (_, CallStatus.Missed) => $"Call to {call.ToNumber}, not reached",
            _ => $"Call to {call.ToNumber}" + (agentName is null ? "" : $" by {agentName}"),
        };
        return new InteractionEntry(customerId, Channel.Phone, call.Direction == CallDirection.In ? InteractionDirection.Inbound : InteractionDirection.Outbound,
            InteractionType.Call, call.StartedAtUtc, subject, Outcome: Outcome(call.Status, call.Cause, call.DurationSeconds),
            HandledBy: call.AgentId, CaseId: call.CaseId?.ToString(CultureInfo.InvariantCulture));
    }
}
