using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Crm.Kernel;
using Crm.Kernel.Api;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.ApiExplorer;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.ApiClient.Tests;

/// <summary>
/// Every operation of the live OpenAPI document, called by every role's API key and without credentials, with harmless
/// input (ids that name no record, empty bodies). The roles an operation admits come from its endpoint metadata
/// ([Authorize(Roles = ...)] on the controller and action), so a new endpoint is checked the day it appears: never a
/// server error; 401 without credentials (the public web-to-lead form aside); 403 for a role the metadata refuses; never
/// 401 or 403 for a role it admits. Its own host, because the calls change state (a recompute may start).
/// </summary>
public sealed class AuthorizationMatrixTests(ApiHostFixture fixture) : IClassFixture<ApiHostFixture>
{
    private const string NoKey = "no key";
    private static readonly string[] Methods = ["get", "put", "post", "delete", "patch"];

    /// <summary>
    /// Rules only a handler can enforce (who owns the record): the roles such an operation may answer with 403 although
    /// the metadata admits them. Everything a role alone decides belongs in the metadata. The ids of the matrix name no
    /// record, so these answer 404 before ownership is looked at; owner and non-owner are proven on real records in the
    /// modules' access tests (Contacts AccessRulesTests, Sales OrderAccessTests, the lead and pipeline tests).
    /// </summary>
    private static readonly Dictionary<string, string[]> OwnershipRules = new(StringComparer.Ordinal)
    {
        ["PUT /api/v1/customers/{id}"] = [CrmRoles.SalesRep],
        ["PUT /api/v1/customers/{customerId}/interactions/{interactionId}"] = [CrmRoles.SalesRep, CrmRoles.ServiceAgent],
        ["GET /api/v1/leads/{id}"] = [CrmRoles.SalesRep],
        ["POST /api/v1/leads/{id}/qualify"] = [CrmRoles.SalesRep],
        ["POST /api/v1/leads/{id}/disqualify"] = [CrmRoles.SalesRep],
        ["POST /api/v1/leads/{id}/assign"] = [CrmRoles.SalesRep],
        ["POST /api/v1/leads/{id}/convert"] = [CrmRoles.SalesRep],
        ["GET /api/v1/opportunities/{id}"] = [CrmRoles.SalesRep],
        ["PUT /api/v1/opportunities/{id}"] = [CrmRoles.SalesRep],
        ["POST /api/v1/opportunities/{id}/stage"] = [CrmRoles.SalesRep],
        ["POST /api/v1/orders/{id}/cancel"] = [CrmRoles.SalesRep],
        ["POST /api/v1/orders/{id}/returns"] = [CrmRoles.SalesRep],
    };

