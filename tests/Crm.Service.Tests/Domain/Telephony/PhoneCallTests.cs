using System.Security.Cryptography;
using System.Text;
using Crm.Service.Contracts;
using Crm.Service.Domain.Telephony;

namespace Crm.Service.Tests.Domain.Telephony;

/// <summary>A call's events and a system's credentials, without a database.</summary>
public sealed class PhoneCallTests
{
    private static readonly DateTime Start = new(2026, 12, 7, 9, 0, 0, DateTimeKind.Utc);

    [Fact]
    public void An_answered_call_completes_with_its_duration_and_repeated_events_change_nothing()
    {
        var call = PhoneCall.Start(1, "c1", CallDirection.In, "4930555716000", "21", "+4930555716000", Start);
        call.For(7, "agent-1", null, "Extension");

        Assert.True(call.Answer("agent-2", Start.AddSeconds(5)));
        Assert.False(call.Answer("agent-3", Start.AddSeconds(6)));
        Assert.True(call.HangUp(HangupCause.NormalClearing, Start.AddSeconds(95)));
        Assert.False(call.HangUp(HangupCause.Busy, Start.AddSeconds(99)));

        Assert.Equal((CallStatus.Completed, "agent-2", 90, HangupCause.NormalClearing, false),
            (call.Status, call.AgentId!, call.DurationSeconds!.Value, call.Cause!.Value, call.CallBackPending));
    }

    [Fact]
    public void A_missed_inbound_call_of_a_known_customer_waits_for_a_call_back_an_unknown_callers_does_not()
    {
        var known = PhoneCall.Start(1, "c2", CallDirection.In, "+14155550123", "21", "+14155550123", Start);
        known.For(7, "agent-1", null, "Extension");
        var unknown = PhoneCall.Start(1, "c3", CallDirection.In, "anonymous", "21", null, Start);
        unknown.For(null, "agent-1", null, "Extension");

        known.HangUp(HangupCause.NoAnswer, Start.AddSeconds(30));
        unknown.HangUp(HangupCause.Cancel, Start.AddSeconds(3));

        Assert.Equal((CallStatus.Missed, true), (known.Status, known.CallBackPending));
        Assert.Equal((CallStatus.Missed, false), (unknown.Status, unknown.CallBackPending));
        Assert.True(known.CalledBack(Start.AddHours(1)));
        Assert.False(known.CalledBack(Start.AddHours(2)));
        Assert.Equal(Start.AddHours(1), known.CalledBackAtUtc);
    }

    [Fact]
    public void A_token_is_accepted_only_whole_and_a_signature_only_over_the_same_body()
    {
        var system = PhoneSystem.Create("PBX");
        var token = system.NewCredential(PhoneAuthentication.Token, s => s);
        var secret = token[(token.IndexOf('.', StringComparison.Ordinal) + 1)..];
        Assert.StartsWith(system.Key + ".", token, StringComparison.Ordinal);
        Assert.True(system.AcceptsToken(secret));
        Assert.False(system.AcceptsToken(secret[..^1]));
        Assert.False(system.AcceptsSignature("x"u8, "sha256=00", s => s));

        // Protect/unprotect stand for data protection: the stored form differs from the secret.
        var signing = system.NewCredential(PhoneAuthentication.Signature, s => "protected:" + s);
        Assert.Equal("protected:" + signing, system.ProtectedSecret);
        Assert.False(system.AcceptsToken(secret));
        var body = "event=newCall&callId=1"u8.ToArray();
        var signature = "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(signing), body));
        string Unprotect(string s) => s["protected:".Length..];
        Assert.True(system.AcceptsSignature(body, signature, Unprotect));
        Assert.True(system.AcceptsSignature(body, signature.ToUpperInvariant().Replace("SHA256=", "sha256=", StringComparison.Ordinal), Unprotect));
        Assert.False(system.AcceptsSignature("event=newCall&callId=2"u8, signature, Unprotect));
        Assert.False(system.AcceptsSignature(body, "sha256=not-hex", Unprotect));
        Assert.False(system.AcceptsSignature(body, null, Unprotect));
    }
}
