using Crm.Contacts.Contracts;
using Crm.Kernel;
using Crm.Kernel.Data;
using Crm.Kernel.Errors;
using Crm.Kernel.Identity;
using Crm.Service.Contracts;
using Crm.Service.Domain.Cases;
using Microsoft.EntityFrameworkCore;

namespace Crm.Service.Features.Cases.ReplyToCase;

/// <summary>
/// An agent's public reply to the customer: added to the thread (the first one is the case's first response; a reply to a
/// new case opens it), put on the customer's timeline and, when the customer has an email address and a mailbox is enabled,
/// queued as an email (the outbox of Features/Email/SendEmail), in one transaction. A person's reply goes out with an "is
/// this really you?" code from Contacts, kept on the thread entry (issued just before the save: a save that fails leaves an
/// unused code, which expires).
/// </summary>
internal sealed class ReplyToCaseHandler(
    IDbContextFactory<CrmDbContext> contextFactory, ICurrentUser currentUser, TimeProvider clock, IContactVerification verification,
    Email.SendEmail.CaseEmailOutbox emails)
{
    public async Task<CommandResult<long>> ReplyAsync(long caseId, CaseReplyInput input, Guid? expectedVersion, CancellationToken cancellationToken = default)
    {
        CaseAccess.EnsureWork(currentUser);
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var serviceCase = await CaseStore.LoadForWorkAsync(db, currentUser, caseId, expectedVersion, cancellationToken);
        var replied = await ReplyOnAsync(db, serviceCase, input, clock.GetUtcNow().UtcDateTime, cancellationToken);
        if (replied.Succeeded)
        {
            await CaseStore.SaveAsync(db, serviceCase, cancellationToken);
        }

        return replied;
    }

    /// <summary>
    /// The reply on a case loaded for work in <paramref name="db"/>, left for the caller to save with the rest of its unit of
    /// work (a macro replies, triages and sets the status in one transaction).
    /// </summary>
    internal async Task<CommandResult<long>> ReplyOnAsync(CrmDbContext db, ServiceCase serviceCase, CaseReplyInput input, DateTime now, CancellationToken cancellationToken)
    {
        if (CaseText.Check(input.Body, nameof(CaseReplyInput.Body), "reply") is { Succeeded: false } invalid)
        {
            return CommandResult.Invalid<long>(invalid);
        }

        if (serviceCase.EditRefusal is { } refusal)
        {
            return CommandResult.Conflict<long>(refusal);
        }

        var body = input.Body.Trim();
        var entry = serviceCase.Reply(body, currentUser.ActorId, now);
        if (input.ArticleId is not null || input.ArticleRevision is not null)
        {
            // The quoted article (issue 17, knowledge base): an existing published revision, kept on the reply. The customer
            // reads what a reply quotes, so an Internal article (agents' procedures) is never quoted to them.
            var isPublic = input is { ArticleId: { } id, ArticleRevision: { } number }
                ? await Knowledge.ArticleQueries.RevisionIsPublicAsync(db, id, number, cancellationToken)
                : null;
            if (input is not { ArticleId: { } articleId, ArticleRevision: { } revision } || isPublic is null)
            {
                return CommandResult.Invalid<long>(OperationResult.Failure(nameof(CaseReplyInput.ArticleRevision),
                    "Name a published revision of an article: its id and revision number together."));
            }

            if (isPublic == false)
            {
                return CommandResult.Invalid<long>(OperationResult.Failure(nameof(CaseReplyInput.ArticleId),
                    $"Article {articleId} is Internal: a public reply quotes Public articles only, as the customer reads what it quotes."));
            }

            entry.Quoting(articleId, revision);
        }

        if (await verification.IssueAsync(currentUser.ActorId, entry.Channel ?? Channel.Email, serviceCase.CustomerId, cancellationToken) is { } code)
        {
            entry.WithVerificationCode(code.Code);
        }

        await emails.QueueReplyAsync(db, serviceCase, entry, now, cancellationToken);
        await Sla.CaseSla.CatchUpAsync(db, serviceCase, now, record: false, cancellationToken);
        CaseStore.ReportOnTimeline(db, serviceCase, InteractionDirection.Outbound, $"Reply: {serviceCase.Subject}", body, currentUser.ActorId, now);
        db.RaiseAfterCommit(new CaseReplied(serviceCase.Id, serviceCase.CustomerId, currentUser.ActorId, now));
        return CommandResult.Done(serviceCase.Id);
    }
}
