using Crm.Kernel.Data;
using Crm.Kernel.Events;
using Crm.Service.Contracts;
using Crm.Service.Domain.Cases;
using Microsoft.EntityFrameworkCore;

namespace Crm.Service.Features.Email.SendEmail;

/// <summary>
/// A new case that came in by email or the web gets an acknowledgement in the outbox (once per case: a redelivered event
/// finds it there already), and the sender is woken once it is stored.
/// </summary>
internal sealed class AcknowledgeNewCase(IDbContextFactory<CrmDbContext> contextFactory, CaseEmailOutbox outbox, EmailSender sender, TimeProvider clock)
    : IIntegrationEventHandler<CaseOpened>
{
    public async Task HandleAsync(IReadOnlyList<EventEnvelope<CaseOpened>> events, CancellationToken cancellationToken)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var ids = events.Select(e => e.Event.CaseId).Distinct().ToList();
        var cases = await db.Set<ServiceCase>().AsNoTracking().Where(c => ids.Contains(c.Id)).ToListAsync(cancellationToken);
        var queued = 0;
        foreach (var serviceCase in cases.Where(c => CaseEmailOutbox.Acknowledges(c.Channel)))
        {
            if (await outbox.QueueAcknowledgementAsync(db, serviceCase, clock.GetUtcNow().UtcDateTime, cancellationToken) is not null)
            {
                queued++;
                await db.SaveChangesAsync(cancellationToken);
            }
        }

        if (queued > 0)
        {
            sender.Wake();
        }
    }
}

/// <summary>A reply's email was stored with it; once that has committed (this event), the sender is woken to send it now.</summary>
internal sealed class SendReplyEmail(EmailSender sender) : IIntegrationEventHandler<CaseReplied>
{
    public Task HandleAsync(IReadOnlyList<EventEnvelope<CaseReplied>> events, CancellationToken cancellationToken)
    {
        sender.Wake();
        return Task.CompletedTask;
    }
}
