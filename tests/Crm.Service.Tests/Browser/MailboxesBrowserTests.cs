using System.Net.Http.Json;
using Crm.Contacts.Contracts;
using Crm.Kernel;
using Crm.Service.Contracts;
using Crm.Service.Tests.Features.Cases;
using Crm.Service.Tests.Features.Email;
using Crm.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Crm.Service.Tests.Browser;

/// <summary>A browser over a host of its own: its mailbox sends through a real mail server, which no other browser test expects.</summary>
public sealed class EmailBrowserFixture() : BrowserFixture(CrmWebHost.Create(CrmWebHost.NewMigratedDatabasePath(),
    new Dictionary<string, string?> { ["Email:FirstRetryDelay"] = "00:00:00.200" }));

[CollectionDefinition(Name)]
public sealed class EmailBrowserCollection : ICollectionFixture<EmailBrowserFixture>
{
    public const string Name = "Email browser";
}

/// <summary>A Manager sets up a mailbox in Chromium; an agent's reply then goes out by email and the thread says so. Screenshots and axe-core.</summary>
[Collection(EmailBrowserCollection.Name)]
public sealed class MailboxesBrowserTests(EmailBrowserFixture browser)
{
    [Fact]
    public async Task A_manager_adds_a_mailbox_and_an_agents_reply_shows_as_sent_by_email()
    {
        await using var server = new MailServer();
        await server.StartAsync();
        var page = await browser.NewSignedInPageAsync("manager@ecrm.local");
        await page.GotoAsync("/service/mailboxes");
        await page.WaitForSelectorAsync("[data-interactive=true] [data-testid=mailboxes-empty]");
        await Accessibility.AssertNoSeriousFindingsAsync(page);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Shot("mailboxes-empty.png"), FullPage = true });

        await page.ClickAsync("[data-testid=new-mailbox]");
        await page.WaitForSelectorAsync(".mud-dialog [data-testid=save-mailbox]");
        await page.ClickAsync("[data-testid=save-mailbox]");
        await page.WaitForSelectorAsync(".mud-dialog >> text=Give the mailbox a name.");
        await page.WaitForSelectorAsync(".mud-dialog >> text=Enter the IMAP password the mailbox signs in with.");
        await Accessibility.AssertNoSeriousFindingsAsync(page);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Shot("mailbox-new-invalid.png"), FullPage = true });

        await page.FillAsync("input[data-testid=mailbox-name-field]", "Support");
        await page.FillAsync("input[data-testid=mailbox-address-field]", "support@shop.example");
        await page.FillAsync("input[data-testid=mailbox-imap-host-field]", MailServer.Host);
        await page.FillAsync("input[data-testid=mailbox-imap-port-field]", server.ImapPort.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await ChooseAsync(page, "mailbox-imap-security-field", "no encryption");
        await page.FillAsync("input[data-testid=mailbox-imap-user-field]", "support");
        await page.FillAsync("input[data-testid=mailbox-imap-password-field]", "imap-Secret-4711");
        await page.FillAsync("input[data-testid=mailbox-smtp-host-field]", MailServer.Host);
        await page.FillAsync("input[data-testid=mailbox-smtp-port-field]", server.SmtpPort.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await ChooseAsync(page, "mailbox-smtp-security-field", "no encryption");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Shot("mailbox-new.png"), FullPage = true });
        await page.ClickAsync("[data-testid=save-mailbox]");
        var row = page.Locator("[data-testid=mailboxes-table] tr", new PageLocatorOptions { HasText = "support@shop.example" });
        await row.WaitForAsync();
        Assert.Contains($"{MailServer.Host}:{server.SmtpPort} (no encryption)", await row.InnerTextAsync(), StringComparison.Ordinal);
        Assert.DoesNotContain("imap-Secret-4711", await page.ContentAsync(), StringComparison.Ordinal);
        await Accessibility.AssertNoSeriousFindingsAsync(page);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Shot("mailboxes.png"), FullPage = true });

        // An agent answers a customer with an email address on the case page while the mail server is down: the reply waits
        // in the outbox as "Email queued", and turns to "Email sent" on the open page once the server is back.
        var caseId = await OpenCaseAsync();
        var agent = await browser.NewSignedInPageAsync("agent@ecrm.local");
        await agent.GotoAsync($"/cases/{caseId}");
        await agent.WaitForSelectorAsync("[data-interactive=true] textarea[data-testid=case-text]");
        await server.StopAsync();
        await agent.ClickAsync("[data-testid=case-compose-kind] >> text=Reply to the customer");
        await agent.FillAsync("textarea[data-testid=case-text]", "Your new seal is in the post.");
        await agent.ClickAsync("[data-testid=case-send]");
        await agent.WaitForSelectorAsync("[data-testid=case-entry-reply] [data-testid=email-delivery][data-delivery=Queued] >> text=Email queued");
        await agent.ScreenshotAsync(new PageScreenshotOptions { Path = Shot("case-reply-email-queued.png"), FullPage = true });
        await server.StartAsync();
        await agent.WaitForSelectorAsync("[data-testid=case-entry-reply] [data-testid=email-delivery][data-delivery=Sent] >> text=Email sent");
        using (var client = await browser.Host.SignedInClientAsync("agent@ecrm.local"))
        {
            var email = Assert.Single(await CasesFixture.ReadAsync<List<OutboundEmailView>>(await client.GetAsync(new Uri($"/api/v1/cases/{caseId}/emails", UriKind.Relative))));
            Assert.Equal(EmailDelivery.Sent, email.Delivery);
            Assert.Single(await server.FindAsync("Message-ID", email.MessageId));
        }

        await Accessibility.AssertNoSeriousFindingsAsync(agent);
        await agent.ScreenshotAsync(new PageScreenshotOptions { Path = Shot("case-reply-email-sent.png"), FullPage = true });
    }

    [Fact]
    public async Task An_email_to_a_mailbox_appears_as_a_new_case_in_the_agents_case_list()
    {
        await using var server = new MailServer();
        await server.StartAsync();
        using (var manager = await browser.Host.SignedInClientAsync("manager@ecrm.local"))
        {
            await CasesFixture.ReadAsync<MailboxView>(await manager.PostAsJsonAsync(new Uri("/api/v1/email/mailboxes", UriKind.Relative),
                EmailFixture.MailboxFor(server, "Help desk", "help@shop.example"), CasesFixture.Json));
        }

        var message = new MimeKit.MimeMessage { MessageId = MimeKit.Utils.MimeUtils.GenerateMessageId("customer.example"), Subject = "Blender makes a grinding noise" };
        message.From.Add(new MimeKit.MailboxAddress("Bea Blender", $"bea-{Guid.NewGuid():N}@customer.example"));
        message.To.Add(new MimeKit.MailboxAddress("Help desk", "help@shop.example"));
        message.Body = new MimeKit.TextPart("plain") { Text = "Since yesterday it grinds." };
        var intake = browser.Host.Services.GetRequiredService<Crm.Service.Features.Email.ReceiveEmail.MailIntake>();
        var received = intake.NextOutcomeAsync(message.MessageId!, stored: true);
        using (var smtp = new MailKit.Net.Smtp.SmtpClient())
        {
            await smtp.ConnectAsync(MailServer.Host, server.SmtpPort, MailKit.Security.SecureSocketOptions.None);
            await smtp.SendAsync(message);
            await smtp.DisconnectAsync(quit: true);
        }

        var outcome = await received;
        var agent = await browser.NewSignedInPageAsync("agent@ecrm.local");
        await agent.GotoAsync("/cases");
        await agent.WaitForSelectorAsync("[data-interactive=true] [data-testid=cases-table]");
        await agent.ClickAsync("[data-testid=case-view] >> text=Unassigned");
        await agent.WaitForSelectorAsync("[data-testid=cases-table] >> text=Blender makes a grinding noise");
        await Accessibility.AssertNoSeriousFindingsAsync(agent);
        await agent.ScreenshotAsync(new PageScreenshotOptions { Path = Shot("case-list-email-arrived.png"), FullPage = true });
        await agent.GotoAsync($"/cases/{outcome.CaseId}");
        await agent.WaitForSelectorAsync("[data-interactive=true] textarea[data-testid=case-text]");
        await agent.WaitForSelectorAsync("text=Since yesterday it grinds.");
        await agent.ScreenshotAsync(new PageScreenshotOptions { Path = Shot("case-from-email.png"), FullPage = true });
    }

    private async Task<long> OpenCaseAsync()
    {
        using var agent = await browser.Host.SignedInClientAsync("agent@ecrm.local");
        using var manager = await browser.Host.SignedInClientAsync("manager@ecrm.local");
        var customer = await CasesFixture.ReadAsync<CustomerDetails>(await manager.PostAsJsonAsync(new Uri("/api/v1/customers?allowDuplicates=true", UriKind.Relative),
            new CustomerInput { FirstName = "Ada", LastName = "Mailer", Emails = ["ada.mailer@customer.example"] }, CasesFixture.Json));
        var opened = await CasesFixture.OpenCaseAsync(agent, customer.Id, "Kettle leaks", Channel.Phone);
        return opened.Id;
    }

    private static async Task ChooseAsync(IPage page, string testId, string item)
    {
        await page.ClickAsync($"[data-testid={testId}]");
        await page.ClickAsync($".mud-popover-open .mud-list-item >> text={item}");
        await page.WaitForSelectorAsync(".mud-popover-open .mud-list-item", new PageWaitForSelectorOptions { State = WaitForSelectorState.Detached });
    }

    private static string Shot(string name) => Path.Combine(BrowserFixture.ScreenshotDirectory, name);
}
