using Crm.Contacts.Contracts;
using Crm.Kernel;
using Crm.Kernel.Data;
using Crm.Kernel.Errors;
using Crm.Kernel.Identity;
using Crm.Service.Contracts;
using Crm.Service.Domain.Cases;
using Crm.Service.Features.Cases.OpenCase;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;

namespace Crm.Service.Features.Cases.ReceiveCustomerMessage;

/// <summary>
/// A customer's message on an existing case, logged by an agent (a phone call, a letter) or put there by a channel through
/// <see cref="ICaseInbox"/>. On a case still being worked it joins the thread (a case pending the customer is Open again);
/// on a case resolved within the reopen window (<c>Service:ReopenDays</c>, default 7) it reopens it; on a closed case or one
/// resolved longer ago it opens a follow-up case for the customer, routed like any new case and linked to the old one.
/// The message is on the customer's timeline; the SLA is recomputed (the next-response clock starts, a reopened case's
/// resolution resumes).
/// </summary>
internal sealed class ReceiveCustomerMessageHandler(
    IDbContextFactory<CrmDbContext> contextFactory, ICurrentUser currentUser, TimeProvider clock, IConfiguration configuration, CaseOpening opening)
{
    private static readonly CaseMessageInputValidator Validator = new();

    /// <summary>How long after its resolution a customer's message reopens a case.</summary>
    public TimeSpan ReopenWindow => TimeSpan.FromDays(Math.Max(0, configuration.GetValue("Service:ReopenDays", ServiceCase.DefaultReopenWindow.TotalDays)));

    /// <summary>
    /// Records the message on case <paramref name="caseId"/>; with <paramref name="customerId"/>, only if the case is that
    /// customer's (a channel names the sender). The receipt names the case that holds the message.
    /// </summary>
    public async Task<CommandResult<CaseMessageReceipt>> ReceiveAsync(
        long caseId, CaseMessageInput input, Guid? expectedVersion, long? customerId = null, CancellationToken cancellationToken = default)
    {
        CaseAccess.EnsureWork(currentUser);
        var validation = OperationResult.From(await Validator.ValidateAsync(input, cancellationToken));
        if (!validation.Succeeded)
        {
            return CommandResult.Invalid<CaseMessageReceipt>(validation);
        }

        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var serviceCase = await CaseStore.LoadForWorkAsync(db, currentUser, caseId, expectedVersion, cancellationToken);
        if (customerId is { } sender && serviceCase.CustomerId != sender)
        {
            return CommandResult.Invalid<CaseMessageReceipt>(OperationResult.Failure("caseNumber",
                $"Customer {sender} has no case {serviceCase.Number}."));
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var receipt = await RecordAsync(db, serviceCase, input.Body.Trim(), input.Channel ?? serviceCase.Channel, currentUser.ActorId,
            clock.GetUtcNow().UtcDateTime, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return receipt.Outcome == CaseMessageOutcome.FollowUpOpened ? CommandResult.Created(receipt) : CommandResult.Done(receipt);
    }

    /// <summary>
    /// Records <paramref name="body"/> on the loaded case in the caller's transaction (a channel that stores more with it, as the
    /// email intake does): joins the thread, reopens the case, or opens its follow-up; saves.
    /// </summary>
    public async Task<CaseMessageReceipt> RecordAsync(
        CrmDbContext db, ServiceCase serviceCase, string body, Channel channel, string actorId, DateTime now, CancellationToken cancellationToken)
    {
        if (serviceCase.OutcomeOfMessage(now, ReopenWindow) == CaseMessageOutcome.FollowUpOpened)
        {
            var followUp = ServiceCase.OpenFollowUp(serviceCase, body, channel, actorId, now);
            var queue = await opening.QueueForAsync(db, queueId: null, followUp, cancellationToken);
            await opening.StoreAsync(db, followUp, queue, owner: null, body, actorId, now, cancellationToken);
            serviceCase.RecordFollowUp(followUp, actorId, now);
            await CaseStore.SaveAsync(db, serviceCase, cancellationToken);
            return new CaseMessageReceipt(followUp.Id, followUp.Number, CaseMessageOutcome.FollowUpOpened);
        }

        var reopens = serviceCase.OutcomeOfMessage(now, ReopenWindow) == CaseMessageOutcome.Reopened;
        serviceCase.ReceiveMessage(body, channel, actorId, now, ReopenWindow);
        await Sla.CaseSla.CatchUpAsync(db, serviceCase, now, record: false, cancellationToken);
        CaseStore.ReportOnTimeline(db, serviceCase, InteractionDirection.Inbound,
            $"{(reopens ? "Reopened by customer" : "Customer message")}: {serviceCase.Subject}", body, actorId, now, channel);
        db.RaiseAfterCommit(new CustomerMessageReceived(serviceCase.Id, serviceCase.CustomerId, channel, reopens, now));
        await CaseStore.SaveAsync(db, serviceCase, cancellationToken);
        return new CaseMessageReceipt(serviceCase.Id, serviceCase.Number, reopens ? CaseMessageOutcome.Reopened : CaseMessageOutcome.Added);
    }
}
