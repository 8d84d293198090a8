using Crm.Kernel.Errors;
using Crm.Service.Contracts;
using Crm.Service.Features.Macros.SaveMacro;
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
            var result = Macro is { } macro ? await Handler.UpdateAsync(macro.Id, input, macro.Version) : await Handler.CreateAsync(input);
            errors = result.Validation;
            general = result.Message ?? errors.Errors.FirstOrDefault(e => !FieldsShown.Contains(e.Field))?.Message;
            if (result.Succeeded)
            {
                MudDialog.Close(DialogResult.Ok(result.Value));
            }
        }
        catch (Exception ex) when (ex is ForbiddenException or ConflictException or NotFoundException)
        {
            general = ex.Message;
        }
        finally
        {
            saving = false;
        }
    }
}
