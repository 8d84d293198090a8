namespace Crm.Kernel.Errors;

/// <summary>How a command ended.</summary>
public enum CommandOutcome
{
    /// <summary>Carried out (or there was nothing to change).</summary>
    Done,

    /// <summary>A new record was stored.</summary>
    Created,

    /// <summary>A replay of a request carried out before: nothing changed; the stored record is the answer.</summary>
    Unchanged,

    /// <summary>Invalid fields (see <see cref="CommandResult{T}.Validation"/>): nothing changed.</summary>
    Invalid,

    /// <summary>The request clashes with stored data (see <see cref="CommandResult{T}.Message"/>): nothing changed.</summary>
    Conflict,
}

/// <summary>
/// The outcome of a command, the same for a page and for the API: its value, or the field problems or the clash that
/// stopped it. The API turns a failed one into problem details in one place (<c>ApiConventions.Failure</c>).
/// </summary>
public sealed record CommandResult<T>(CommandOutcome Outcome, T? Value, OperationResult Validation, string? Message = null)
{
    public bool Succeeded => Outcome is CommandOutcome.Done or CommandOutcome.Created or CommandOutcome.Unchanged;

    /// <summary>What a page shows for a command that did nothing: the clash, or the field problems; null when it succeeded.</summary>
    public string? Problem => Outcome switch
    {
        CommandOutcome.Conflict => Message ?? "The request clashes with stored data.",
        CommandOutcome.Invalid => Validation.ToString(),
        _ => null,
    };
}

/// <summary>Builds <see cref="CommandResult{T}"/>s.</summary>
public static class CommandResult
{
    public static CommandResult<T> Done<T>(T value) => new(CommandOutcome.Done, value, OperationResult.Success);

    public static CommandResult<T> Created<T>(T value) => new(CommandOutcome.Created, value, OperationResult.Success);

    public static CommandResult<T> Unchanged<T>(T value) => new(CommandOutcome.Unchanged, value, OperationResult.Success);

    public static CommandResult<T> Invalid<T>(OperationResult validation) => new(CommandOutcome.Invalid, default, validation);

    public static CommandResult<T> Conflict<T>(string message) => new(CommandOutcome.Conflict, default, OperationResult.Success, message);
}
