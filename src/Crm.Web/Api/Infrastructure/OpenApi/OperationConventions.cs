using System.Text.RegularExpressions;
using Crm.Kernel.Api;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Mvc.ApiExplorer;
using Microsoft.AspNetCore.Mvc.Controllers;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Crm.Web.Api.Infrastructure.OpenApi;

/// <summary>
/// Makes each operation of the document say what the server does around the action itself: its id and a one-line
/// summary, the credentials it takes, the headers the API's filters read and write (Idempotency-Key, If-Match, ETag,
/// Location, Retry-After), and the errors that the pipeline can answer before or after the action (401, 403, 429, 400 for
/// unreadable input, 404 for an unknown id), all as <c>application/problem+json</c>.
/// </summary>
internal sealed partial class OperationConventions : IOpenApiOperationTransformer
{
    public async Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        var description = context.Description;
        var metadata = description.ActionDescriptor.EndpointMetadata;
        if (description.ActionDescriptor is ControllerActionDescriptor action)
        {
            operation.OperationId = $"{action.ControllerName}_{action.ActionName}";
        }

        SplitSummary(operation);
        operation.Responses ??= [];
        var deprecated = metadata.OfType<ObsoleteAttribute>().Any();
        if (deprecated)
        {
            operation.Deprecated = true;
        }

        // An action that reads its body itself (a web form) names the body's shape with [Consumes(typeof(...), ...)].
        if (operation.RequestBody is null && metadata.OfType<IAcceptsMetadata>().FirstOrDefault(a => a.RequestType is not null) is { } accepts)
        {
            var type = accepts.RequestType!;
            context.Document!.AddComponent(type.Name, await context.GetOrCreateSchemaAsync(type, cancellationToken: cancellationToken));
            operation.RequestBody = new OpenApiRequestBody
            {
                Required = !accepts.IsOptional,
                Content = accepts.ContentTypes.ToDictionary(
                    contentType => contentType, _ => new OpenApiMediaType { Schema = new OpenApiSchemaReference(type.Name, context.Document) }),
            };
        }

