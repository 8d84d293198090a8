using System.Text.Json.Nodes;
using Crm.Contacts.Contracts;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Crm.Web.Api.Infrastructure.OpenApi;

/// <summary>
/// The OpenAPI document at <c>/openapi/v1.json</c>, shaped so that generated clients (Kiota, openapi-typescript) can
/// trust it: enums as strings with their values, numbers as numbers and money as decimals, the API-key scheme, one
/// problem-details schema for every error, and the headers the API reads and writes (see <see cref="OperationConventions"/>).
/// </summary>
internal static class ApiDocument
{
    public const string ApiKeyScheme = "ApiKey";
    public const string CookieScheme = "Cookie";
    public const string ProblemSchema = "ProblemDetails";
    public const string ProblemContentType = "application/problem+json";

    public static OpenApiOptions AddCrmConventions(this OpenApiOptions options)
    {
        options.AddSchemaTransformer(DecimalAsDecimal);
        options.AddSchemaTransformer(EnumsAsStrings);
        options.AddOperationTransformer<OperationConventions>();
        options.AddDocumentTransformer(DescribeAsync);
        options.AddDocumentTransformer(CodeReferences.RewriteAsync);
        return options;
    }

    // System.Text.Json writes decimals exactly, as JSON numbers; "decimal" tells generators to read them into a decimal
    // type instead of a binary double, so amounts such as 0.10 survive the round trip.
    private static Task DecimalAsDecimal(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken cancellationToken)
    {
        if (context.JsonTypeInfo.Type == typeof(decimal) || context.JsonTypeInfo.Type == typeof(decimal?))
        {
            schema.Format = "decimal";
        }

        return Task.CompletedTask;
    }

    // Enums are written by name (ApiJson); the generated schema lists the names but leaves out their type. An enum first met
    // as a nullable property (e.g. an optional criterion) also lists null: the shared schema is the enum's names only, as
    // for every other enum (an optional property may be absent or null whatever its schema).
    private static Task EnumsAsStrings(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken cancellationToken)
    {
        if (schema.Enum is { Count: > 0 } values && schema.Type is null
            && values.All(v => v is null || v.GetValueKind() is System.Text.Json.JsonValueKind.String or System.Text.Json.JsonValueKind.Null)
            && values.Any(v => v?.GetValueKind() == System.Text.Json.JsonValueKind.String))
        {
            schema.Enum = [.. values.Where(v => v?.GetValueKind() == System.Text.Json.JsonValueKind.String)];
            schema.Type = JsonSchemaType.String;
        }

        return Task.CompletedTask;
    }

