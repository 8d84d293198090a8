using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Crm.ApiClient.Tests;

/// <summary>What a generated client relies on, checked on the live document (and on the server where it says what happens).</summary>
[Collection(ApiHostCollection.Name)]
public sealed class OpenApiDocumentTests(ApiHostFixture fixture)
{
    private static readonly string[] Methods = ["get", "put", "post", "delete", "patch"];

    [Fact]
    public async Task Every_operation_has_a_unique_id_a_one_line_summary_and_a_tag()
    {
        var operations = Operations(await fixture.DocumentAsync()).ToList();
        Assert.True(operations.Count > 60, $"only {operations.Count} operations");
        Assert.All(operations, op =>
        {
            Assert.False(string.IsNullOrWhiteSpace(op.Operation["operationId"]?.GetValue<string>()), $"{op.Name} has no operationId");
            var summary = op.Operation["summary"]?.GetValue<string>();
            Assert.False(string.IsNullOrWhiteSpace(summary), $"{op.Name} has no summary");
            Assert.True(summary!.Length <= 110 && !summary.Contains('\n'), $"{op.Name}: the summary is not one short line: {summary}");
            Assert.NotEmpty(op.Operation["tags"]!.AsArray());
        });
        var ids = operations.Select(op => op.Operation["operationId"]!.GetValue<string>()).ToList();
        Assert.Equal(ids.Count, ids.Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public async Task Every_error_is_problem_json_of_the_one_problem_schema_and_the_schema_holds_the_extra_fields()
    {
        var document = await fixture.DocumentAsync();
        foreach (var op in Operations(document))
        {
            foreach (var (status, response) in op.Operation["responses"]!.AsObject())
            {
                if (int.Parse(status, System.Globalization.CultureInfo.InvariantCulture) < 400)
                {
                    continue;
                }

                var content = response!["content"]!.AsObject();
                Assert.True(content.Count == 1 && content.ContainsKey("application/problem+json"), $"{op.Name} {status}: {content.ToJsonString()}");
                Assert.Equal("#/components/schemas/ProblemDetails", content["application/problem+json"]!["schema"]!["$ref"]!.GetValue<string>());
            }
        }

        var properties = document["components"]!["schemas"]!["ProblemDetails"]!["properties"]!.AsObject();
        Assert.All(new[] { "type", "title", "status", "detail", "traceId", "errors", "duplicates", "reason", "runId" },
            name => Assert.True(properties.ContainsKey(name), $"ProblemDetails has no {name}"));
        Assert.False(document["components"]!["schemas"]!.AsObject().ContainsKey("ValidationProblemDetails"));
    }

    [Fact]
    public async Task Every_operation_behind_credentials_declares_the_api_key_and_the_401_and_429_it_can_get()
    {
        var document = await fixture.DocumentAsync();
        var scheme = document["components"]!["securitySchemes"]!["ApiKey"]!;
        Assert.Equal("apiKey", scheme["type"]!.GetValue<string>());
        Assert.Equal("header", scheme["in"]!.GetValue<string>());
        Assert.Equal("X-Api-Key", scheme["name"]!.GetValue<string>());
        foreach (var op in Operations(document))
        {
            var responses = op.Operation["responses"]!.AsObject();
            Assert.True(responses.ContainsKey("429"), $"{op.Name} does not declare 429");
            Assert.NotNull(responses["429"]!["headers"]!["Retry-After"]);
            // The public operations: the web-to-lead form, reading the knowledge base (public published articles for
            // anyone; issue 17), and the telephony webhook (a telephone system proves itself by the token in its URL or an
            // HMAC signature, not by an API key; issue 18). Nothing else may be open.
            if (op.Path == "/web-to-lead" || (op.Name.StartsWith("GET /api/v1/kb/articles", StringComparison.Ordinal))
                || op.Name == "POST /api/v1/telephony/cti/{credential}")
            {
                Assert.Equal("[{}]", op.Operation["security"]!.ToJsonString());
                continue;
            }

            Assert.Contains(op.Operation["security"]!.AsArray(), requirement => requirement!.AsObject().ContainsKey("ApiKey"));
            Assert.True(responses.ContainsKey("401"), $"{op.Name} does not declare 401");
        }
    }

    [Fact]
    public async Task Enums_are_strings_with_their_values_numbers_are_numbers_and_money_is_decimal()
    {
        var document = await fixture.DocumentAsync();
        var schemas = document["components"]!["schemas"]!.AsObject();
        var customerKind = schemas["CustomerKind"]!;
        Assert.Equal("string", customerKind["type"]!.GetValue<string>());
        Assert.Equal(["Person", "Company"], customerKind["enum"]!.AsArray().Select(v => v!.GetValue<string>()));
        Assert.Contains("Placed", schemas["OrderStatus"]!["enum"]!.AsArray().Select(v => v!.GetValue<string>()));
        Assert.All(schemas.Where(s => s.Value!["enum"] is not null), s => Assert.Equal("string", s.Value!["type"]!.GetValue<string>()));

        // No number may be documented as "integer or string" (the server reads numbers only as numbers).
        var text = document.ToJsonString();
        Assert.DoesNotContain("\"integer\",\"string\"", text, StringComparison.Ordinal);
        Assert.DoesNotContain("\"number\",\"string\"", text, StringComparison.Ordinal);

        var line = schemas["OrderLineInput"]!["properties"]!;
        Assert.Equal("decimal", line["unitPrice"]!["format"]!.GetValue<string>());
        Assert.Equal("decimal", line["quantity"]!["format"]!.GetValue<string>());
        Assert.Equal("decimal", schemas["OrderDto"]!["properties"]!["total"]!["format"]!.GetValue<string>());
    }

    // The XML comment generator writes a <see cref> to a member as C# ("string? CaseInput.Description"): a client reads JSON.
    [Fact]
    public async Task No_description_names_a_member_as_csharp()
    {
        var texts = new List<(string Where, string Text)>();
        void Collect(JsonNode? node, string where)
        {
            switch (node)
            {
                case JsonObject obj:
                    foreach (var (name, value) in obj)
                    {
                        if (name is "description" or "summary" && value is JsonValue text && text.TryGetValue<string>(out var s))
                        {
                            texts.Add((where, s));
                        }
                        else
                        {
                            Collect(value, $"{where}/{name}");
                        }
                    }

                    break;
                case JsonArray array:
                    for (var i = 0; i < array.Count; i++)
                    {
                        Collect(array[i], $"{where}/{i}");
                    }

                    break;
            }
        }

        Collect(await fixture.DocumentAsync(), "");

        Assert.True(texts.Count > 200, $"only {texts.Count} descriptions");
        var csharp = new System.Text.RegularExpressions.Regex(@"\b(string|int|long|Guid|bool|decimal|DateTime|IReadOnlyList(<|&lt;)\w+(>|&gt;))\?? [A-Z]\w+\.\w+");
        Assert.Empty(texts.Where(t => csharp.IsMatch(t.Text)).Select(t => $"{t.Where}: {t.Text}"));
    }

    [Fact]
    public async Task The_headers_the_api_relies_on_are_documented()
    {
        var paths = (await fixture.DocumentAsync())["paths"]!;
        var create = paths["/api/v1/customers"]!["post"]!;
        Assert.Contains(create["parameters"]!.AsArray(), p => p!["name"]!.GetValue<string>() == "Idempotency-Key" && p["in"]!.GetValue<string>() == "header");
        var created = create["responses"]!["201"]!["headers"]!.AsObject();
        Assert.True(created.ContainsKey("Location") && created.ContainsKey("ETag") && created.ContainsKey("Idempotent-Replayed"), created.ToJsonString());

        var read = paths["/api/v1/customers/{id}"]!["get"]!;
        Assert.NotNull(read["responses"]!["200"]!["headers"]!["ETag"]);

        var update = paths["/api/v1/customers/{id}"]!["put"]!;
        var ifMatch = update["parameters"]!.AsArray().Single(p => p!["name"]!.GetValue<string>() == "If-Match");
        Assert.True(ifMatch!["required"]!.GetValue<bool>());
        Assert.NotNull(update["responses"]!["412"]);
        Assert.NotNull(update["responses"]!["428"]);

        var cancel = paths["/api/v1/orders/{id}/cancel"]!["post"]!;
        var optional = cancel["parameters"]!.AsArray().Single(p => p!["name"]!.GetValue<string>() == "If-Match")!;
        Assert.False(optional["required"]?.GetValue<bool>() ?? false);
        Assert.NotNull(cancel["responses"]!["412"]);
        Assert.Null(cancel["responses"]!["428"]);
    }

    [Fact]
    public async Task The_case_inputs_require_exactly_what_the_handlers_refuse_without()
    {
        var schemas = (await fixture.DocumentAsync())["components"]!["schemas"]!;
        static string[] Required(JsonNode schema) => [.. (schema["required"]?.AsArray() ?? []).Select(n => n!.GetValue<string>()).Order(StringComparer.Ordinal)];

        // PUT replaces the whole editable state: without subject, priority or tags it is 400, not a silent reset.
        Assert.Equal(["priority", "subject", "tags"], Required(schemas["CaseUpdateInput"]!));
        // A status change without the status is 400, never a move to New.
        Assert.Equal(["status"], Required(schemas["CaseStatusInput"]!));
        // Opening a case: tags absent or null mean none.
        Assert.DoesNotContain("tags", Required(schemas["CaseInput"]!));
        // The service report's tiers are its own rows, not Analytics' value tiers of the same short name.
        Assert.Equal("#/components/schemas/CasesByTierRow", schemas["ServiceReport"]!["properties"]!["tiers"]!["items"]!["$ref"]!.GetValue<string>());
    }

    [Fact]
    public async Task Products_by_code_have_their_own_paths_and_the_old_ones_are_marked_deprecated()
    {
        var paths = (await fixture.DocumentAsync())["paths"]!.AsObject();
        Assert.NotNull(paths["/api/v1/products/by-code/{code}/stock"]!["put"]);
        Assert.NotNull(paths["/api/v1/products/by-code/{code}/price"]!["put"]);
        Assert.True(paths["/api/v1/products/{code}/stock"]!["put"]!["deprecated"]!.GetValue<bool>());
        Assert.True(paths["/api/v1/products/{code}/price"]!["put"]!["deprecated"]!.GetValue<bool>());
    }

    [Fact]
    public async Task The_document_without_credentials_is_a_401_problem_not_a_sign_in_page()
    {
        using var client = fixture.Host.CreateBrowserLikeClient();
        using var response = await client.GetAsync(new Uri("/openapi/v1.json", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(401, problem.RootElement.GetProperty("status").GetInt32());
    }

    private static IEnumerable<(string Path, string Name, JsonObject Operation)> Operations(JsonObject document) =>
        from path in document["paths"]!.AsObject()
        from method in Methods
        let operation = path.Value![method]
        where operation is not null
        select (path.Key, $"{method.ToUpperInvariant()} {path.Key}", operation.AsObject());
}
