using Crm.Kernel.Errors;
using Crm.Service.Contracts;
using Crm.Service.Features.Macros.SaveMacro;
using Crm.Ui.Feedback;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace Crm.Service.Features.Macros;

/// <summary>The macro form; closes when the macro is saved. Field problems (an unknown placeholder) are shown next to their fields.</summary>
public partial class MacroDialog
{
    private static readonly string[] FieldsShown = [nameof(MacroInput.Name), nameof(MacroInput.Body), nameof(MacroInput.SetStatus), nameof(MacroInput.SetPriority), nameof(MacroInput.AddTag)];
    private string? name;
    private string? body;
    private CaseStatus? setStatus;
    private CasePriority? setPriority;
    private string? addTag;
    private bool saving;
    private string? general;
    private OperationResult errors = OperationResult.Success;

    /// <summary>The macro to edit; null for a new one.</summary>
    [Parameter]
    public MacroView? Macro { get; set; }

    [CascadingParameter]
    private IMudDialogInstance MudDialog { get; set; } = default!;

    [Inject]
    private SaveMacroHandler Handler { get; set; } = default!;

    private static string Placeholders => MacroInputValidator.KnownPlaceholders;

    protected override void OnInitialized()
    {
        if (Macro is { } macro)
        {
            (name, body, setStatus, setPriority, addTag) = (macro.Name, macro.Body, macro.SetStatus, macro.SetPriority, macro.AddTag);
        }
    }

    private void Cancel() => MudDialog.Cancel();

    private async Task SaveAsync()
    {
        saving = true;
        general = null;
        try
        {
            var input = new MacroInput(name, body, setStatus, setPriority, addTag);
            var outcome = await DialogSave.RunAsync(MudDialog,
                () => Macro is { } macro ? Handler.UpdateAsync(macro.Id, input, macro.Version) : Handler.CreateAsync(input), FieldsShown, errors);
            (errors, general) = outcome;
        }
        finally
        {
            saving = false;
        }
    }
}
