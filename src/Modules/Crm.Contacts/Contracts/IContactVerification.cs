using Crm.Kernel;

namespace Crm.Contacts.Contracts;

/// <summary>
/// A code an agent gives the customer with an outbound contact (read out on the phone, written in the email or SMS), for
/// example <c>K7QM-XW3P</c>: eight characters of an alphabet without look-alikes (no 0/O, 1/I/L), 31^8 possible codes.
/// </summary>
public sealed record IssuedVerificationCode(string Code, DateTime IssuedAtUtc, DateTime ExpiresAtUtc);

/// <summary>What the customer sees for a valid code, and nothing else: the agent's first name, the channel and the time.</summary>
public sealed record VerifiedContact(string AgentFirstName, Channel Channel, DateTime ContactedAtUtc);

/// <summary>A code the customer wants checked (as typed: dashes, spaces and case do not matter).</summary>
public sealed record VerifyCodeRequest(string? Code);

/// <summary>
/// "Is this really you?": every outbound contact by an agent gets a short code the customer can check on the public
/// <c>/verify</c> page (valid for a day), against fraudsters who pose as customer service. The codes' table keeps only a
/// hash (a lookup cannot be turned back into codes); the entry a code was given with (the timeline interaction, the case
/// reply) shows it readable to the agents who may see that entry, so they can read it out.
/// </summary>
public interface IContactVerification
{
    /// <summary>
    /// Issues a code for a contact <paramref name="agentUserId"/> makes with <paramref name="customerId"/> on
    /// <paramref name="channel"/> now. Null when <paramref name="agentUserId"/> is no person (an integration's API key, the
    /// command line): only people's contacts get codes.
    /// </summary>
    Task<IssuedVerificationCode?> IssueAsync(string agentUserId, Channel channel, long customerId, CancellationToken cancellationToken = default);

    /// <summary>The contact a code was issued for while it is valid; null for an unknown, mistyped or expired code.</summary>
    Task<VerifiedContact?> CheckAsync(string code, CancellationToken cancellationToken = default);

    /// <summary>
    /// What the company never asks a customer for (passwords, full card numbers, transfers to "safe accounts"), as configured
    /// (<c>Contacts:Verification:NeverAskNotice</c>): shown on public pages and put in outbound messages.
    /// </summary>
    string NeverAskNotice { get; }
}
