using Crm.Contacts.Contracts;
using Crm.Kernel;
using Crm.Kernel.Data;
using Crm.Service.Contracts;
using Crm.Service.Domain.Cases;
using Crm.Service.Domain.Email;
using Crm.Service.Features.Email.SendEmail;
using Crm.Service.Tests.Features.Cases;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;

namespace Crm.Service.Tests.Features.Email;

/// <summary>
/// Emails sent over real SMTP to smtp4dev and read by the intake over its IMAP (IDLE): new cases from known and unknown
/// senders, replies threaded by header, case number and subject, a reply from someone in Cc, no acknowledgement for
/// automatic mail, the same email twice, and a malformed email that is quarantined without stopping the others.
/// </summary>
public sealed class EmailIntakeTests(EmailFixture fixture) : IClassFixture<EmailFixture>
{
    [Fact]
    public async Task An_email_from_a_known_customer_opens_an_email_case_in_the_mailboxs_queue_with_its_text_and_sanitised_html()
    {
        var customer = await fixture.CustomerAsync("Known");
        var message = fixture.Message(customer.Emails[0], "Printer jams", "");
        message.Body = new BodyBuilder
        {
            TextBody = "My printer jams on every page.",
            HtmlBody = "<p>My printer <b>jams</b> on every page.<script>alert(1)</script><img src=x onerror=alert(2)></p>",
        }.ToMessageBody();

        var outcome = await fixture.ReceivedAsync(message);

        Assert.Equal(InboundEmailState.Received, outcome.State);
        using var agent = await fixture.ClientAsync(CasesFixture.Agent);
        var details = await CaseAsync(agent, outcome.CaseId!.Value);
        Assert.Equal(customer.Id, details.CustomerId);
        Assert.Equal(Channel.Email, details.Channel);
        Assert.Equal("Printer jams", details.Subject);
        Assert.Contains(details.Thread, e => e.Body.Contains("My printer jams on every page.", StringComparison.Ordinal));
        var stored = await StoredAsync(message.MessageId!);
        Assert.Contains("<b>jams</b>", stored.HtmlBody, StringComparison.Ordinal);
        Assert.DoesNotContain("script", stored.HtmlBody, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("onerror", stored.HtmlBody, StringComparison.OrdinalIgnoreCase);

        // The new email case is acknowledged to the customer.
        await fixture.Host.OutboxSettledAsync();
        var acknowledgement = Assert.Single(await EmailFixture.EmailsAsync(agent, details.Id));
        Assert.Equal(customer.Emails[0], acknowledgement.To);
    }

    [Fact]
    public async Task An_email_from_an_unknown_sender_registers_a_customer_flagged_for_review()
    {
        var address = $"nora-{Guid.NewGuid():N}@stranger.example";
        var outcome = await fixture.ReceivedAsync(fixture.Message(address, "Question about delivery", "When do you deliver to Graz?", "Nora Newcomer"));

        using var manager = await fixture.ClientAsync(CasesFixture.Manager);
        var details = await CaseAsync(manager, outcome.CaseId!.Value);
        var customer = await CasesFixture.ReadAsync<CustomerDetails>(await manager.GetAsync(new Uri($"/api/v1/customers/{details.CustomerId}", UriKind.Relative)));
        Assert.Equal("Nora", customer.FirstName);
        Assert.Equal("Newcomer", customer.LastName);
        Assert.Equal(address, Assert.Single(customer.Emails));
        Assert.Contains(CustomerTags.NeedsReview, customer.Tags);
        Assert.Equal("Email", customer.Source);
    }

    [Fact]
    public async Task Replies_join_their_case_by_header_by_case_number_and_by_subject()
    {
        var customer = await fixture.CustomerAsync("Threaded");
        var from = customer.Emails[0];
        var first = await fixture.ReceivedAsync(fixture.Message(from, "Broken kettle", "The kettle leaks."));
        var caseId = first.CaseId!.Value;
        await fixture.Host.OutboxSettledAsync();
        using var agent = await fixture.ClientAsync(CasesFixture.Agent);
        var acknowledgement = Assert.Single(await EmailFixture.EmailsAsync(agent, caseId));

        var byHeader = fixture.Message(from, "something else entirely", "It still leaks.");
        byHeader.InReplyTo = acknowledgement.MessageId;
        Assert.Equal(caseId, (await fixture.ReceivedAsync(byHeader)).CaseId);

        var number = ServiceCase.NumberOf(caseId);
        Assert.Equal(caseId, (await fixture.ReceivedAsync(fixture.Message(from, $"A photo [{number}]", "Here is a photo."))).CaseId);
        Assert.Equal(caseId, (await fixture.ReceivedAsync(fixture.Message(from, "AW: Re:  broken KETTLE", "And the lid is loose."))).CaseId);

        var thread = (await CaseAsync(agent, caseId)).Thread.Where(e => e.Kind == CaseEntryKind.CustomerMessage).Select(e => e.Body).ToList();
        Assert.Contains("It still leaks.", thread);
        Assert.Contains("Here is a photo.", thread);
        Assert.Contains("And the lid is loose.", thread);

        // A stranger quoting the case number gets a case of their own, not a place on this one.
        var stranger = await fixture.ReceivedAsync(fixture.Message($"x-{Guid.NewGuid():N}@stranger.example", $"Re: Broken kettle [{number}]", "Let me in."));
        Assert.NotEqual(caseId, stranger.CaseId);
    }

    [Fact]
    public async Task A_colleague_in_cc_answering_joins_the_case_named_as_the_sender()
    {
        var customer = await fixture.CustomerAsync("Copied");
        var colleague = $"colleague-{Guid.NewGuid():N}@customer.example";
        var message = fixture.Message(customer.Emails[0], "Invoice wrong", "The invoice lists two chairs.");
        message.Cc.Add(new MailboxAddress("Carla Colleague", colleague));
        var caseId = (await fixture.ReceivedAsync(message)).CaseId!.Value;

        var answer = fixture.Message(colleague, $"Re: Invoice wrong [{ServiceCase.NumberOf(caseId)}]", "We ordered one chair.", "Carla Colleague");
        var outcome = await fixture.ReceivedAsync(answer);

        Assert.Equal(caseId, outcome.CaseId);
        using var agent = await fixture.ClientAsync(CasesFixture.Agent);
        var details = await CaseAsync(agent, caseId);
        Assert.Equal(customer.Id, details.CustomerId);
        var entry = Assert.Single(details.Thread, e => e.Body.Contains("We ordered one chair.", StringComparison.Ordinal));
        Assert.Contains(colleague, entry.Body, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Auto-Submitted", "auto-replied")]
    [InlineData("Precedence", "bulk")]
    [InlineData("Precedence", "list")]
    public async Task Automatic_mail_opens_a_case_but_gets_no_acknowledgement(string header, string value)
    {
        var customer = await fixture.CustomerAsync("Automatic");
        var message = fixture.Message(customer.Emails[0], "Out of office", "I am away until Monday.");
        message.Headers.Add(header, value);

        var outcome = await fixture.ReceivedAsync(message);
        await fixture.Host.OutboxSettledAsync();

        using var agent = await fixture.ClientAsync(CasesFixture.Agent);
        Assert.Empty(await EmailFixture.EmailsAsync(agent, outcome.CaseId!.Value));
        await using var scope = fixture.Host.Services.CreateAsyncScope();
        await using var db = await scope.ServiceProvider.GetRequiredService<IDbContextFactory<CrmDbContext>>().CreateDbContextAsync();
        var serviceCase = await db.Set<ServiceCase>().SingleAsync(c => c.Id == outcome.CaseId);
        Assert.Null(await scope.ServiceProvider.GetRequiredService<CaseEmailOutbox>().QueueAcknowledgementAsync(db, serviceCase, DateTime.UtcNow, default));
    }

    [Fact]
    public async Task Mail_from_our_own_mailbox_address_is_ignored()
    {
        var outcome = await fixture.ReceivedAsync(fixture.Message(fixture.Mailbox.Address, "Looping", "From ourselves."));

        Assert.Equal(InboundEmailState.Ignored, outcome.State);
        Assert.Null(outcome.CaseId);
    }

    [Fact]
    public async Task The_same_email_arriving_twice_is_one_entry_on_one_case()
    {
        var customer = await fixture.CustomerAsync("Twice");
        var message = fixture.Message(customer.Emails[0], "Double delivery", "Sent twice by my server.");
        var first = await fixture.ReceivedAsync(message);

        var again = fixture.Intake.NextOutcomeAsync(message.MessageId!);
        await fixture.SendAsync(message);
        var second = await again;

        Assert.True(second.Duplicate);
        Assert.Equal(first.CaseId, second.CaseId);
        using var agent = await fixture.ClientAsync(CasesFixture.Agent);
        var details = await CaseAsync(agent, first.CaseId!.Value);
        Assert.Single(details.Thread, e => e.Body.Contains("Sent twice by my server.", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_malformed_email_is_quarantined_after_three_failures_and_the_next_email_is_read_meanwhile()
    {
        var malformed = new MimeMessage { MessageId = MimeKit.Utils.MimeUtils.GenerateMessageId("broken.example"), Subject = "No sender" };
        malformed.To.Add(new MailboxAddress("Support", fixture.Mailbox.Address));
        malformed.Body = new TextPart("plain") { Text = "Who wrote me?" };
        var customer = await fixture.CustomerAsync("Patient");
        var good = fixture.Message(customer.Emails[0], "After the broken one", "I am fine.");

        var quarantined = fixture.Intake.NextOutcomeAsync(malformed.MessageId!);
        await fixture.SendAsync(malformed);
        var outcome = await quarantined;
        Assert.Equal(InboundEmailState.Failed, outcome.State);
        Assert.Equal(InboundEmailState.Received, (await fixture.ReceivedAsync(good)).State);

        while (outcome.State != InboundEmailState.Quarantined)
        {
            outcome = await fixture.Intake.NextOutcomeAsync(malformed.MessageId!, stored: true);
        }

        var stored = await StoredAsync(malformed.MessageId!);
        Assert.Equal(InboundEmail.MaxAttempts, stored.Attempts);
        Assert.Contains("no sender", stored.LastError, StringComparison.OrdinalIgnoreCase);
        Assert.Null(stored.CaseId);
    }

    private static async Task<CaseDetails> CaseAsync(HttpClient client, long id) =>
        await CasesFixture.ReadAsync<CaseDetails>(await client.GetAsync(new Uri($"/api/v1/cases/{id}", UriKind.Relative)));

    private async Task<InboundEmail> StoredAsync(string messageId)
    {
        await using var scope = fixture.Host.Services.CreateAsyncScope();
        await using var db = await scope.ServiceProvider.GetRequiredService<IDbContextFactory<CrmDbContext>>().CreateDbContextAsync();
        return await db.Set<InboundEmail>().AsNoTracking().SingleAsync(e => e.MessageId == messageId);
    }
}
