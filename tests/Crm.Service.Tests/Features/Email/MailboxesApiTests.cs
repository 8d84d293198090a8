using System.Net;
using System.Net.Http.Json;
using Crm.Service.Contracts;
using Crm.Service.Domain.Email;
using Crm.Service.Features.Email;
using Crm.Service.Tests.Features.Cases;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.Service.Tests.Features.Email;

/// <summary>Mailboxes over the API: Managers only, passwords write-only and encrypted at rest, validation as problem details.</summary>
public sealed class MailboxesApiTests(EmailFixture fixture) : IClassFixture<EmailFixture>
{
    private static readonly Uri Mailboxes = new("/api/v1/email/mailboxes", UriKind.Relative);

    [Fact]
    public async Task A_password_is_stored_encrypted_never_answered_and_kept_when_a_change_leaves_it_empty()
    {
        using var manager = await fixture.ClientAsync(CasesFixture.Manager);
        var suffix = Guid.NewGuid().ToString("N")[..8];
        using var created = await manager.PostAsJsonAsync(Mailboxes, EmailFixture.MailboxFor(fixture.Server, "Sales " + suffix, $"sales-{suffix}@shop.example") with
        {
            SmtpUser = "sender",
            SmtpPassword = "smtp-Secret-0815",
        }, CasesFixture.Json);
        var text = await created.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.DoesNotContain(EmailFixture.ImapPassword, text, StringComparison.Ordinal);
        Assert.DoesNotContain("smtp-Secret-0815", text, StringComparison.Ordinal);
        var mailbox = (await created.Content.ReadFromJsonAsync<MailboxView>(CasesFixture.Json))!;
        Assert.True(mailbox.HasImapPassword);
        Assert.True(mailbox.HasSmtpPassword);
        Assert.Equal("INBOX", mailbox.Folder);

        var stored = await fixture.Host.QueryAsync(db => db.Set<Mailbox>().SingleAsync(m => m.Id == mailbox.Id));
        Assert.DoesNotContain(EmailFixture.ImapPassword, stored.ImapPasswordCipher, StringComparison.Ordinal);
        var secrets = fixture.Host.Services.GetRequiredService<MailboxSecrets>();
        Assert.Equal(EmailFixture.ImapPassword, secrets.Unprotect(stored.ImapPasswordCipher!));

        // A change without passwords keeps both.
        using var request = new HttpRequestMessage(HttpMethod.Put, new Uri($"/api/v1/email/mailboxes/{mailbox.Id}", UriKind.Relative))
        {
            Content = JsonContent.Create(EmailFixture.MailboxFor(fixture.Server, "Sales " + suffix, $"sales-{suffix}@shop.example") with
            {
                ImapPassword = null,
                SmtpUser = "sender",
                Folder = "Support",
                IsEnabled = false,
            }, options: CasesFixture.Json),
        };
        request.Headers.TryAddWithoutValidation("If-Match", $"\"{mailbox.Version:N}\"");
        var changed = await CasesFixture.ReadAsync<MailboxView>(await manager.SendAsync(request));
        Assert.Equal("Support", changed.Folder);
        Assert.False(changed.IsEnabled);
        Assert.True(changed.HasImapPassword);
        Assert.True(changed.HasSmtpPassword);
        var kept = await fixture.Host.QueryAsync(db => db.Set<Mailbox>().SingleAsync(m => m.Id == mailbox.Id));
        Assert.Equal(EmailFixture.ImapPassword, secrets.Unprotect(kept.ImapPasswordCipher!));
        Assert.Equal("smtp-Secret-0815", secrets.Unprotect(kept.SmtpPasswordCipher!));

        Assert.Contains(await CasesFixture.ReadAsync<List<MailboxView>>(await manager.GetAsync(Mailboxes)), m => m.Id == mailbox.Id && !m.IsEnabled);
        using var deleted = await manager.DeleteAsync(new Uri($"/api/v1/email/mailboxes/{mailbox.Id}", UriKind.Relative));
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        using var gone = await manager.GetAsync(new Uri($"/api/v1/email/mailboxes/{mailbox.Id}", UriKind.Relative));
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
    }

