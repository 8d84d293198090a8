using Crm.Contacts.Contracts;
using Crm.Kernel.Data;
using Crm.Kernel.Errors;
using Crm.Kernel.Identity;
using Crm.Service.Contracts;
using Microsoft.EntityFrameworkCore;

namespace Crm.Service.Features.Cases.ReplyToCase;

/// <summary>
/// An agent's public reply to the customer: added to the thread (the first one is the case's first response; a reply to a
/// new case opens it) and put on the customer's timeline, in one transaction.
/// </summary>
internal sealed class ReplyToCaseHandler(IDbContextFactory<CrmDbContext> contextFactory, ICurrentUser currentUser, TimeProvider clock)
{
    public async Task<CommandResult<long>> ReplyAsync(long caseId, CaseReplyInput input, Guid? expectedVersion, CancellationToken cancellationToken = default)
    {
        CaseAccess.EnsureWork(currentUser);
        if (CaseText.Check(input.Body, nameof(CaseReplyInput.Body), "reply") is { Succeeded: false } invalid)
        {
            return CommandResult.Invalid<long>(invalid);
        }

        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var serviceCase = await CaseStore.LoadForWorkAsync(db, currentUser, caseId, expectedVersion, cancellationToken);
        if (serviceCase.EditRefusal is { } refusal)
        {
            return CommandResult.Conflict<long>(refusal);
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var body = input.Body.Trim();
        serviceCase.Reply(body, currentUser.ActorId, now);
        await Sla.CaseSla.CatchUpAsync(db, serviceCase, now, record: false, cancellationToken);
        CaseStore.ReportOnTimeline(db, serviceCase, InteractionDirection.Outbound, $"Reply: {serviceCase.Subject}", body, currentUser.ActorId, now);
        db.RaiseAfterCommit(new CaseReplied(serviceCase.Id, serviceCase.CustomerId, currentUser.ActorId, now));
        await CaseStore.SaveAsync(db, serviceCase, cancellationToken);
        return CommandResult.Done(serviceCase.Id);
    }
}
