using Crm.Kernel.Errors;
using Crm.Service.Contracts;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace Crm.Service.Features.Cases.EditCase;

/// <summary>Edits the case as the page showed it (its version); closes with true when something changed.</summary>
public partial class EditCaseDialog
{
    private static readonly HashSet<string> FieldsShown = ["Subject", "Category", "Tags", "OrderId", "ProductCode"];

    private string? subject;
    private string? category;
    private CasePriority priority;
    private string? tags;
    private long? orderId;
    private string? productCode;
    private OperationResult errors = OperationResult.Success;
    private string? general;
    private bool saving;

    [Parameter]
    [EditorRequired]
    public CaseDetails Case { get; set; } = default!;

    [CascadingParameter]
    private IMudDialogInstance MudDialog { get; set; } = default!;

    [Inject]
    private EditCaseHandler Edit { get; set; } = default!;

    protected override void OnInitialized() =>
        (subject, category, priority, tags, orderId, productCode) =
            (Case.Subject, Case.Category, Case.Priority, string.Join(", ", Case.Tags), Case.OrderId, Case.ProductCode);

    private void Cancel() => MudDialog.Cancel();

    private async Task SaveAsync()
    {
        saving = true;
        general = null;
        try
        {
            var input = new CaseUpdateInput(subject, priority,
                [.. (tags ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)])
            {
                Category = category, OrderId = orderId, ProductCode = productCode,
            };
            var result = await Edit.EditAsync(Case.Id, input, Case.Version);
            errors = result.Validation;
            general = result.Message ?? errors.Errors.FirstOrDefault(e => !FieldsShown.Any(f => e.Field == f || e.Field.StartsWith(f + "[", StringComparison.Ordinal)))?.Message;
            if (result.Succeeded)
            {
                MudDialog.Close(DialogResult.Ok(result.Outcome != CommandOutcome.Unchanged));
            }
        }
        catch (Exception ex) when (ex is ConflictException or NotFoundException or ForbiddenException)
        {
            general = ex.Message;
        }
        finally
        {
            saving = false;
        }
    }
}
