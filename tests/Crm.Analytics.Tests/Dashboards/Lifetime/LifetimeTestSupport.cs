using System.Data.Common;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;
using Crm.Analytics.Domain;
using Crm.Testing;
using Microsoft.EntityFrameworkCore;

namespace Crm.Analytics.Tests.Dashboards.Lifetime;

/// <summary>
/// One real host (Development demo data: 300 customers, ~1,800 orders, two recomputes at start) and one Chromium for the
/// lifetime-value and due-to-buy-again tests.
/// </summary>
[CollectionDefinition(Name)]
public sealed class LifetimeCollection : ICollectionFixture<BrowserFixture>
{
    public const string Name = "Lifetime and due dashboards";
}

internal static class LifetimeTestSupport
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    /// <summary>Waits until the start-up recomputes are over: no run is Running and two have Succeeded.</summary>
    public static Task WaitForFiguresAsync(CrmWebHost host) => Rfm.RfmDashboardHost.WaitForRecomputesAsync(host);

    public static async Task<T> GetJsonAsync<T>(HttpClient client, string url)
    {
        using var response = await client.GetAsync(new Uri(url, UriKind.Relative));
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"GET {url}: {(int)response.StatusCode} {body}");
        return JsonSerializer.Deserialize<T>(body, Json) ?? throw new InvalidOperationException($"GET {url} returned null.");
    }

    /// <summary>The field names of a 400 ValidationProblemDetails.</summary>
    public static async Task<IReadOnlyList<string>> ProblemFieldsAsync(HttpResponseMessage response)
    {
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return [.. problem.RootElement.GetProperty("errors").EnumerateObject().Select(p => p.Name)];
    }

    public static Task<HttpResponseMessage> PostCallAsync(HttpClient client, long customerId, string? idempotencyKey = null, object? body = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri($"/api/v1/analytics/due/{customerId}/call", UriKind.Relative))
        {
            Content = body is null ? null : JsonContent.Create(body),
        };
        if (idempotencyKey is not null)
        {
            request.Headers.Add("Idempotency-Key", idempotencyKey);
        }

        return client.SendAsync(request);
    }

    /// <summary>Raw SQL over any table of the CCR (the tests may read across modules; the product code may not).</summary>
    public static Task<List<object?[]>> SqlAsync(CrmWebHost host, string sql, params (string Name, object Value)[] parameters) =>
        host.QueryAsync(async db =>
        {
            var connection = db.Database.GetDbConnection();
            await connection.OpenAsync();
            await using DbCommand command = connection.CreateCommand();
            command.CommandText = sql;
            foreach (var (name, value) in parameters)
            {
                var parameter = command.CreateParameter();
                parameter.ParameterName = name;
                parameter.Value = value;
                command.Parameters.Add(parameter);
            }

            var rows = new List<object?[]>();
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                var row = new object?[reader.FieldCount];
                for (var i = 0; i < row.Length; i++)
                {
                    row[i] = reader.IsDBNull(i) ? null : reader.GetValue(i);
                }

                rows.Add(row);
            }

            return rows;
        });

    /// <summary>The due-to-buy-again calls on a customer's timeline (Contacts_Interactions).</summary>
    public static async Task<List<(string Channel, string Direction, string Type, string? Notes, string? Outcome, string? HandledBy)>> CallsAsync(
        CrmWebHost host, long customerId)
    {
        var rows = await SqlAsync(host,
            "SELECT Channel, Direction, Type, Notes, Outcome, HandledBy FROM Contacts_Interactions WHERE CustomerId = $id AND Subject = $subject ORDER BY Id",
            ("$id", (object)customerId), ("$subject", Crm.Analytics.Features.Cycles.DueQueries.CallSubject));
        return [.. rows.Select(r => ((string)r[0]!, (string)r[1]!, (string)r[2]!, (string?)r[3], (string?)r[4], (string?)r[5]))];
    }

    public static Task<List<CustomerValueRecord>> FiguresAsync(CrmWebHost host) =>
        host.QueryAsync(db => db.Set<CustomerValueRecord>().AsNoTracking().ToListAsync());

    public static DateOnly TodayUtc => DateOnly.FromDateTime(DateTime.UtcNow);
}