    [Fact]
    public async Task Every_operation_answers_every_role_as_its_metadata_says_and_never_with_a_server_error()
    {
        var document = await fixture.DocumentAsync();
        var explorer = fixture.Host.Services.GetRequiredService<IApiDescriptionGroupCollectionProvider>();
        var descriptions = explorer.ApiDescriptionGroups.Items.SelectMany(g => g.Items).ToList();
        var callers = CrmRoles.All.Append(NoKey).ToList();
        var failures = new List<string>();
        var count = 0;

        foreach (var (path, method, operation) in Operations(document))
        {
            count++;
            var name = $"{method.ToUpperInvariant()} {path}";
            var description = descriptions.SingleOrDefault(d =>
                string.Equals(d.HttpMethod, method, StringComparison.OrdinalIgnoreCase) && "/" + d.RelativePath == path);
            if (description is null)
            {
                failures.Add($"{name}: no endpoint in ApiExplorer");
                continue;
            }

            var (isPublic, admitted) = Admitted(description);
            var declares403 = operation["responses"]!.AsObject().ContainsKey("403");
            if (admitted.Count < CrmRoles.All.Count && !declares403)
            {
                failures.Add($"{name}: refuses {string.Join(", ", CrmRoles.All.Except(admitted))} but does not declare 403");
            }

            foreach (var caller in callers)
            {
                using var request = Request(method, path, operation);
                if (caller != NoKey)
                {
                    request.Headers.Add(ApiKeyService.HeaderName, fixture.KeyOf(caller));
                }

                using var client = new HttpClient { BaseAddress = fixture.Host.BaseAddress };
                using var response = await client.SendAsync(request);
                var status = (int)response.StatusCode;
                var problem = Check(name, caller, status, isPublic, admitted);
                if (problem is not null)
                {
                    failures.Add($"{name} as {caller}: {status} {problem}: {Cut(await response.Content.ReadAsStringAsync())}");
                }
            }
        }

        Assert.True(count > 60, $"only {count} operations");
        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures));
    }

    private static string? Check(string name, string caller, int status, bool isPublic, IReadOnlySet<string> admitted)
    {
        if (status >= 500)
        {
            return "server error";
        }

        if (caller == NoKey)
        {
            return isPublic ? (status is 401 or 403 ? "refused on a public operation" : null) : status == 401 ? null : "expected 401";
        }

        if (!admitted.Contains(caller))
        {
            return status == 403 ? null : "expected 403 for a role the metadata refuses";
        }

        if (status == 403 && OwnershipRules.TryGetValue(name, out var owners) && owners.Contains(caller))
        {
            return null;
        }

        return status is 401 or 403 ? "refused a role the metadata admits" : null;
    }

    /// <summary>Public (no [Authorize], or [AllowAnonymous]) and the roles every [Authorize] of the endpoint admits together.</summary>
    private static (bool Public, IReadOnlySet<string> Roles) Admitted(ApiDescription description)
    {
        var metadata = description.ActionDescriptor.EndpointMetadata;
        var authorize = metadata.OfType<IAuthorizeData>().ToList();
        if (authorize.Count == 0 || metadata.OfType<IAllowAnonymous>().Any())
        {
            return (true, CrmRoles.All.ToHashSet());
        }

        IReadOnlySet<string> roles = CrmRoles.All.ToHashSet();
        foreach (var attribute in authorize.Where(a => !string.IsNullOrWhiteSpace(a.Roles)))
        {
            roles = roles.Intersect(attribute.Roles!.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)).ToHashSet();
        }

        return (false, roles);
    }

    /// <summary>The call with values that name no record: path ids that do not exist, required query values, an empty body.</summary>
    private static HttpRequestMessage Request(string method, string path, JsonObject operation)
    {
        var query = new List<string>();
        foreach (var parameter in operation["parameters"]?.AsArray() ?? [])
        {
            var name = parameter!["name"]!.GetValue<string>();
            var value = Harmless(parameter["schema"]);
            switch (parameter["in"]!.GetValue<string>())
            {
                case "path":
                    path = path.Replace($"{{{name}}}", Uri.EscapeDataString(value), StringComparison.Ordinal);
                    break;
                case "query" when parameter["required"]?.GetValue<bool>() == true:
                    query.Add($"{name}={Uri.EscapeDataString(value)}");
                    break;
            }
        }

        var request = new HttpRequestMessage(new HttpMethod(method.ToUpperInvariant()), query.Count == 0 ? path : $"{path}?{string.Join('&', query)}");
        var content = operation["requestBody"]?["content"]?.AsObject();
        if (content is not null)
        {
            var type = content.Select(c => c.Key).OrderBy(t => t == "application/json" ? 0 : 1).First();
            request.Content = type switch
            {
                "multipart/form-data" => new MultipartFormDataContent(),
                "application/x-www-form-urlencoded" => new FormUrlEncodedContent([]),
                _ => new StringContent(type.EndsWith("json", StringComparison.Ordinal) ? "{}" : "", Encoding.UTF8, type),
            };
        }

        return request;
    }

    private static string Harmless(JsonNode? schema)
    {
        if (schema?["enum"] is JsonArray values && values.Count > 0)
        {
            return values[0]!.ToString();
        }

        var type = schema?["type"] is JsonArray types ? types.Select(t => t!.ToString()).FirstOrDefault(t => t != "null") : schema?["type"]?.ToString();
        return (type, schema?["format"]?.ToString()) switch
        {
            ("integer", _) or ("number", _) => "987654",
            ("boolean", _) => "false",
            (_, "uuid") => Guid.NewGuid().ToString(),
            (_, "date") => "2026-01-01",
            (_, "date-time") => "2026-01-01T00:00:00Z",
            _ => "no-such-record",
        };
    }

    private static IEnumerable<(string Path, string Method, JsonObject Operation)> Operations(JsonObject document) =>
        from path in document["paths"]!.AsObject()
        from method in Methods
        let operation = path.Value![method]
        where operation is not null
        select (path.Key, method, operation.AsObject());

    private static string Cut(string text) => text.Length <= 300 ? text : text[..300];
}
