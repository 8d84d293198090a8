using System.Net.Http.Json;
using Crm.Contacts.Contracts;
using Crm.Kernel;
using Crm.Service.Contracts;
using Crm.Service.Tests.Features.Cases;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.Service.Tests.Features.Email;

/// <summary>
/// Replies and acknowledgements go out through the outbox over real SMTP (smtp4dev) and are read back over its IMAP: the
/// case number in the subject, the threading headers, the footer, the thread's "queued" then "sent", and an outage outlived.
/// </summary>
public sealed class EmailOutboxTests(EmailFixture fixture) : IClassFixture<EmailFixture>
{
    [Fact]
    public async Task An_agents_replies_reach_the_customer_over_smtp_with_the_case_number_and_the_threading_headers()
    {
        var customer = await fixture.CustomerAsync("Replied");
        using var agent = await fixture.ClientAsync(CasesFixture.Agent);
        var opened = await CasesFixture.OpenCaseAsync(agent, customer.Id, "Kettle leaks", Channel.Phone);
        Assert.Empty(await EmailFixture.EmailsAsync(agent, opened.Id));

        await CasesFixture.ReadAsync<CaseDetails>(await CasesFixture.PostAsync(agent, $"/api/v1/cases/{opened.Id}/replies", new CaseReplyInput("We send a new seal today.")));
        var first = Assert.Single(await EmailFixture.EmailsAsync(agent, opened.Id));
        await fixture.SentAsync(first.Id);
        await CasesFixture.ReadAsync<CaseDetails>(await CasesFixture.PostAsync(agent, $"/api/v1/cases/{opened.Id}/replies", new CaseReplyInput("Did the seal fit?")));
        var emails = await EmailFixture.EmailsAsync(agent, opened.Id);
        Assert.Equal(2, emails.Count);
        var second = await fixture.SentAsync(emails[1].Id);

        var firstMessage = Assert.Single(await fixture.Server.FindAsync("Message-ID", first.MessageId));
        Assert.Equal($"Re: Kettle leaks [{opened.Number}]", firstMessage.Subject);
        Assert.Equal(customer.Emails[0], Assert.Single(firstMessage.To.Mailboxes).Address);
        Assert.Equal("support@shop.example", Assert.Single(firstMessage.From.Mailboxes).Address);
        Assert.Contains("We send a new seal today.", firstMessage.TextBody, StringComparison.Ordinal);
        Assert.Contains($"Your case number: {opened.Number}", firstMessage.TextBody, StringComparison.Ordinal);
        Assert.EndsWith("@shop.example", firstMessage.MessageId, StringComparison.Ordinal);
        Assert.Null(firstMessage.Headers["Auto-Submitted"]);

        var answer = Assert.Single(await fixture.Server.FindAsync("In-Reply-To", firstMessage.MessageId!));
        Assert.Equal(second.Subject, answer.Subject);
        Assert.Equal(second.MessageId, answer.MessageId);
        Assert.Equal(new[] { firstMessage.MessageId }, answer.References.ToArray());
        Assert.Contains("Did the seal fit?", answer.TextBody, StringComparison.Ordinal);

        var details = await CasesFixture.ReadAsync<CaseDetails>(await agent.GetAsync(new Uri($"/api/v1/cases/{opened.Id}", UriKind.Relative)));
        Assert.All(details.Thread.Where(e => e.Kind == CaseEntryKind.PublicReply), e => Assert.Equal(EmailDelivery.Sent, e.Email));
        Assert.All(details.Thread.Where(e => e.Kind != CaseEntryKind.PublicReply), e => Assert.Null(e.Email));

        // The footer: the reply's "is this really you?" code, and what we never ask for.
        var reply = details.Thread.Single(e => e.Kind == CaseEntryKind.PublicReply && e.Body.Contains("new seal", StringComparison.Ordinal));
        Assert.NotNull(reply.VerificationCode);
        Assert.Contains($"Check the code {reply.VerificationCode} on our /verify page", firstMessage.TextBody, StringComparison.Ordinal);
        Assert.Contains(NeverAskNotice(), firstMessage.TextBody, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_new_case_from_the_web_is_acknowledged_once_as_automatic_mail_and_a_phone_case_is_not()
    {
        var customer = await fixture.CustomerAsync("Acknowledged");
        using var agent = await fixture.ClientAsync(CasesFixture.Agent);
        var web = await CasesFixture.OpenCaseAsync(agent, customer.Id, "Form question", Channel.Web);
        var phone = await CasesFixture.OpenCaseAsync(agent, customer.Id, "Phone question", Channel.Phone);
        await fixture.Host.OutboxSettledAsync();

        var acknowledgement = Assert.Single(await EmailFixture.EmailsAsync(agent, web.Id));
        Assert.Equal($"Form question [{web.Number}]", acknowledgement.Subject);
        Assert.Empty(await EmailFixture.EmailsAsync(agent, phone.Id));
        await fixture.SentAsync(acknowledgement.Id);

        var message = Assert.Single(await fixture.Server.FindAsync("Subject", web.Number));
        Assert.Equal("auto-replied", message.Headers["Auto-Submitted"]);
        Assert.Contains($"We have opened case {web.Number}", message.TextBody, StringComparison.Ordinal);
        Assert.Contains($"Your case number: {web.Number}", message.TextBody, StringComparison.Ordinal);
        Assert.Contains(NeverAskNotice(), message.TextBody, StringComparison.Ordinal);
        Assert.DoesNotContain("Check the code", message.TextBody, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Nothing_is_mailed_to_one_of_our_own_mailboxes()
    {
        using var manager = await fixture.ClientAsync(CasesFixture.Manager);
        var ours = await CasesFixture.ReadAsync<Contacts.Contracts.CustomerDetails>(await manager.PostAsJsonAsync(new Uri("/api/v1/customers?allowDuplicates=true", UriKind.Relative),
            new Contacts.Contracts.CustomerInput { FirstName = "Support", LastName = "Loop", Emails = [fixture.Mailbox.Address.ToUpperInvariant()] }, CasesFixture.Json));
        using var agent = await fixture.ClientAsync(CasesFixture.Agent);
        var opened = await CasesFixture.OpenCaseAsync(agent, ours.Id, "Looping", Channel.Email);
        await CasesFixture.ReadAsync<CaseDetails>(await CasesFixture.PostAsync(agent, $"/api/v1/cases/{opened.Id}/replies", new CaseReplyInput("To ourselves?")));
        await fixture.Host.OutboxSettledAsync();

        Assert.Empty(await EmailFixture.EmailsAsync(agent, opened.Id));
    }

    [Fact]
    public async Task A_reply_waits_queued_while_the_smtp_server_is_down_and_is_sent_once_it_is_back()
    {
        var customer = await fixture.CustomerAsync("Outage");
        using var agent = await fixture.ClientAsync(CasesFixture.Agent);
        var opened = await CasesFixture.OpenCaseAsync(agent, customer.Id, "Outage question", Channel.Phone);

        await fixture.Server.StopAsync();
        try
        {
            await CasesFixture.ReadAsync<CaseDetails>(await CasesFixture.PostAsync(agent, $"/api/v1/cases/{opened.Id}/replies", new CaseReplyInput("Sent during an outage.")));
            var queued = Assert.Single(await EmailFixture.EmailsAsync(agent, opened.Id));
            var failed = await fixture.Sender.AttemptedAsync(queued.Id, 2);
            Assert.Equal(EmailDelivery.Queued, failed.Delivery);
            Assert.Contains($"{MailServer.Host}:{fixture.Server.SmtpPort}", failed.LastError, StringComparison.Ordinal);
            var whileDown = await CasesFixture.ReadAsync<CaseDetails>(await agent.GetAsync(new Uri($"/api/v1/cases/{opened.Id}", UriKind.Relative)));
            Assert.Equal(EmailDelivery.Queued, Assert.Single(whileDown.Thread, e => e.Kind == CaseEntryKind.PublicReply).Email);
        }
        finally
        {
            await fixture.Server.StartAsync();
        }

        var sent = await fixture.SentAsync(Assert.Single(await EmailFixture.EmailsAsync(agent, opened.Id)).Id);
        Assert.Null(sent.LastError);
        Assert.True(sent.Attempts >= 3);
        var message = Assert.Single(await fixture.Server.FindAsync("Subject", opened.Number));
        Assert.Contains("Sent during an outage.", message.TextBody, StringComparison.Ordinal);
        var afterwards = await CasesFixture.ReadAsync<CaseDetails>(await agent.GetAsync(new Uri($"/api/v1/cases/{opened.Id}", UriKind.Relative)));
        Assert.Equal(EmailDelivery.Sent, Assert.Single(afterwards.Thread, e => e.Kind == CaseEntryKind.PublicReply).Email);
    }

    /// <summary>The never-ask notice the host is configured with (Contacts' verification settings).</summary>
    private string NeverAskNotice()
    {
        using var scope = fixture.Host.Services.CreateScope();
        return scope.ServiceProvider.GetRequiredService<IContactVerification>().NeverAskNotice;
    }
}
