using Crm.Kernel.Errors;
using Crm.Service.Contracts;
using Crm.Service.Features.Email.SaveMailbox;
using Crm.Service.Features.Queues;
using Crm.Ui.Feedback;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace Crm.Service.Features.Email;

/// <summary>The mailbox form; closes when the mailbox is saved. Field problems are shown next to their fields; passwords are never filled in.</summary>
public partial class MailboxDialog
{
    private static readonly string[] FieldsShown =
    [
        nameof(MailboxInput.Name), nameof(MailboxInput.Address), nameof(MailboxInput.ImapHost), nameof(MailboxInput.ImapPort),
        nameof(MailboxInput.ImapSecurity), nameof(MailboxInput.ImapUser), nameof(MailboxInput.ImapPassword), nameof(MailboxInput.Folder),
        nameof(MailboxInput.SmtpHost), nameof(MailboxInput.SmtpPort), nameof(MailboxInput.SmtpSecurity), nameof(MailboxInput.SmtpUser),
        nameof(MailboxInput.SmtpPassword), nameof(MailboxInput.QueueId),
    ];

    private Form input = new();
    private IReadOnlyList<QueueDetails> queues = [];
    private bool saving;
    private string? general;
    private OperationResult errors = OperationResult.Success;

    /// <summary>The mailbox to change; null for a new one.</summary>
    [Parameter]
    public MailboxView? Mailbox { get; set; }

    [CascadingParameter]
    private IMudDialogInstance MudDialog { get; set; } = default!;

    [Inject]
    private SaveMailboxHandler Handler { get; set; } = default!;

    [Inject]
    private QueueQueries Queues { get; set; } = default!;

    protected override async Task OnInitializedAsync()
    {
        if (Mailbox is { } m)
        {
            input = new Form
            {
                Name = m.Name, Address = m.Address, ImapHost = m.ImapHost, ImapPort = m.ImapPort, ImapSecurity = m.ImapSecurity, ImapUser = m.ImapUser,
                Folder = m.Folder, SmtpHost = m.SmtpHost, SmtpPort = m.SmtpPort, SmtpSecurity = m.SmtpSecurity, SmtpUser = m.SmtpUser,
                QueueId = m.QueueId, IsEnabled = m.IsEnabled,
            };
        }

        queues = await Queues.ListAsync(activeOnly: true);
    }

    private void Cancel() => MudDialog.Cancel();

    private async Task SaveAsync()
    {
        saving = true;
        general = null;
        try
        {
            var request = input.ToInput();
            var outcome = await DialogSave.RunAsync(MudDialog,
                () => Mailbox is { } mailbox ? Handler.UpdateAsync(mailbox.Id, request, mailbox.Version) : Handler.CreateAsync(request), FieldsShown, errors);
            (errors, general) = outcome;
        }
        finally
        {
            saving = false;
        }
    }

    /// <summary>The form's fields, bound one by one; the request is made from them when saving.</summary>
    private sealed class Form
    {
        public string? Name { get; set; }

        public string? Address { get; set; }

        public string? ImapHost { get; set; }

        public int? ImapPort { get; set; }

        public MailSecurity ImapSecurity { get; set; } = MailSecurity.SslOnConnect;

        public string? ImapUser { get; set; }

        public string? ImapPassword { get; set; }

        public string? Folder { get; set; } = "INBOX";

        public string? SmtpHost { get; set; }

        public int? SmtpPort { get; set; }

        public MailSecurity SmtpSecurity { get; set; } = MailSecurity.StartTls;

        public string? SmtpUser { get; set; }

        public string? SmtpPassword { get; set; }

        public long? QueueId { get; set; }

        public bool IsEnabled { get; set; } = true;

        public MailboxInput ToInput() => new()
        {
            Name = Name, Address = Address, ImapHost = ImapHost, ImapPort = ImapPort, ImapSecurity = ImapSecurity, ImapUser = ImapUser,
            ImapPassword = ImapPassword, Folder = Folder, SmtpHost = SmtpHost, SmtpPort = SmtpPort, SmtpSecurity = SmtpSecurity,
            SmtpUser = SmtpUser, SmtpPassword = SmtpPassword, QueueId = QueueId, IsEnabled = IsEnabled,
        };
    }
}
