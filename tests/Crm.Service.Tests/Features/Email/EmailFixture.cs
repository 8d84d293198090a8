using System.Net.Http.Json;
using Crm.Contacts.Contracts;
using Crm.Service.Contracts;
using Crm.Service.Features.Email.ReceiveEmail;
using Crm.Service.Features.Email.SendEmail;
using MailKit.Net.Smtp;
using MimeKit;
using Crm.Service.Tests.Features.Cases;
using Crm.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.Service.Tests.Features.Email;

/// <summary>
/// A real mail server (smtp4dev) and a real host whose mailbox sends through it; the outbox retries after 200 ms at first,
/// so an outage in a test is outlived in seconds.
/// </summary>
public sealed class EmailFixture : IAsyncLifetime
{
    public const string ImapPassword = "imap-Secret-4711";

    public MailServer Server { get; } = new();

    public CrmWebHost Host { get; } = CrmWebHost.Create(CrmWebHost.NewMigratedDatabasePath(),
        new Dictionary<string, string?>
        {
            ["Email:FirstRetryDelay"] = "00:00:00.200",
            ["Email:IntakeRetryDelay"] = "00:00:00.200",
            ["Email:FirstReconnectDelay"] = "00:00:00.200",

            // IDLE is renewed every few seconds rather than every minute: a server that misses an arrival cannot hold a test up long.
            ["Email:PollInterval"] = "00:00:05",
        });

    public MailboxView Mailbox { get; private set; } = default!;

    internal EmailSender Sender => Host.Services.GetRequiredService<EmailSender>();

    internal MailIntake Intake => Host.Services.GetRequiredService<MailIntake>();

    /// <summary>Sends <paramref name="message"/> to the mail server over SMTP, to the mailbox's address unless it names recipients.</summary>
    public async Task SendAsync(MimeMessage message)
    {
        using var smtp = new SmtpClient();
        await smtp.ConnectAsync(MailServer.Host, Server.SmtpPort, MailKit.Security.SecureSocketOptions.None);
        var sender = message.From.Mailboxes.FirstOrDefault() ?? new MailboxAddress("", "nobody@customer.example");
        var recipients = message.To.Mailboxes.Concat(message.Cc.Mailboxes).ToList();
        await smtp.SendAsync(message, sender, recipients.Count > 0 ? recipients : [new MailboxAddress("", Mailbox.Address)]);
        await smtp.DisconnectAsync(quit: true);
    }

    /// <summary>An email to the mailbox with a new Message-ID.</summary>
    public MimeMessage Message(string from, string subject, string text, string? fromName = null)
    {
        var message = new MimeMessage { MessageId = MimeKit.Utils.MimeUtils.GenerateMessageId("customer.example"), Subject = subject };
        message.From.Add(new MailboxAddress(fromName ?? "", from));
        message.To.Add(new MailboxAddress("Support", Mailbox.Address));
        message.Body = new TextPart("plain") { Text = text };
        return message;
    }

    /// <summary>Sends the email and awaits what the intake made of it (read over IMAP, stored, or set aside).</summary>
    internal async Task<IntakeOutcome> ReceivedAsync(MimeMessage message)
    {
        var outcome = Intake.NextOutcomeAsync(message.MessageId!, stored: true);
        await SendAsync(message);
        return await outcome;
    }

    public async Task InitializeAsync()
    {
        await Server.StartAsync();
        Host.StartServer();
        using var manager = await ClientAsync(CasesFixture.Manager);
        Mailbox = await CasesFixture.ReadAsync<MailboxView>(await manager.PostAsJsonAsync(new Uri("/api/v1/email/mailboxes", UriKind.Relative), MailboxFor(Server, "Support", "support@shop.example"), CasesFixture.Json));
    }

    public async Task DisposeAsync()
    {
        await Host.DisposeAsync();
        await Server.DisposeAsync();
    }

    public static MailboxInput MailboxFor(MailServer server, string name, string address) => new()
    {
        Name = name,
        Address = address,
        ImapHost = MailServer.Host,
        ImapPort = server.ImapPort,
        ImapSecurity = MailSecurity.None,
        ImapUser = "support",
        ImapPassword = ImapPassword,
        SmtpHost = MailServer.Host,
        SmtpPort = server.SmtpPort,
        SmtpSecurity = MailSecurity.None,
    };

    public Task<HttpClient> ClientAsync(string email) => Host.SignedInClientAsync(email);

    /// <summary>A customer with one email address, created by a Manager.</summary>
    public async Task<CustomerDetails> CustomerAsync(string lastName)
    {
        using var manager = await ClientAsync(CasesFixture.Manager);
        using var response = await manager.PostAsJsonAsync(new Uri("/api/v1/customers?allowDuplicates=true", UriKind.Relative), new CustomerInput
        {
            FirstName = "Mail",
            LastName = lastName,
            Emails = [$"{lastName.ToLowerInvariant()}-{Guid.NewGuid():N}@customer.example"],
        }, CasesFixture.Json);
        return await CasesFixture.ReadAsync<CustomerDetails>(response);
    }

    public static async Task<IReadOnlyList<OutboundEmailView>> EmailsAsync(HttpClient client, long caseId) =>
        await CasesFixture.ReadAsync<List<OutboundEmailView>>(await client.GetAsync(new Uri($"/api/v1/cases/{caseId}/emails", UriKind.Relative)));

    /// <summary>Awaits the sender's attempts on the email until the mail server has taken it.</summary>
    internal async Task<OutboundEmailView> SentAsync(long emailId)
    {
        var email = await Sender.AttemptedAsync(emailId);
        while (email.Delivery != EmailDelivery.Sent)
        {
            email = await Sender.AttemptedAsync(emailId, email.Attempts + 1);
        }

        return email;
    }
}
