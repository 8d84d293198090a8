using System.Reflection;
using System.Text.RegularExpressions;
using Crm.Kernel.Api;
using Crm.Kernel.Errors;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ModelBinding;

namespace Crm.Web.Api.Infrastructure;

/// <summary>
/// The 400 for input MVC could not read or bind (JSON that does not parse or convert, a missing field, a query value of the
/// wrong type), shaped as the handlers' own validation problems (<see cref="ApiConventions.Validation"/>): the same title,
/// fields named as in the JSON body, and plain sentences instead of the serializer's, which name .NET types.
/// </summary>
internal static partial class InvalidInputProblem
{
    public static IActionResult Create(ActionContext context)
    {
        var bodyParameters = context.ActionDescriptor.Parameters.Where(p => p.BindingInfo?.BindingSource == BindingSource.Body).ToList();
        var bodyType = bodyParameters.FirstOrDefault()?.ParameterType;
        // When the body did not read, its parameter is also "required": that error says nothing the body's own does not.
        var bodyUnreadable = context.ModelState.Any(e => e.Key.Length == 0 || e.Key.StartsWith('$'));
        var errors = new List<ValidationError>();
        foreach (var (key, entry) in context.ModelState)
        {
            if (entry.ValidationState != ModelValidationState.Invalid
                || (bodyUnreadable && bodyParameters.Any(p => string.Equals(p.Name, key, StringComparison.OrdinalIgnoreCase))))
            {
                continue;
            }

            foreach (var error in entry.Errors)
            {
                errors.Add(key.StartsWith('$') ? JsonError(key, error.ErrorMessage, bodyType) : BindingError(key, error.ErrorMessage));
            }
        }

        return ApiConventions.Validation(new OperationResult(errors));
    }

    private static ValidationError BindingError(string key, string message) =>
        FieldRequired().IsMatch(message)
            ? new ValidationError(key, $"'{OperationResult.JsonPath(key)}' is required.")
            : new ValidationError(key, message.Length > 0 ? message : "The value is not valid.");

    // The serializer's message names the target type ("could not be converted to System.Nullable`1[...CasePriority]")
    // and its reader position; the key is the JSON path ("$.priority", "$" for the whole body).
    private static ValidationError JsonError(string key, string message, Type? bodyType)
    {
        var field = key.StartsWith("$.", StringComparison.Ordinal) ? key[2..] : key.TrimStart('$');
        if (!message.StartsWith("The JSON value could not be converted", StringComparison.Ordinal))
        {
            var position = ReaderPosition().Match(message);
            return new ValidationError(field, position.Success
                ? $"The request body is not valid JSON (line {Counted(position.Groups["line"].Value)}, byte {Counted(position.Groups["byte"].Value)})."
                : "The request body is not valid JSON.");
        }

        if (field.Length == 0)
        {
            return new ValidationError(field, "The request body is not the JSON object this call takes.");
        }

        var type = bodyType is null ? null : MemberType(bodyType, field);
        return new ValidationError(field, type switch
        {
            { IsEnum: true } => $"'{field}' has a value that is not valid: use one of {string.Join(", ", Enum.GetNames(type))}.",
            _ when type is not null && IsNumber(type) => $"'{field}' has a value that is not valid: use a JSON number.",
            _ => $"'{field}' has a value that is not valid.",
        });
    }

    // The type of the member at a JSON path such as "lines[0].quantity" (names compare ignoring case, as the API's JSON does).
    private static Type? MemberType(Type type, string path)
    {
        Type? current = type;
        foreach (var segment in path.Split('.'))
        {
            var bracket = segment.IndexOf('[', StringComparison.Ordinal);
            var name = bracket < 0 ? segment : segment[..bracket];
            if (name.Length > 0)
            {
                current = current?.GetProperty(name, BindingFlags.Public | BindingFlags.Instance | BindingFlags.IgnoreCase)?.PropertyType;
            }

            if (bracket >= 0)
            {
                current = current is null ? null : ElementType(current);
            }
        }

        return current is null ? null : Nullable.GetUnderlyingType(current) ?? current;
    }

    private static Type? ElementType(Type type) => type.IsArray
        ? type.GetElementType()
        : type.GetInterfaces().Append(type).FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IEnumerable<>))?.GetGenericArguments()[0];

    // The reader counts lines and bytes from 0; people count from 1.
    private static int Counted(string fromZero) => int.Parse(fromZero, System.Globalization.CultureInfo.InvariantCulture) + 1;

    private static bool IsNumber(Type type) => Type.GetTypeCode(type) is >= TypeCode.SByte and <= TypeCode.Decimal;

    [GeneratedRegex(@"^The \S+ field is required\.$")]
    private static partial Regex FieldRequired();

    [GeneratedRegex(@"LineNumber: (?<line>\d+) \| BytePositionInLine: (?<byte>\d+)")]
    private static partial Regex ReaderPosition();
}
