using Crm.Service.Contracts;
using Crm.Ui.Feedback;
using Crm.Ui.Loading;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace Crm.Service.Features.Telephony.PhoneSystems;

/// <summary>The telephone systems with their numbers and extensions; create, edit, make a new credential, deactivate (Managers and Admins).</summary>
public partial class PhoneSystemsPage
{
    private readonly PageLoad<IReadOnlyList<PhoneSystemDetails>> load = new();

    [Inject]
    private PhoneSystemQueries Queries { get; set; } = default!;

    [Inject]
    private SavePhoneSystemHandler Save { get; set; } = default!;

    [Inject]
    private IDialogService Dialogs { get; set; } = default!;

    [Inject]
    private ISnackbar Snackbar { get; set; } = default!;

    protected override Task OnInitializedAsync() => ReloadAsync();

    private Task ReloadAsync() => load.RunAsync(() => Queries.ListAsync());

    private async Task EditAsync(PhoneSystemDetails? system)
    {
        var dialog = await Dialogs.ShowAsync<PhoneSystemDialog>(system is null ? "New telephone system" : $"Edit {system.Name}",
            new DialogParameters<PhoneSystemDialog> { { d => d.System, system } },
            new DialogOptions { MaxWidth = MaxWidth.Medium, FullWidth = true });
        var result = await dialog.Result;
        if (result is { Canceled: false })
        {
            if (result.Data is PhoneSystemCredential credential)
            {
                await ShowCredentialAsync(credential);
            }
            else
            {
                Snackbar.Done("Telephone system saved.");
            }

            await ReloadAsync();
        }
    }

    private async Task NewCredentialAsync(PhoneSystemDetails system)
    {
        var what = system.Authentication == PhoneAuthentication.Token ? "token" : "signing secret";
        if (await Dialogs.ShowMessageBoxAsync($"New {what}", $"{system.Name}'s current {what} stops working at once: the telephone system must be given the new one.",
                yesText: $"Make a new {what}", cancelText: "Cancel") != true)
        {
            return;
        }

        PhoneSystemCredential? made = null;
        if (await Snackbar.RunAsync(async () =>
            {
                var result = await Save.NewCredentialAsync(system.Id, null, system.Version);
                made = result.Value;
                return result;
            }, $"New {what} made."))
        {
            await ShowCredentialAsync(made!);
            await ReloadAsync();
        }
    }

    private async Task ShowCredentialAsync(PhoneSystemCredential credential)
    {
        var dialog = await Dialogs.ShowAsync<CredentialDialog>($"Webhook of {credential.System.Name}",
            new DialogParameters<CredentialDialog> { { d => d.Credential, credential } },
            new DialogOptions { MaxWidth = MaxWidth.Medium, FullWidth = true, BackdropClick = false });
        await dialog.Result;
    }

    private async Task SetActiveAsync(PhoneSystemDetails system, bool active)
    {
        if (!active && await Dialogs.ShowMessageBoxAsync("Deactivate telephone system",
                $"{system.Name}'s calls will be refused from now on. The calls recorded so far stay in the call log.",
                yesText: "Deactivate", cancelText: "Cancel") != true)
        {
            return;
        }

        if (await Snackbar.RunAsync(() => Save.SetActiveAsync(system.Id, active, system.Version), active ? $"{system.Name} is active." : $"{system.Name} is deactivated."))
        {
            await ReloadAsync();
        }
    }
}