        var authorize = metadata.OfType<IAuthorizeData>().ToList();
        if (authorize.Count == 0 || metadata.OfType<IAllowAnonymous>().Any())
        {
            // Public: an empty requirement says so explicitly.
            operation.Security = [new OpenApiSecurityRequirement()];
        }
        else
        {
            operation.Security =
            [
                new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(ApiDocument.ApiKeyScheme, context.Document)] = [] },
                new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(ApiDocument.CookieScheme, context.Document)] = [] },
            ];
            AddError(operation, 401, "No valid credentials: send an API key in X-Api-Key (or sign in).");
            if (authorize.Any(a => !string.IsNullOrEmpty(a.Roles) || !string.IsNullOrEmpty(a.Policy)))
            {
                AddError(operation, 403, "The caller's role does not allow this.");
            }
        }

        var tooMany = AddError(operation, 429, "Too many requests from this caller: wait for the seconds in Retry-After.");
        AddHeader(tooMany, "Retry-After", "Seconds to wait before the next request.", JsonSchemaType.Integer);

        if (operation.RequestBody is not null || description.ParameterDescriptions.Any(p => p.Source == BindingSource.Query || p.Source == BindingSource.Body))
        {
            AddError(operation, 400, "Invalid input: the fields are named in `errors` where they can be.");
        }

        if (description.ParameterDescriptions.Any(p => p.Source == BindingSource.Path))
        {
            AddError(operation, 404, "There is no such record (or the path does not name one).");
        }

        if (metadata.OfType<IdempotentAttribute>().Any())
        {
            AddParameter(operation, IdempotentAttribute.HeaderName, required: false,
                "A key of your choice (at most 200 characters) that makes a retry safe: a repeat with the same key and body gets the first answer again (with `Idempotent-Replayed: true`) and changes nothing; the same key with another body is a 409.");
            AddError(operation, 409, "Conflict, including an Idempotency-Key used before with another body or still in progress.");
            foreach (var success in Successes(operation))
            {
                AddHeader(success, "Idempotent-Replayed", "`true` when this is the stored answer to an earlier request with the same Idempotency-Key.", JsonSchemaType.String);
            }
        }

        if (metadata.OfType<IfMatchAttribute>().FirstOrDefault() is { } ifMatch)
        {
            AddParameter(operation, "If-Match", ifMatch.Required,
                "The ETag from your last read of the record, as received, or the record's `version` in double quotes (the same version). " +
                (ifMatch.Required ? "Required: without it the answer is 428." : "Optional: with it, a change made meanwhile is refused with 412.") +
                " A value that is no entity tag (not in double quotes) is a 400.");
            // Where the operation reads input, its 400 stays the input's (the parameter's description names this case).
            AddError(operation, 400, "If-Match is no entity tag: send the ETag in double quotes.");
            AddError(operation, 412, "The record changed since the ETag in If-Match was read (or If-Match is a weak ETag, `*` or not one of our ETags): read it again and retry.");
            if (ifMatch.Required)
            {
                AddError(operation, 428, "If-Match is missing.");
            }
        }

        foreach (var (status, response) in operation.Responses)
        {
            if (response is not OpenApiResponse concrete || !int.TryParse(status, out var code))
            {
                continue;
            }

            if (code >= 400)
            {
                concrete.Content = new Dictionary<string, OpenApiMediaType>
                {
                    [ApiDocument.ProblemContentType] = new() { Schema = new OpenApiSchemaReference(ApiDocument.ProblemSchema, context.Document) },
                };
                if (string.IsNullOrEmpty(concrete.Description) || concrete.Description == ReasonPhrase(code))
                {
                    concrete.Description = DefaultErrorDescription(code);
                }
            }
            else if (code == 201)
            {
                AddHeader(concrete, "Location", "The address of the created record.", JsonSchemaType.String);
            }

            if (code is >= 200 and < 300 && ReturnsVersionedRecord(description, code))
            {
                AddHeader(concrete, "ETag", "The record's version, to send back in If-Match on the next change.", JsonSchemaType.String);
            }

            if (code is >= 200 and < 300 && deprecated)
            {
                AddHeader(concrete, "Deprecation", "When this path was deprecated (RFC 9745).", JsonSchemaType.String);
                AddHeader(concrete, "Sunset", "When this path will be removed (RFC 8594).", JsonSchemaType.String);
                AddHeader(concrete, "Link", "The path that replaces this one (rel=\"successor-version\").", JsonSchemaType.String);
            }
        }

        // Answers in status order, as a reader scans them.
        var ordered = operation.Responses.OrderBy(r => r.Key, StringComparer.Ordinal).ToList();
        operation.Responses.Clear();
        foreach (var (status, response) in ordered)
        {
            operation.Responses[status] = response;
        }

    }

    /// <summary>The XML summary becomes the description; its first sentence (or clause) the one-line summary.</summary>
    private static void SplitSummary(OpenApiOperation operation)
    {
        var text = Whitespace().Replace(operation.Summary ?? operation.Description ?? "", " ").Trim();
        if (text.Length == 0)
        {
            return;
        }

        var sentence = FirstSentence().Match(text);
        var summary = (sentence.Success ? sentence.Groups["sentence"].Value : text).TrimEnd('.');
        if (summary.Length > 100)
        {
            var cut = summary.IndexOfAny([':', ';', '(']);
            summary = cut > 10 ? summary[..cut].TrimEnd() : summary[..summary.LastIndexOf(' ', 97)] + "...";
        }

        operation.Summary = summary;
        if (string.IsNullOrEmpty(operation.Description) && !string.Equals(summary, text.TrimEnd('.'), StringComparison.Ordinal))
        {
            operation.Description = text;
        }
    }

    private static bool ReturnsVersionedRecord(ApiDescription description, int status) =>
        description.SupportedResponseTypes.Any(r => r.StatusCode == status && r.Type is { } type && typeof(IVersioned).IsAssignableFrom(type));

    private static IEnumerable<OpenApiResponse> Successes(OpenApiOperation operation) =>
        operation.Responses!.Where(r => r.Key.StartsWith('2')).Select(r => r.Value).OfType<OpenApiResponse>();

    private static OpenApiResponse AddError(OpenApiOperation operation, int status, string description)
    {
        var key = status.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (operation.Responses!.TryGetValue(key, out var existing) && existing is OpenApiResponse concrete)
        {
            return concrete;
        }

        var response = new OpenApiResponse { Description = description };
        operation.Responses[key] = response;
        return response;
    }

    private static void AddParameter(OpenApiOperation operation, string name, bool required, string description)
    {
        operation.Parameters ??= [];
        if (operation.Parameters.Any(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase)))
        {
            return;
        }

        operation.Parameters.Add(new OpenApiParameter
        {
            Name = name,
            In = ParameterLocation.Header,
            Required = required,
            Description = description,
            Schema = new OpenApiSchema { Type = JsonSchemaType.String },
        });
    }

    private static void AddHeader(OpenApiResponse response, string name, string description, JsonSchemaType type)
    {
        response.Headers ??= new Dictionary<string, IOpenApiHeader>();
        response.Headers.TryAdd(name, new OpenApiHeader { Description = description, Schema = new OpenApiSchema { Type = type } });
    }

    private static string ReasonPhrase(int status) => Microsoft.AspNetCore.WebUtilities.ReasonPhrases.GetReasonPhrase(status);

    private static string DefaultErrorDescription(int status) => status switch
    {
        400 => "Invalid input: the fields are named in `errors` where they can be.",
        403 => "The caller's role, or their ownership of the record, does not allow this.",
        404 => "There is no such record.",
        409 => "The request conflicts with the current state (the detail says how).",
        _ => ReasonPhrase(status),
    };

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();

    // Up to the first full stop that ends a sentence (not one inside "e.g." or a number such as "1.5").
    [GeneratedRegex(@"^(?<sentence>.+?\.)(?=\s+[A-Z`(]|$)")]
    private static partial Regex FirstSentence();
}
