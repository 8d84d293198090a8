using Crm.Kernel.Errors;
using Crm.Service.Contracts;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace Crm.Service.Features.Cases.SplitCase;

/// <summary>Splits a customer's message off a case into a new case with the subject given; closes with the new case's id.</summary>
public partial class SplitCaseDialog
{
    private string? subject;
    private string? subjectError;
    private string? problem;
    private bool saving;

    [Parameter]
    public long CaseId { get; set; }

    [Parameter]
    public long EntryId { get; set; }

    [Parameter]
    public string Message { get; set; } = "";

    [Parameter]
    public Guid Version { get; set; }

    [CascadingParameter]
    private IMudDialogInstance MudDialog { get; set; } = default!;

    [Inject]
    private SplitCaseHandler Split { get; set; } = default!;

    private void Cancel() => MudDialog.Cancel();

    private async Task SplitAsync()
    {
        saving = true;
        (problem, subjectError) = (null, null);
        try
        {
            var result = await Split.SplitAsync(CaseId, new CaseSplitInput(EntryId, subject ?? ""), Version);
            if (result.Succeeded)
            {
                MudDialog.Close(DialogResult.Ok(result.Value));
            }
            else if (result.Validation.Errors.FirstOrDefault(e => e.Field == nameof(CaseSplitInput.Subject)) is { } invalidSubject)
            {
                subjectError = invalidSubject.Message;
            }
            else
            {
                problem = result.Problem;
            }
        }
        catch (Exception ex) when (ex is ConflictException or NotFoundException or ForbiddenException)
        {
            problem = ex.Message;
        }
        finally
        {
            saving = false;
        }
    }
}
