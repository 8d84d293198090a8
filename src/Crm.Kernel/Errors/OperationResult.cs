namespace Crm.Kernel.Errors;

/// <summary>One problem with a request, named by the field it concerns (empty for the request as a whole).</summary>
public sealed record ValidationError(string Field, string Message);

/// <summary>The outcome of a command: success, or the problems that stopped it (nothing was changed then).</summary>
public sealed record OperationResult(IReadOnlyList<ValidationError> Errors)
{
    public static OperationResult Success { get; } = new([]);

    public bool Succeeded => Errors.Count == 0;

    public static OperationResult Failure(string field, string message) => new([new ValidationError(field, message)]);

    /// <summary>Whether a problem names <paramref name="field"/> or one of its items (<c>field[2]</c>): a form marks that input.</summary>
    public bool HasErrorOn(string field) => Errors.Any(e => IsAbout(e, field));

    /// <summary>The messages about <paramref name="field"/> and its items, one after another; null when there are none.</summary>
    public string? MessagesOn(string field) =>
        string.Join(" ", Errors.Where(e => IsAbout(e, field)).Select(e => e.Message)) is { Length: > 0 } text ? text : null;

    private static bool IsAbout(ValidationError error, string field) =>
        error.Field == field || error.Field.StartsWith(field + "[", StringComparison.Ordinal);

    public static OperationResult From(FluentValidation.Results.ValidationResult validation) =>
        new([.. validation.Errors.Select(e => new ValidationError(e.PropertyName, e.ErrorMessage))]);

    /// <summary>
    /// Errors grouped by field, the shape of <c>ValidationProblemDetails.Errors</c>, each field named as in the JSON body
    /// (<c>Lines[1].Quantity</c> becomes <c>lines[1].quantity</c>).
    /// </summary>
    public IDictionary<string, string[]> ToDictionary() =>
        Errors.GroupBy(e => JsonPath(e.Field)).ToDictionary(g => g.Key, g => g.Select(e => e.Message).ToArray());

    /// <summary>A field as the JSON body names it: <c>Lines[1].Quantity</c> is <c>lines[1].quantity</c>.</summary>
    public static string JsonPath(string field) =>
        string.Join('.', field.Split('.').Select(segment => segment.Length > 0 && char.IsUpper(segment[0])
            ? System.Text.Json.JsonNamingPolicy.CamelCase.ConvertName(segment)
            : segment));

    public override string ToString() => string.Join(Environment.NewLine, Errors.Select(e =>
        string.IsNullOrEmpty(e.Field) ? e.Message : $"{e.Field}: {e.Message}"));
}
