using Crm.Service.Contracts;
using Crm.Service.Features.Macros.SaveMacro;
using Crm.Ui.Feedback;
using Crm.Ui.Loading;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace Crm.Service.Features.Macros;

/// <summary>Every macro, deactivated ones last, to create, edit, deactivate and delete (Managers and Admins; each change confirmed where it takes something away).</summary>
public partial class MacrosPage
{
    private readonly PageLoad<IReadOnlyList<MacroView>> load = new();

    [Inject]
    private MacroQueries Queries { get; set; } = default!;

    [Inject]
    private SaveMacroHandler Save { get; set; } = default!;

    [Inject]
    private IDialogService Dialogs { get; set; } = default!;

    [Inject]
    private ISnackbar Snackbar { get; set; } = default!;

    private static string Placeholders => MacroInputValidator.KnownPlaceholders;

    protected override Task OnInitializedAsync() => ReloadAsync();

    private Task ReloadAsync() => load.RunAsync(() => Queries.ListAsync(includeInactive: true));

    private static string Shorten(string body) => body.Length == 0 ? "(no reply: actions only)" : body.Length <= 160 ? body : body[..159] + "…";

    private async Task EditAsync(MacroView? macro)
    {
        var dialog = await Dialogs.ShowAsync<MacroDialog>(macro is null ? "New macro" : $"Edit {macro.Name}",
            new DialogParameters<MacroDialog> { { d => d.Macro, macro } },
            new DialogOptions { MaxWidth = MaxWidth.Medium, FullWidth = true });
        if (await dialog.Result is { Canceled: false })
        {
            Snackbar.Done(macro is null ? "Macro created." : "Macro saved.");
            await ReloadAsync();
        }
    }

    private async Task SetActiveAsync(MacroView macro, bool active)
    {
        if (!active && await Dialogs.ShowMessageBoxAsync("Deactivate macro",
                $"Agents will no longer see or apply {macro.Name}. Replies it sent stay on their cases.",
                yesText: "Deactivate", cancelText: "Cancel") != true)
        {
            return;
        }

        if (await Snackbar.RunAsync(() => Save.SetActiveAsync(macro.Id, active, macro.Version), active ? $"{macro.Name} is active." : $"{macro.Name} is deactivated."))
        {
            await ReloadAsync();
        }
    }

    private async Task DeleteAsync(MacroView macro)
    {
        if (await Dialogs.ShowMessageBoxAsync("Delete macro",
                $"Delete {macro.Name} for good? Replies it sent stay on their cases. To keep it for later, deactivate it instead.",
                yesText: "Delete", cancelText: "Cancel") != true)
        {
            return;
        }

        if (await Snackbar.RunAsync(() => Save.DeleteAsync(macro.Id, macro.Version), $"{macro.Name} deleted."))
        {
            await ReloadAsync();
        }
    }
}
