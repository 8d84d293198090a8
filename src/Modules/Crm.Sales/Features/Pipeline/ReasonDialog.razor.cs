using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;
using MudBlazor;

namespace Crm.Sales.Features.Pipeline;

/// <summary>Asks for a reason (closing an opportunity as won or lost, disqualifying a lead); Cancel changes nothing.</summary>
public partial class ReasonDialog
{
    [CascadingParameter]
    private IMudDialogInstance MudDialog { get; set; } = default!;

    [Parameter]
    public string Prompt { get; set; } = "";

    [Parameter]
    public string OkText { get; set; } = "OK";

    [Parameter]
    public string Reason { get; set; } = "";

    private void Save() => MudDialog.Close(DialogResult.Ok(Reason.Trim()));

    private void SaveOnEnter(KeyboardEventArgs args)
    {
        if (args.Key == "Enter" && !args.ShiftKey && !string.IsNullOrWhiteSpace(Reason))
        {
            Save();
        }
    }
}
