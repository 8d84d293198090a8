using Crm.Service.Contracts;
using Crm.Service.Features.Email.SaveMailbox;
using Crm.Ui.Feedback;
using Crm.Ui.Loading;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace Crm.Service.Features.Email;

/// <summary>Every mailbox, to create, change and delete (Managers and Admins; deleting is confirmed).</summary>
public partial class MailboxesPage
{
    private readonly PageLoad<IReadOnlyList<MailboxView>> load = new();

    [Inject]
    private EmailQueries Queries { get; set; } = default!;

    [Inject]
    private SaveMailboxHandler Save { get; set; } = default!;

    [Inject]
    private IDialogService Dialogs { get; set; } = default!;

    [Inject]
    private ISnackbar Snackbar { get; set; } = default!;

    protected override Task OnInitializedAsync() => ReloadAsync();

    private Task ReloadAsync() => load.RunAsync(() => Queries.ListMailboxesAsync());

    internal static string Security(MailSecurity security) => security switch
    {
        MailSecurity.SslOnConnect => "TLS",
        MailSecurity.StartTls => "STARTTLS",
        _ => "no encryption",
    };

    private async Task EditAsync(MailboxView? mailbox)
    {
        var dialog = await Dialogs.ShowAsync<MailboxDialog>(mailbox is null ? "New mailbox" : $"Edit {mailbox.Name}",
            new DialogParameters<MailboxDialog> { { d => d.Mailbox, mailbox } },
            new DialogOptions { MaxWidth = MaxWidth.Medium, FullWidth = true });
        if (await dialog.Result is { Canceled: false })
        {
            Snackbar.Done(mailbox is null ? "Mailbox created." : "Mailbox saved.");
            await ReloadAsync();
        }
    }

    private async Task DeleteAsync(MailboxView mailbox)
    {
        if (await Dialogs.ShowMessageBoxAsync("Delete mailbox",
                $"Delete {mailbox.Name} ({mailbox.Address}) for good? Its stored passwords go with it. To stop it for now, disable it instead.",
                yesText: "Delete", cancelText: "Cancel") != true)
        {
            return;
        }

        if (await Snackbar.RunAsync(() => Save.DeleteAsync(mailbox.Id, mailbox.Version), $"{mailbox.Name} deleted."))
        {
            await ReloadAsync();
        }
    }
}
