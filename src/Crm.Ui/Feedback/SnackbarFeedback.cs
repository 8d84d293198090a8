using Crm.Kernel.Errors;
using MudBlazor;

namespace Crm.Ui.Feedback;

/// <summary>
/// What a page says in the snackbar after a command: the success text, or why it did not happen. A clash with stored data
/// (conflict) is a warning, since reloading and trying again helps; invalid input, a refusal or a missing record is an error.
/// Exceptions other than the kernel's errors and FluentValidation's are faults and are not caught.
/// </summary>
public static class SnackbarFeedback
{
    /// <summary>Reports a command that succeeded.</summary>
    public static void Done(this ISnackbar snackbar, string message)
    {
        ArgumentNullException.ThrowIfNull(snackbar);
        snackbar.Add(message, Severity.Success);
    }

    /// <summary>Reports why a command did not happen.</summary>
    public static void Refused(this ISnackbar snackbar, string message, bool conflict = false)
    {
        ArgumentNullException.ThrowIfNull(snackbar);
        snackbar.Add(message, conflict ? Severity.Warning : Severity.Error);
    }

    /// <summary>Runs a command that throws when refused; reports <paramref name="success"/> or the reason. True when it succeeded.</summary>
    public static Task<bool> RunAsync(this ISnackbar snackbar, Func<Task> action, string success) =>
        snackbar.RunAsync(async () =>
        {
            await action();
            return OperationResult.Success;
        }, success);

    /// <summary>Runs a command that answers with an <see cref="OperationResult"/>; reports <paramref name="success"/> or its problems.</summary>
    public static async Task<bool> RunAsync(this ISnackbar snackbar, Func<Task<OperationResult>> action, string success)
    {
        ArgumentNullException.ThrowIfNull(snackbar);
        ArgumentNullException.ThrowIfNull(action);
        try
        {
            return snackbar.Report(await action(), success);
        }
        catch (Exception ex) when (Reason(ex) is { } reason)
        {
            snackbar.Refused(reason, ex is ConflictException);
            return false;
        }
    }

    /// <summary>Runs a command that answers with a <see cref="CommandResult{T}"/>; reports <paramref name="success"/> or why not.</summary>
    public static async Task<bool> RunAsync<T>(this ISnackbar snackbar, Func<Task<CommandResult<T>>> action, string success)
    {
        ArgumentNullException.ThrowIfNull(snackbar);
        ArgumentNullException.ThrowIfNull(action);
        try
        {
            return snackbar.Report(await action(), success);
        }
        catch (Exception ex) when (Reason(ex) is { } reason)
        {
            snackbar.Refused(reason, ex is ConflictException);
            return false;
        }
    }

    /// <summary>
    /// Runs a command like <see cref="RunAsync{T}(ISnackbar, Func{Task{CommandResult{T}}}, string)"/>, except that invalid input
    /// goes to <paramref name="invalid"/> (the page shows it at its field) when given, instead of the snackbar.
    /// </summary>
    public static async Task<bool> RunAsync<T>(
        this ISnackbar snackbar, Func<Task<CommandResult<T>>> action, string success, Action<CommandResult<T>>? invalid)
    {
        ArgumentNullException.ThrowIfNull(snackbar);
        ArgumentNullException.ThrowIfNull(action);
        try
        {
            var result = await action();
            if (result.Outcome == CommandOutcome.Invalid && invalid is not null)
            {
                invalid(result);
                return false;
            }

            return snackbar.Report(result, success);
        }
        catch (Exception ex) when (Reason(ex) is { } reason)
        {
            snackbar.Refused(reason, ex is ConflictException);
            return false;
        }
    }

    /// <summary>Reports an <see cref="OperationResult"/>: <paramref name="success"/>, or its problems as an error.</summary>
    public static bool Report(this ISnackbar snackbar, OperationResult result, string success)
    {
        ArgumentNullException.ThrowIfNull(result);
        if (result.Succeeded)
        {
            snackbar.Done(success);
            return true;
        }

        snackbar.Refused(string.Join(" ", result.Errors.Select(e => e.Message)));
        return false;
    }

    /// <summary>Reports a <see cref="CommandResult{T}"/>: <paramref name="success"/>, its clash as a warning or its problems as an error.</summary>
    public static bool Report<T>(this ISnackbar snackbar, CommandResult<T> result, string success)
    {
        ArgumentNullException.ThrowIfNull(result);
        if (result.Succeeded)
        {
            snackbar.Done(success);
            return true;
        }

        if (result.Outcome == CommandOutcome.Conflict)
        {
            snackbar.Refused(result.Message ?? "The record changed meanwhile: reload and try again.", conflict: true);
            return false;
        }

        return snackbar.Report(result.Validation, success);
    }

    private static string? Reason(Exception ex) => ex switch
    {
        ConflictException or ForbiddenException or NotFoundException => ex.Message,
        FluentValidation.ValidationException validation => validation.Errors.Any()
            ? string.Join(" ", validation.Errors.Select(e => e.ErrorMessage))
            : validation.Message,
        _ => null,
    };
}
