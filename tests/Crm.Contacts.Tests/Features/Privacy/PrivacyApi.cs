using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Crm.Contacts.Contracts;
using Crm.Kernel.Api;
using Crm.Kernel;
using static Crm.Contacts.Tests.Features.Api.ContactsApiFixture;

namespace Crm.Contacts.Tests.Features.Privacy;

/// <summary>Calls the privacy and customer endpoints the way an integration would.</summary>
internal static class PrivacyApi
{
    public static Task<HttpResponseMessage> ExportAsync(HttpClient client, long customerId) =>
        client.GetAsync(new Uri($"/api/v1/customers/{customerId}/privacy/export", UriKind.Relative));

    public static async Task<HttpResponseMessage> EraseAsync(HttpClient client, long customerId, Guid? ifMatch)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/customers/{customerId}/privacy/erase");
        if (ifMatch is { } version)
        {
            request.Headers.IfMatch.Add(new EntityTagHeaderValue(ApiConventions.ETagOf(version)));
        }

        return await client.SendAsync(request);
    }

    public static async Task<CustomerDetails> GetAsync(HttpClient client, long customerId) =>
        (await client.GetFromJsonAsync<CustomerDetails>(new Uri($"/api/v1/customers/{customerId}", UriKind.Relative), Json))!;

    /// <summary>Creates with an Idempotency-Key, so the API stores the response for replays.</summary>
    public static async Task<CustomerDetails> CreateIdempotentlyAsync(HttpClient client, CustomerInput input)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/customers?allowDuplicates=true") { Content = JsonContent.Create(input, options: Json) };
        request.Headers.Add(IdempotentAttribute.HeaderName, Guid.NewGuid().ToString());
        using var response = await client.SendAsync(request);
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return await ReadAsync<CustomerDetails>(response);
    }

    public static async Task<CustomerDetails> UpdateAsync(HttpClient client, long customerId, CustomerInput input, Guid version)
    {
        using var request = new HttpRequestMessage(HttpMethod.Put, $"/api/v1/customers/{customerId}") { Content = JsonContent.Create(input, options: Json) };
        request.Headers.IfMatch.Add(new EntityTagHeaderValue(ApiConventions.ETagOf(version)));
        using var response = await client.SendAsync(request);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return await ReadAsync<CustomerDetails>(response);
    }

    public static async Task<InteractionDto> LogAsync(HttpClient client, long customerId, InteractionInput input)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/customers/{customerId}/interactions") { Content = JsonContent.Create(input, options: Json) };
        request.Headers.Add(IdempotentAttribute.HeaderName, Guid.NewGuid().ToString());
        using var response = await client.SendAsync(request);
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return await ReadAsync<InteractionDto>(response);
    }

    public static async Task<PagedResult<InteractionDto>> TimelineAsync(HttpClient client, long customerId) =>
        (await client.GetFromJsonAsync<PagedResult<InteractionDto>>(
            new Uri($"/api/v1/customers/{customerId}/interactions?pageSize=100", UriKind.Relative), Json))!;
}