    [Fact]
    public async Task Bad_settings_a_missing_password_and_a_taken_address_are_refused_field_by_field()
    {
        using var manager = await fixture.ClientAsync(CasesFixture.Manager);
        using var bad = await manager.PostAsJsonAsync(Mailboxes, new MailboxInput
        {
            Name = " ",
            Address = "not an address",
            ImapHost = "imap example",
            ImapPort = 70000,
            ImapUser = "",
            SmtpHost = "smtp.example.com",
            SmtpPassword = "without a user",
        }, CasesFixture.Json);
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        var problem = (await bad.Content.ReadFromJsonAsync<Microsoft.AspNetCore.Mvc.ValidationProblemDetails>())!;
        Assert.Equal(["Give the mailbox a name."], problem.Errors["name"]);
        Assert.StartsWith("Enter the mailbox's email address", Assert.Single(problem.Errors["address"]), StringComparison.Ordinal);
        Assert.StartsWith("Enter the IMAP server's host name", Assert.Single(problem.Errors["imapHost"]), StringComparison.Ordinal);
        Assert.StartsWith("The IMAP port is a number from 1 to 65535", Assert.Single(problem.Errors["imapPort"]), StringComparison.Ordinal);
        Assert.Equal(["Enter the IMAP user name the mailbox signs in with."], problem.Errors["imapUser"]);
        Assert.StartsWith("An SMTP password needs an SMTP user name", Assert.Single(problem.Errors["smtpPassword"]), StringComparison.Ordinal);

        using var noPassword = await manager.PostAsJsonAsync(Mailboxes, EmailFixture.MailboxFor(fixture.Server, "No password", "nopassword@shop.example") with { ImapPassword = null }, CasesFixture.Json);
        var missing = (await noPassword.Content.ReadFromJsonAsync<Microsoft.AspNetCore.Mvc.ValidationProblemDetails>())!;
        Assert.Equal(["Enter the IMAP password the mailbox signs in with."], missing.Errors["imapPassword"]);

        using var taken = await manager.PostAsJsonAsync(Mailboxes, EmailFixture.MailboxFor(fixture.Server, "Another", fixture.Mailbox.Address.ToUpperInvariant()), CasesFixture.Json);
        var duplicate = (await taken.Content.ReadFromJsonAsync<Microsoft.AspNetCore.Mvc.ValidationProblemDetails>())!;
        Assert.Equal([$"The mailbox for {fixture.Mailbox.Address} exists already."], duplicate.Errors["address"]);

        using var unknownQueue = await manager.PostAsJsonAsync(Mailboxes, EmailFixture.MailboxFor(fixture.Server, "Queued", "queued@shop.example") with { QueueId = 987654 }, CasesFixture.Json);
        var queue = (await unknownQueue.Content.ReadFromJsonAsync<Microsoft.AspNetCore.Mvc.ValidationProblemDetails>())!;
        Assert.StartsWith("No active queue with id 987654", Assert.Single(queue.Errors["queueId"]), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Agents_and_reps_may_not_read_or_change_mailboxes()
    {
        foreach (var user in (string[])[CasesFixture.Agent, CasesFixture.Rep])
        {
            using var client = await fixture.ClientAsync(user);
            using var list = await client.GetAsync(Mailboxes);
            Assert.Equal(HttpStatusCode.Forbidden, list.StatusCode);
            using var create = await client.PostAsJsonAsync(Mailboxes, EmailFixture.MailboxFor(fixture.Server, "Mine", "mine@shop.example"), CasesFixture.Json);
            Assert.Equal(HttpStatusCode.Forbidden, create.StatusCode);
        }
    }

    [Fact]
    public void An_input_written_to_a_log_carries_no_password()
    {
        var input = new MailboxInput { Name = "Support", ImapPassword = "imap-pw-123", SmtpPassword = "smtp-pw-456" };
        Assert.DoesNotContain("imap-pw-123", input.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("smtp-pw-456", input.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Retries_wait_twice_as_long_each_time_up_to_fifteen_minutes()
    {
        var first = TimeSpan.FromSeconds(30);
        Assert.Equal(TimeSpan.FromSeconds(30), OutboundEmail.RetryDelay(1, first));
        Assert.Equal(TimeSpan.FromSeconds(60), OutboundEmail.RetryDelay(2, first));
        Assert.Equal(TimeSpan.FromSeconds(240), OutboundEmail.RetryDelay(4, first));
        Assert.Equal(OutboundEmail.MaxRetryDelay, OutboundEmail.RetryDelay(50, first));
    }
}
