using Crm.Kernel.Errors;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Net.Http.Headers;

namespace Crm.Kernel.Api;

/// <summary>Helpers every module's API uses the same way: ETags from versions, If-Match, validation problems.</summary>
public static class ApiConventions
{
    public static string ETagOf(Guid version) => $"\"{version:N}\"";

    /// <summary>The version named by <c>If-Match</c>, or null when the header is missing or unreadable.</summary>
    public static Guid? IfMatchVersion(HttpRequest request)
    {
        var header = request.Headers[HeaderNames.IfMatch].ToString().Trim();
        if (header.StartsWith("W/", StringComparison.Ordinal))
        {
            header = header[2..];
        }

        return Guid.TryParse(header.Trim('"'), out var version) ? version : null;
    }

    public static ObjectResult PreconditionRequired() => Problem(StatusCodes.Status428PreconditionRequired,
        "Send If-Match with the ETag you got when you read the record, so a change made meanwhile by someone else is not overwritten.");

    public static ObjectResult PreconditionFailed(string detail) => Problem(StatusCodes.Status412PreconditionFailed, detail);

    public static ObjectResult Validation(OperationResult result) =>
        new(new ValidationProblemDetails(result.ToDictionary()) { Status = StatusCodes.Status400BadRequest, Title = "The request has invalid fields." })
        {
            StatusCode = StatusCodes.Status400BadRequest,
            ContentTypes = { "application/problem+json" },
        };

    public static ObjectResult Problem(int status, string detail, IDictionary<string, object?>? extensions = null)
    {
        var problem = new ProblemDetails { Status = status, Detail = detail };
        foreach (var (key, value) in extensions ?? new Dictionary<string, object?>())
        {
            problem.Extensions[key] = value;
        }

        return new ObjectResult(problem) { StatusCode = status, ContentTypes = { "application/problem+json" } };
    }
}