    private static async Task DescribeAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        document.Info.Title = "eCRM API";
        document.Info.Version = "v1";
        document.Info.Description =
            "REST API of eCRM for integrations (web shop, ERP, telephony, scripts). Integrations send an API key in the " +
            "`X-Api-Key` header (Admins issue keys, each acting with one role); people signed in to the app use their session " +
            "cookie. Enums travel as their names, money as JSON numbers read as decimals, times in UTC (ISO 8601). Every error " +
            "is `application/problem+json` (RFC 9457) with a `traceId` to quote when reporting it. Creating calls take an " +
            "`Idempotency-Key`; updates take `If-Match` with the record's `ETag`. Each caller has a rate limit (429 with `Retry-After`).";
        document.Info.Contact = new OpenApiContact { Name = "eCRM" };
        document.Info.License = new OpenApiLicense { Name = "Proprietary: all rights reserved", Identifier = "LicenseRef-Proprietary" };
        foreach (var server in document.Servers ?? [])
        {
            server.Url = server.Url?.TrimEnd('/');
        }

        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes = new Dictionary<string, IOpenApiSecurityScheme>
        {
            [ApiKeyScheme] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.ApiKey,
                In = ParameterLocation.Header,
                Name = "X-Api-Key",
                Description = "An API key issued by an Admin (Administration > API keys, or `crm apikeys add`); it acts with the role it was issued for.",
            },
            [CookieScheme] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.ApiKey,
                In = ParameterLocation.Cookie,
                Name = "ecrm.auth",
                Description = "The session cookie of a person signed in to the app (for scripts run in the browser).",
            },
        };

        document.Components.Schemas ??= new Dictionary<string, IOpenApiSchema>();
        var duplicate = await context.GetOrCreateSchemaAsync(typeof(DuplicateCandidate), cancellationToken: cancellationToken);
        document.Components.Schemas.TryAdd(nameof(DuplicateCandidate), duplicate);
        document.Components.Schemas[ProblemSchema] = Problem(document);
        // Every error response refers to the one schema above; the framework's variants are no longer used.
        document.Components.Schemas.Remove("ValidationProblemDetails");
        document.Components.Schemas.Remove("HttpValidationProblemDetails");

        document.Tags ??= new HashSet<OpenApiTag>();
        foreach (var (name, text) in TagDescriptions)
        {
            if (document.Tags.FirstOrDefault(t => t.Name == name) is { } tag)
            {
                tag.Description = text;
            }
            else
            {
                document.Tags.Add(new OpenApiTag { Name = name, Description = text });
            }
        }
    }

    private static OpenApiSchema Problem(OpenApiDocument document) => new()
    {
        Type = JsonSchemaType.Object,
        Description = "An error (RFC 9457 problem details). `title` names the kind of error, `detail` says what went wrong in this request.",
        Required = new HashSet<string> { "type", "title", "status" },
        Properties = new Dictionary<string, IOpenApiSchema>
        {
            ["type"] = Text("A URI naming the kind of error."),
            ["title"] = Text("A short summary of the kind of error."),
            ["status"] = new OpenApiSchema { Type = JsonSchemaType.Integer, Format = "int32", Description = "The HTTP status code." },
            ["detail"] = Text("What went wrong in this request, for a person to read."),
            ["instance"] = Text("The request's path, where given."),
            ["traceId"] = Text("The request's id in the server's log: quote it when you report a problem."),
            ["errors"] = new OpenApiSchema
            {
                Type = JsonSchemaType.Object,
                Description = "400 for invalid fields: each field (as a path such as `lines[1].quantity` or `customer.email`) with what is wrong with it.",
                AdditionalProperties = new OpenApiSchema { Type = JsonSchemaType.Array, Items = new OpenApiSchema { Type = JsonSchemaType.String } },
            },
            ["duplicates"] = new OpenApiSchema
            {
                Type = JsonSchemaType.Array,
                Description = "409 when creating a customer or converting a lead: the customers already in eCRM that this one looks like.",
                Items = new OpenApiSchemaReference(nameof(DuplicateCandidate), document),
            },
            ["reason"] = new OpenApiSchema
            {
                Type = JsonSchemaType.String,
                Description = "404 on a customer's value: `noPurchases` (the customer has not bought yet) or `notComputed` (no figures stored yet).",
                Enum = [JsonValue.Create("noPurchases"), JsonValue.Create("notComputed")],
            },
            ["runId"] = new OpenApiSchema
            {
                Type = JsonSchemaType.Integer,
                Format = "int64",
                Description = "409 when starting a recompute while one runs: the id of the running one.",
            },
        },
    };

    private static OpenApiSchema Text(string description) => new() { Type = JsonSchemaType.String, Description = description };

    private static readonly (string Name, string Description)[] TagDescriptions =
    [
        ("Me", "Who the caller is."),
        ("Customers", "People and companies, their contact details, consent, duplicates, merge and privacy requests."),
        ("Interactions", "The contact history on each customer's timeline (calls, emails, visits, orders)."),
        ("Preferences", "What colleagues remember about a customer: preferences and personal details by category, with source, day and recorder."),
        ("Products", "The product catalogue with prices, unit costs and stock."),
        ("Orders", "Orders and returns from every channel, placed one by one or in bulk."),
        ("Leads", "Prospects before they become customers, including web-to-lead."),
        ("Opportunities", "The sales pipeline: opportunities, stages, board and forecast."),
        ("Cases", "Service cases: a customer's requests on any channel, their threads of replies and notes, status and owner."),
        ("Queues", "Queues of cases with members, supervisor and routing strategy, and the agents' presence and capacity that routing weighs."),
        ("Macros", "Saved replies with placeholders and actions (status, priority, tag) that agents apply to a case in one step; Managers and Admins manage them."),
        ("Email", "Mailboxes the service desk sends from (Managers and Admins; passwords write-only, stored encrypted), and the emails of a case with their state in the outbox (queued, sent)."),
        ("SLA", "Service level agreements: business calendars (zone, working periods, holidays) and SLA policies (which cases, targets in business minutes), Managers and Admins only."),
        ("Service reports", "Managers' service figures over a period: backlog, created vs resolved, business-time response and resolution, SLA attainment, breaches, reopens, cases by customer tier; CSV exports."),
        ("Knowledge base", "Articles in Markdown with immutable published revisions and word search; public published ones readable without credentials."),
        ("Verification", "\"Is this really you?\": the public check of the code an agent gave with an outbound contact (no credentials; 5 checks an hour per address)."),
        ("Telephony", "Telephone systems that push calls (the generic CTI webhook of sipgate.io and Zammad, by token or HMAC signature; see docs/telephony.md) and the call log."),
        ("Web-to-lead", "The public endpoint a web site's contact form posts leads to (no credentials; limited per address)."),
        ("Analytics", "Customer value: RFM, tiers, lifetime value, due to buy again, association rules and recomputes."),
    ];
}
