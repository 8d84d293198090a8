using Crm.Kernel.Errors;
using MudBlazor;

namespace Crm.Ui.Feedback;

/// <summary>What a form dialog shows after a save that did not close it: the errors beside their fields and one general message.</summary>
public readonly record struct DialogSaveOutcome(OperationResult Errors, string? General);

/// <summary>
/// A form dialog's save: runs the command and closes the dialog with its value, or answers what to show: the field errors
/// (beside the fields in <c>fieldsShown</c>) and one general message (the command's message, else the first problem on no
/// shown field). A refusal, a conflict or a missing record becomes the general message, the field errors staying as they were.
/// </summary>
public static class DialogSave
{
    public static async Task<DialogSaveOutcome> RunAsync<T>(
        IMudDialogInstance dialog, Func<Task<CommandResult<T>>> save, IReadOnlyCollection<string> fieldsShown, OperationResult currentErrors)
    {
        try
        {
            var result = await save();
            if (result.Succeeded)
            {
                dialog.Close(DialogResult.Ok(result.Value));
            }

            return new(result.Validation, result.Message ?? result.Validation.Errors.FirstOrDefault(e => !fieldsShown.Contains(e.Field))?.Message);
        }
        catch (Exception ex) when (ex is ForbiddenException or ConflictException or NotFoundException)
        {
            return new(currentErrors, ex.Message);
        }
    }
}
