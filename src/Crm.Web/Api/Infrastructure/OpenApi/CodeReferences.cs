using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Crm.Web.Api.Infrastructure.OpenApi;

/// <summary>
/// The XML comment generator writes a <c>&lt;see cref="..."/&gt;</c> to a member as C# ("string? CaseInput.Description",
/// "Guid CaseDetails.Version"); a client reads JSON, so every description names the member as its JSON property
/// (<c>`description`</c>, <c>`version`</c>).
/// </summary>
internal static partial class CodeReferences
{
    public static Task RewriteAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        foreach (var operation in (document.Paths ?? []).Values.SelectMany(p => (IEnumerable<OpenApiOperation>?)p.Operations?.Values ?? []))
        {
            operation.Summary = Rewrite(operation.Summary);
            operation.Description = Rewrite(operation.Description);
            foreach (var parameter in (operation.Parameters ?? []).OfType<IOpenApiDescribedElement>())
            {
                parameter.Description = Rewrite(parameter.Description);
            }

            if (operation.RequestBody is IOpenApiDescribedElement body)
            {
                body.Description = Rewrite(body.Description);
            }

            foreach (var response in (operation.Responses ?? []).Values.OfType<IOpenApiDescribedElement>())
            {
                response.Description = Rewrite(response.Description);
            }
        }

        foreach (var schema in (document.Components?.Schemas ?? new Dictionary<string, IOpenApiSchema>()).Values)
        {
            RewriteSchema(schema, depth: 0);
        }

        return Task.CompletedTask;
    }

    /// <summary>The text with each C# member reference replaced by the member's JSON name in backticks.</summary>
    public static string? Rewrite(string? text) =>
        text is null ? null : MemberReference().Replace(text, m => $"`{JsonNamingPolicy.CamelCase.ConvertName(m.Groups["member"].Value)}`");

    private static void RewriteSchema(IOpenApiSchema schema, int depth)
    {
        // A reference shows the referenced schema's text (rewritten where that schema is) unless it has its own.
        if (schema is OpenApiSchemaReference { Reference.Description: { } own } reference)
        {
            reference.Reference.Description = Rewrite(own);
        }

        if (schema is not OpenApiSchema concrete || depth > 8)
        {
            return;
        }

        concrete.Description = Rewrite(concrete.Description);
        foreach (var property in (concrete.Properties ?? new Dictionary<string, IOpenApiSchema>()).Values)
        {
            RewriteSchema(property, depth + 1);
        }

        foreach (var part in (concrete.AllOf ?? []).Concat(concrete.OneOf ?? []).Concat(concrete.AnyOf ?? []).Append(concrete.Items))
        {
            if (part is not null)
            {
                RewriteSchema(part, depth + 1);
            }
        }
    }

    // "<type> <Owner>.<Member>": the type a keyword or a capitalised name (generic, its brackets as written or escaped as
    // the generator does, array or nullable), then the owner type and the member, both capitalised. Prose never writes
    // "Owner.Member" without a space after the dot.
    [GeneratedRegex(@"\b(?:string|int|long|short|byte|bool|decimal|double|float|object|[A-Z]\w*(?:<[\w<>?, ]+>|&lt;[\w?, ]+(?:&lt;[\w?, ]+&gt;)?&gt;)?)(?:\[\])?\?? [A-Z]\w*\.(?<member>[A-Z]\w*)\b")]
    private static partial Regex MemberReference();
}
