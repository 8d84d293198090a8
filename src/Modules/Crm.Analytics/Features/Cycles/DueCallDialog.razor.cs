using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace Crm.Analytics.Features.Cycles;

/// <summary>Logs a due-to-buy-again call with an outcome note; Cancel logs nothing.</summary>
public partial class DueCallDialog
{
    [CascadingParameter]
    private IMudDialogInstance MudDialog { get; set; } = default!;

    [Parameter]
    public string CustomerName { get; set; } = "";

    [Parameter]
    public string Outcome { get; set; } = "";

    private void Save() => MudDialog.Close(DialogResult.Ok(Outcome.Trim()));
}
