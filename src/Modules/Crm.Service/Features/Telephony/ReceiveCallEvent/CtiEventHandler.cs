using Crm.Contacts.Contracts;
using Crm.Kernel;
using Crm.Kernel.Data;
using Crm.Service.Contracts;
using Crm.Service.Domain.Queues;
using Crm.Service.Domain.Telephony;
using Crm.Service.Features.Cases;
using Crm.Service.Features.Cases.Routing;
using Crm.Service.Features.Telephony.ScreenPop;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace Crm.Service.Features.Telephony.ReceiveCallEvent;

/// <summary>What the webhook answers: the call (200) or a problem with its status and the field at fault.</summary>
internal sealed record CtiOutcome(int Status, CtiEventAnswer? Answer, string? Field, string? Problem)
{
    public static CtiOutcome Refused(int status, string? field, string problem) => new(status, null, field, problem);
}

/// <summary>
/// Receives a telephone system's call event: checks who sent it (token or signature), reads it, and records it on the
/// call in one save, so it answers quickly and a retried event changes nothing twice. A newCall finds the caller among
/// the customers and the agent it is for (the called extension's owner, or relationship routing for a queue number) and
/// pops the caller on that agent's screen; a hangup puts the call on the customer's timeline (through Contacts' outbox
/// event) and leaves a missed call of a known customer to be called back; an outbound call to a number with missed calls
/// counts as calling back. An outbound call to a known customer pops too, with the verification code the agent reads out.
/// </summary>
internal sealed class CtiEventHandler(
    IDbContextFactory<CrmDbContext> contextFactory, IPhoneDirectory phones, CaseRouting routing, CaseWorkers workers,
    IDataProtectionProvider dataProtection, CallNotifier notifier, IContactVerification verification, TimeProvider clock,
    ILogger<CtiEventHandler> logger)
{
    public async Task<CtiOutcome> HandleAsync(string credential, string? signature, byte[] body, bool json, CancellationToken cancellationToken)
    {
        var dot = credential.IndexOf('.', StringComparison.Ordinal);
        var key = dot < 0 ? credential : credential[..dot];
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var system = key.Length is > 0 and <= 32
            ? await db.Set<PhoneSystem>().AsNoTracking().Include(s => s.QueueNumbers).Include(s => s.Extensions).AsSplitQuery()
                .SingleOrDefaultAsync(s => s.Key == key, cancellationToken)
            : null;
        if (system is null || !system.IsActive)
        {
            logger.LogWarning("CTI event refused: no active telephone system with key {SystemKey}", Safe(key));
            return CtiOutcome.Refused(StatusCodes.Status404NotFound, null, "No active telephone system has this webhook URL. Check the URL (or make a new token) on the Telephone systems page.");
        }

        var authenticated = system.Authentication == PhoneAuthentication.Token
            ? dot >= 0 && system.AcceptsToken(credential[(dot + 1)..])
            : dot < 0 && system.AcceptsSignature(body, signature, dataProtection.CreateProtector(PhoneSystems.SavePhoneSystemHandler.SecretPurpose).Unprotect);
        if (!authenticated)
        {
            logger.LogWarning("CTI event refused: bad {Authentication} for telephone system {PhoneSystemId}", system.Authentication, system.Id);
            return CtiOutcome.Refused(StatusCodes.Status401Unauthorized, null, system.Authentication == PhoneAuthentication.Token
                ? "The token in the URL is not this telephone system's token."
                : $"The {CtiController.SignatureHeader} header is missing or is not the HMAC-SHA256 of the body with this system's secret (sha256=<hex>); post signed events to {PhoneSystems.PhoneSystemQueries.WebhookBase}{system.Key}.");
        }

        var (cti, field, problem) = CtiEvent.Read(body, json);
        if (cti is null)
        {
            logger.LogWarning("CTI event of telephone system {PhoneSystemId} refused: {Problem}", system.Id, problem);
            return CtiOutcome.Refused(StatusCodes.Status400BadRequest, field, problem!);
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var call = await db.Set<PhoneCall>().SingleOrDefaultAsync(c => c.PhoneSystemId == system.Id && c.CallId == cti.CallId, cancellationToken);
        var duplicate = false;
        var pop = false;
        switch (cti.Kind)
        {
            case CtiEventKind.NewCall when call is not null:
                duplicate = true;
                break;
            case CtiEventKind.NewCall:
                call = await StartAsync(db, system, cti, now, cancellationToken);
                pop = call.AgentId is not null && (cti.Direction == CallDirection.In || call.CustomerId is not null);
                if (cti.Direction == CallDirection.Out && call is { AgentId: { } caller, CustomerId: { } called }
                    && await verification.IssueAsync(caller, Channel.Phone, called, cancellationToken) is { } code)
                {
                    call.GaveVerificationCode(code.Code);
                }

                break;
            case CtiEventKind.Answer:
                call ??= await StartAsync(db, system, cti, now, cancellationToken);
                duplicate = !call.Answer(AgentOf(system, [.. cti.Users, cti.AnsweringNumber]), now);
                break;
            case CtiEventKind.Hangup:
                call ??= await StartAsync(db, system, cti, now, cancellationToken);
                duplicate = !call.HangUp(cti.Cause!.Value, now);
                if (!duplicate && call.CustomerId is { } customerId)
                {
                    db.RaiseAfterCommit(new InteractionReported(await TimelineEntryAsync(call, customerId, cancellationToken)));
                }

                break;
        }

        if (!duplicate)
        {
            try
            {
                await db.SaveChangesAsync(cancellationToken);
            }
            catch (DbUpdateException) when (cti.Kind == CtiEventKind.NewCall)
            {
                // The same newCall arrived twice at once: the other request recorded it.
                db.ChangeTracker.Clear();
                call = await db.Set<PhoneCall>().AsNoTracking().SingleAsync(c => c.PhoneSystemId == system.Id && c.CallId == cti.CallId, cancellationToken);
                duplicate = true;
                pop = false;
            }
        }

        if (!duplicate && cti.Kind == CtiEventKind.NewCall && cti.Direction == CallDirection.Out && call!.CustomerNumber is { } number)
        {
            await CalledBackAsync(db, number, now, cancellationToken);
        }

        if (call!.AgentId is { } agentId && !duplicate)
        {
            notifier.Publish(agentId, new CallSignal(call.Id, !pop ? CallSignalKind.Changed : call.Direction == CallDirection.In ? CallSignalKind.Ringing : CallSignalKind.Dialling));
        }

        var agentName = call.AgentId is null ? null : await workers.NameOfAsync(call.AgentId, cancellationToken);
        var extension = call.AgentId is null ? null : system.Extensions.FirstOrDefault(e => e.AgentId == call.AgentId)?.Extension;
        return new CtiOutcome(StatusCodes.Status200OK,
            new CtiEventAnswer(call.CallId, cti.EventName, call.Status, call.AgentId, agentName, extension, call.CustomerId is not null, duplicate), null, null);
    }

    /// <summary>A new call: the customer by the number on their side, the agent by extension or by routing in the number's queue.</summary>
    private async Task<PhoneCall> StartAsync(CrmDbContext db, PhoneSystem system, CtiEvent cti, DateTime now, CancellationToken cancellationToken)
    {
        var customerNumber = phones.Normalize(cti.Direction == CallDirection.In ? cti.From : cti.To);
        var call = PhoneCall.Start(system.Id, cti.CallId, cti.Direction, cti.From, cti.To, customerNumber, now);
        var customer = customerNumber is null ? null : await phones.FindByPhoneAsync(customerNumber, cancellationToken);
        string? agentId = null;
        long? queueId = null;
        string? routedBy = null;
        if (cti.Direction == CallDirection.In && phones.Normalize(cti.To) is { } called
            && system.QueueNumbers.FirstOrDefault(n => n.Number == called) is { } queueNumber
            && await db.Set<ServiceQueue>().Include(q => q.Members).SingleOrDefaultAsync(q => q.Id == queueNumber.QueueId && q.IsActive, cancellationToken) is { } queue)
        {
            var decision = await routing.DecideAsync(db, customer?.Id, queue, now, cancellationToken);
            (agentId, queueId, routedBy) = (decision.AgentId, queue.Id, decision.AgentId is null ? null : decision.Rule.ToString());
        }
        else if (AgentOf(system, cti.Direction == CallDirection.In ? [cti.To, .. cti.Users] : [cti.From, .. cti.Users]) is { } owner)
        {
            (agentId, routedBy) = (owner, "Extension");
        }

        call.For(customer?.Id, agentId, queueId, routedBy);
        db.Add(call);
        return call;
    }

    /// <summary>The agent of the first of <paramref name="candidates"/> that is one of the system's extensions (as sent, or as E.164).</summary>
    private string? AgentOf(PhoneSystem system, IEnumerable<string?> candidates)
    {
        foreach (var candidate in candidates.OfType<string>())
        {
            var e164 = phones.Normalize(candidate);
            if (system.Extensions.FirstOrDefault(e => string.Equals(e.Extension, candidate, StringComparison.OrdinalIgnoreCase)
                    || (e164 is not null && phones.Normalize(e.Extension) == e164)) is { } extension)
            {
                return extension.AgentId;
            }
        }

        return null;
    }

    private async Task<InteractionEntry> TimelineEntryAsync(PhoneCall call, long customerId, CancellationToken cancellationToken) =>
        CallText.TimelineEntry(call, customerId, call.AgentId is null ? null : await workers.NameOfAsync(call.AgentId, cancellationToken));

    /// <summary>An outbound call to a number clears its missed calls waiting for a call back.</summary>
    private static Task<int> CalledBackAsync(CrmDbContext db, string number, DateTime now, CancellationToken cancellationToken)
    {
        var version = Guid.NewGuid();
        return db.Set<PhoneCall>().Where(c => c.CustomerNumber == number && c.CallBackPending)
            .ExecuteUpdateAsync(u => u.SetProperty(c => c.CallBackPending, false).SetProperty(c => c.CalledBackAtUtc, now)
                .SetProperty(c => c.Version, version).SetProperty(c => c.ModifiedAtUtc, now), cancellationToken);
    }

    private static string Safe(string key) => key.Length <= 32 && key.All(char.IsAsciiHexDigit) ? key : "(malformed)";
}
