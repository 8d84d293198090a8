using Crm.Kernel.Data;
using Crm.Service.Contracts;
using Crm.Service.Domain.Email;
using Crm.Service.Features.Email.SendEmail;
using Microsoft.AspNetCore.Components;
using Microsoft.EntityFrameworkCore;

namespace Crm.Service.Features.Email;

/// <summary>The email state of a public reply; while it is queued, awaits the sender's attempts and shows "sent" once the server took it.</summary>
public partial class EmailDeliveryChip
{
    private readonly CancellationTokenSource closing = new();
    private EmailDelivery? shown;
    private long? watching;

    /// <summary>The email's state as loaded; null renders nothing.</summary>
    [Parameter]
    public EmailDelivery? Delivery { get; set; }

    /// <summary>The reply (thread entry) the email carries.</summary>
    [Parameter]
    public long EntryId { get; set; }

    [Inject]
    private EmailSender Sender { get; set; } = default!;

    [Inject]
    private IDbContextFactory<CrmDbContext> Contexts { get; set; } = default!;

    protected override void OnParametersSet()
    {
        shown = Delivery;
        if (Delivery == EmailDelivery.Queued && watching != EntryId)
        {
            watching = EntryId;
            _ = WatchAsync(EntryId, closing.Token);
        }
    }

    public void Dispose()
    {
        closing.Cancel();
        closing.Dispose();
        GC.SuppressFinalize(this);
    }

    private async Task WatchAsync(long entryId, CancellationToken cancellationToken)
    {
        try
        {
            long emailId;
            await using (var db = await Contexts.CreateDbContextAsync(cancellationToken))
            {
                emailId = await db.Set<OutboundEmail>().Where(e => e.CaseEntryId == entryId).Select(e => e.Id).SingleAsync(cancellationToken);
            }

            var email = await Sender.AttemptedAsync(emailId, cancellationToken: cancellationToken);
            while (email.Delivery != EmailDelivery.Sent)
            {
                email = await Sender.AttemptedAsync(emailId, email.Attempts + 1, cancellationToken);
            }

            await InvokeAsync(() =>
            {
                shown = EmailDelivery.Sent;
                StateHasChanged();
            });
        }
        catch (OperationCanceledException)
        {
            // The page was left: nothing to show any more.
        }
        catch (ObjectDisposedException)
        {
            // The circuit ended while the email was still queued.
        }
    }
}
