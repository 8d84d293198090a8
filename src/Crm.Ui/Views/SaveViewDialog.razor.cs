using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;
using MudBlazor;

namespace Crm.Ui.Views;

/// <summary>Names a list's current filters (customers, cases) as a saved view; an existing name replaces that view.</summary>
public partial class SaveViewDialog
{
    [CascadingParameter]
    private IMudDialogInstance MudDialog { get; set; } = default!;

    [Parameter]
    public string Name { get; set; } = "";

    private void Save() => MudDialog.Close(DialogResult.Ok(Name));

    private void SaveOnEnter(KeyboardEventArgs args)
    {
        if (args.Key == "Enter" && !string.IsNullOrWhiteSpace(Name))
        {
            Save();
        }
    }
}
