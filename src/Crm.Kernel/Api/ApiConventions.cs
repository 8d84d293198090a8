using Crm.Kernel.Errors;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Net.Http.Headers;

namespace Crm.Kernel.Api;

/// <summary>Helpers every module's API uses the same way: ETags from versions, If-Match, problem responses.</summary>
public static class ApiConventions
{
    public static string ETagOf(Guid version) => $"\"{version:N}\"";

    /// <summary>
    /// The version named by <c>If-Match</c>: null when the header is missing; <see cref="IfMatch.Malformed"/> when it is no
    /// entity tag at all (not in double quotes); <see cref="IfMatch.Unusable"/> when it is one that can never match (a weak
    /// <c>W/"..."</c> tag, as RFC 9110 compares If-Match strongly, <c>*</c>, a list, or a tag that is not a version). The
    /// version may be in any format <see cref="Guid.TryParse(string?, out Guid)"/> reads: the ETag header sends the 32
    /// digits, a record's body its <c>version</c> with hyphens, and both name the same version.
    /// </summary>
    public static IfMatch? ReadIfMatch(HttpRequest request)
    {
        if (!request.Headers.TryGetValue(HeaderNames.IfMatch, out var values) || string.IsNullOrWhiteSpace(values.ToString()))
        {
            return null;
        }

        var header = values.ToString().Trim();
        if (header == "*" || header.StartsWith("W/\"", StringComparison.Ordinal))
        {
            return IfMatch.Unusable;
        }

        if (header.Length < 2 || header[0] != '"' || header[^1] != '"')
        {
            return IfMatch.Malformed;
        }

        return Guid.TryParse(header.AsSpan(1, header.Length - 2), out var version) ? new IfMatch(version) : IfMatch.Unusable;
    }

    /// <summary>
    /// The version sent in <c>If-Match</c>, or null when none was sent. Actions marked <see cref="IfMatchAttribute"/> get
    /// here only with a usable header (or none, where it is optional).
    /// </summary>
    public static Guid? IfMatchVersion(HttpRequest request) => ReadIfMatch(request)?.Version;

    /// <summary>The version an action marked <c>[IfMatch]</c> (required) was sent.</summary>
    public static Guid RequiredIfMatchVersion(HttpRequest request) => IfMatchVersion(request)
        ?? throw new InvalidOperationException("The action must be marked [IfMatch] to require the If-Match header.");

    public static ProblemResult PreconditionRequired() => Problem(StatusCodes.Status428PreconditionRequired,
        "Send If-Match with the ETag you got when you read the record, so a change made meanwhile by someone else is not overwritten.");

    public static ProblemResult PreconditionFailed(string detail) => Problem(StatusCodes.Status412PreconditionFailed, detail);

    /// <summary>
    /// The problem details of a command that did nothing: 400 naming each invalid field, 409 with the clash. Call only
    /// for a result that did not succeed.
    /// </summary>
    public static ProblemResult Failure<T>(CommandResult<T> result) => result.Outcome switch
    {
        CommandOutcome.Invalid => Validation(result.Validation),
        CommandOutcome.Conflict => Problem(StatusCodes.Status409Conflict, result.Message ?? "The request clashes with stored data."),
        _ => throw new ArgumentException($"A {result.Outcome} result is no failure.", nameof(result)),
    };

    public static ProblemResult Validation(OperationResult result) =>
        new(new ValidationProblemDetails(result.ToDictionary()) { Status = StatusCodes.Status400BadRequest, Title = "The request has invalid fields." });

    public static ProblemResult Problem(int status, string detail, IDictionary<string, object?>? extensions = null)
    {
        var problem = new ProblemDetails { Status = status, Detail = detail };
        foreach (var (key, value) in extensions ?? new Dictionary<string, object?>())
        {
            problem.Extensions[key] = value;
        }

        return new ProblemResult(problem);
    }
}

/// <summary>What an <c>If-Match</c> header named: one of our versions, something that can never match, or no entity tag at all.</summary>
public sealed record IfMatch(Guid? Version)
{
    public static readonly IfMatch Unusable = new((Guid?)null);

    /// <summary>A header that is no entity tag (say, a version without its double quotes): a bad request, not a stale one.</summary>
    public static readonly IfMatch Malformed = new((Guid?)null) { IsMalformed = true };

    public bool IsMalformed { get; private init; }
}
