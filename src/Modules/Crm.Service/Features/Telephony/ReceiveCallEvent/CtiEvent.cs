using System.Text;
using System.Text.Json;
using Crm.Service.Contracts;
using Crm.Service.Domain.Telephony;
using Microsoft.AspNetCore.WebUtilities;

namespace Crm.Service.Features.Telephony.ReceiveCallEvent;

internal enum CtiEventKind
{
    NewCall,
    Answer,
    Hangup,
}

/// <summary>One event of the generic CTI push format (sipgate.io, Zammad), read from the raw body and checked.</summary>
internal sealed record CtiEvent(
    CtiEventKind Kind, string CallId, CallDirection Direction, string From, string To, IReadOnlyList<string> Users, string? AnsweringNumber, HangupCause? Cause)
{
    public const int MaxBodyBytes = 16 * 1024;

    private static readonly Dictionary<string, HangupCause> Causes = new(StringComparer.OrdinalIgnoreCase)
    {
        ["normalClearing"] = HangupCause.NormalClearing,
        ["busy"] = HangupCause.Busy,
        ["cancel"] = HangupCause.Cancel,
        ["noAnswer"] = HangupCause.NoAnswer,
        ["congestion"] = HangupCause.Congestion,
        ["notFound"] = HangupCause.NotFound,
        ["forwarded"] = HangupCause.Forwarded,
    };

    public string EventName => Kind switch
    {
        CtiEventKind.NewCall => "newCall",
        CtiEventKind.Answer => "answer",
        _ => "hangup",
    };

    /// <summary>
    /// Reads a form (<c>application/x-www-form-urlencoded</c>, <c>user[]</c> repeated) or a JSON object with the same names.
    /// Returns the event, or the field at fault and why.
    /// </summary>
    public static (CtiEvent? Event, string? Field, string? Problem) Read(ReadOnlySpan<byte> body, bool json)
    {
        Dictionary<string, List<string>> fields;
        try
        {
            fields = json ? ReadJson(body) : ReadForm(body);
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException or DecoderFallbackException)
        {
            return (null, "", "The body could not be read. Send the event as application/x-www-form-urlencoded or as a JSON object.");
        }

        string? One(string name) => fields.TryGetValue(name, out var values) && values.Count > 0 && !string.IsNullOrWhiteSpace(values[0]) ? values[0].Trim() : null;

        CtiEventKind kind;
        switch (One("event"))
        {
            case null:
                return (null, "event", "event is required: newCall, answer or hangup.");
            case var name when name.Equals("newCall", StringComparison.OrdinalIgnoreCase):
                kind = CtiEventKind.NewCall;
                break;
            case var name when name.Equals("answer", StringComparison.OrdinalIgnoreCase):
                kind = CtiEventKind.Answer;
                break;
            case var name when name.Equals("hangup", StringComparison.OrdinalIgnoreCase):
                kind = CtiEventKind.Hangup;
                break;
            case var name:
                return (null, "event", $"Unknown event '{Shorten(name)}': send newCall, answer or hangup.");
        }

        if (One("callId") is not { } callId)
        {
            return (null, "callId", "callId is required: the system's id of the call, the same in all its events.");
        }

        if (callId.Length > PhoneCall.MaxCallIdLength)
        {
            return (null, "callId", $"callId has at most {PhoneCall.MaxCallIdLength} characters.");
        }

        var direction = CallDirection.In;
        switch (One("direction"))
        {
            case null or "in":
                break;
            case "out":
                direction = CallDirection.Out;
                break;
            case var other:
                return (null, "direction", $"Unknown direction '{Shorten(other)}': send in or out.");
        }

        HangupCause? cause = null;
        if (kind == CtiEventKind.Hangup)
        {
            var text = One("cause");
            if (text is null)
            {
                return (null, "cause", $"cause is required for hangup: {string.Join(", ", Causes.Keys)}.");
            }

            if (!Causes.TryGetValue(text, out var known))
            {
                return (null, "cause", $"Unknown cause '{Shorten(text)}': send one of {string.Join(", ", Causes.Keys)}.");
            }

            cause = known;
        }

        var users = (fields.GetValueOrDefault("user[]") ?? []).Concat(fields.GetValueOrDefault("user") ?? [])
            .Select(u => u.Trim()).Where(u => u.Length > 0).Distinct(StringComparer.Ordinal).Take(50).ToList();
        return (new CtiEvent(kind, callId, direction, One("from") ?? "anonymous", One("to") ?? "", users, One("answeringNumber"), cause), null, null);
    }

    private static string Shorten(string text) => text.Length <= 40 ? text : text[..40] + "...";

    private static Dictionary<string, List<string>> ReadForm(ReadOnlySpan<byte> body)
    {
        var text = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(body);
        return QueryHelpers.ParseQuery(text).ToDictionary(p => p.Key, p => p.Value.OfType<string>().ToList(), StringComparer.Ordinal);
    }

    private static Dictionary<string, List<string>> ReadJson(ReadOnlySpan<byte> body)
    {
        using var document = JsonDocument.Parse(body.ToArray());
        if (document.RootElement.ValueKind != JsonValueKind.Object)
        {
            throw new InvalidOperationException("Not an object.");
        }

        var fields = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var property in document.RootElement.EnumerateObject())
        {
            fields[property.Name] = property.Value.ValueKind switch
            {
                JsonValueKind.Array => [.. property.Value.EnumerateArray().Select(Text).OfType<string>()],
                _ => Text(property.Value) is { } one ? [one] : [],
            };
        }

        return fields;
    }

    private static string? Text(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString(),
        JsonValueKind.Number => value.GetRawText(),
        _ => null,
    };
}
