using Crm.Kernel.Data;
using Crm.Kernel.Errors;
using Crm.Kernel.Identity;
using Crm.Service.Contracts;
using Crm.Service.Domain.Email;
using Crm.Service.Domain.Queues;
using Microsoft.EntityFrameworkCore;

namespace Crm.Service.Features.Email.SaveMailbox;

/// <summary>
/// Creates, changes and deletes mailboxes (Managers and Admins). Passwords are encrypted before they reach the entity; an
/// empty password on a change keeps the stored one. Names and addresses are unique, the queue must be an active one.
/// </summary>
internal sealed class SaveMailboxHandler(IDbContextFactory<CrmDbContext> contextFactory, ICurrentUser currentUser, MailboxSecrets secrets, SendEmail.EmailSender sender, ReceiveEmail.MailIntake intake, TimeProvider clock)
{
    private static readonly MailboxInputValidator Validator = new();

    public async Task<CommandResult<long>> CreateAsync(MailboxInput input, CancellationToken cancellationToken = default)
    {
        EmailAccess.EnsureManage(currentUser);
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var problems = await CheckAsync(db, input, null, cancellationToken);
        if (string.IsNullOrEmpty(input.ImapPassword))
        {
            problems = With(problems, nameof(MailboxInput.ImapPassword), "Enter the IMAP password the mailbox signs in with.");
        }

        if (!string.IsNullOrWhiteSpace(input.SmtpUser) && string.IsNullOrEmpty(input.SmtpPassword))
        {
            problems = With(problems, nameof(MailboxInput.SmtpPassword), "Enter the SMTP password of that user.");
        }

        if (!problems.Succeeded)
        {
            return CommandResult.Invalid<long>(problems);
        }

        var mailbox = new Mailbox();
        mailbox.Edit(input);
        mailbox.SetPasswords(Cipher(input.ImapPassword), Cipher(input.SmtpPassword));
        db.Add(mailbox);
        await SaveAsync(db, mailbox, cancellationToken);
        sender.Wake();
        intake.MailboxesChanged();
        return CommandResult.Created(mailbox.Id);
    }

    public async Task<CommandResult<long>> UpdateAsync(long id, MailboxInput input, Guid? expectedVersion, CancellationToken cancellationToken = default)
    {
        EmailAccess.EnsureManage(currentUser);
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var mailbox = await LoadAsync(db, id, expectedVersion, cancellationToken);
        var problems = await CheckAsync(db, input, id, cancellationToken);
        if (!string.IsNullOrWhiteSpace(input.SmtpUser) && string.IsNullOrEmpty(input.SmtpPassword)
            && (mailbox.SmtpPasswordCipher is null || !string.Equals(mailbox.SmtpUser, input.SmtpUser.Trim(), StringComparison.Ordinal)))
        {
            problems = With(problems, nameof(MailboxInput.SmtpPassword), "Enter the SMTP password of that user.");
        }

        if (!problems.Succeeded)
        {
            return CommandResult.Invalid<long>(problems);
        }

        mailbox.Edit(input);
        mailbox.SetPasswords(Cipher(input.ImapPassword), Cipher(input.SmtpPassword));
        await SaveAsync(db, mailbox, cancellationToken);

        // The changed settings may be what the queued emails were waiting for (a fixed password or port): try them now.
        var now = clock.GetUtcNow().UtcDateTime;
        await db.Set<OutboundEmail>().Where(e => e.MailboxId == id && e.Delivery == EmailDelivery.Queued && e.NextAttemptAtUtc > now)
            .ExecuteUpdateAsync(update => update.SetProperty(e => e.NextAttemptAtUtc, now), cancellationToken);
        sender.Wake();
        intake.MailboxesChanged();
        return CommandResult.Done(mailbox.Id);
    }

    /// <summary>Deletes a mailbox; refused while emails wait in the outbox to be sent through it (disable it instead).</summary>
    public async Task<CommandResult<long>> DeleteAsync(long id, Guid? expectedVersion, CancellationToken cancellationToken = default)
    {
        EmailAccess.EnsureManage(currentUser);
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var mailbox = await LoadAsync(db, id, expectedVersion, cancellationToken);
        var waiting = await db.Set<OutboundEmail>().CountAsync(e => e.MailboxId == id && e.Delivery == EmailDelivery.Queued, cancellationToken);
        if (waiting > 0)
        {
            return CommandResult.Conflict<long>($"{waiting} email(s) wait in the outbox to be sent through {mailbox.Name}. Disable the mailbox instead, or delete it once they are sent.");
        }

        db.Remove(mailbox);
        await SaveAsync(db, mailbox, cancellationToken);
        return CommandResult.Done(id);
    }

    private static OperationResult With(OperationResult problems, string field, string message) =>
        new([.. problems.Errors, new ValidationError(field, message)]);

    private string? Cipher(string? password) => string.IsNullOrEmpty(password) ? null : secrets.Protect(password);

    private static async Task<Mailbox> LoadAsync(CrmDbContext db, long id, Guid? expectedVersion, CancellationToken cancellationToken)
    {
        var mailbox = await db.Set<Mailbox>().SingleOrDefaultAsync(m => m.Id == id, cancellationToken)
            ?? throw new NotFoundException($"No mailbox with id {id}.");
        if (expectedVersion is { } version && version != mailbox.Version)
        {
            throw new ConflictException($"Someone else changed the mailbox {mailbox.Name} since you opened it. Reload and try again.");
        }

        return mailbox;
    }

    private static async Task<OperationResult> CheckAsync(CrmDbContext db, MailboxInput input, long? id, CancellationToken cancellationToken)
    {
        var validation = OperationResult.From(await Validator.ValidateAsync(input, cancellationToken));
        if (!validation.Succeeded)
        {
            return validation;
        }

        var name = input.Name!.Trim();
        var upper = name.ToUpperInvariant();
        var address = input.Address!.Trim().ToLowerInvariant();
        var problems = OperationResult.Success;
        if (await db.Set<Mailbox>().AnyAsync(m => m.Id != id && m.Name.ToUpper() == upper, cancellationToken))
        {
            problems = With(problems, nameof(MailboxInput.Name), $"A mailbox named '{name}' exists already.");
        }

        if (await db.Set<Mailbox>().AnyAsync(m => m.Id != id && m.Address == address, cancellationToken))
        {
            problems = With(problems, nameof(MailboxInput.Address), $"The mailbox for {address} exists already.");
        }

        if (input.QueueId is { } queueId && !await db.Set<ServiceQueue>().AnyAsync(q => q.Id == queueId && q.IsActive, cancellationToken))
        {
            problems = With(problems, nameof(MailboxInput.QueueId), $"No active queue with id {queueId}: choose one of the active queues, or none.");
        }

        return problems;
    }

    private static Task SaveAsync(CrmDbContext db, Mailbox mailbox, CancellationToken cancellationToken) =>
        db.SaveOrConflictAsync(
            $"Someone else changed the mailbox {mailbox.Name} at the same time. Reload and try again.",
            $"Someone else saved a mailbox named '{mailbox.Name}' or for {mailbox.Address} at the same time. Reload and choose another.",
            cancellationToken);
}
