using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Crm.Kernel;
using Crm.Kernel.Api;
using Crm.Kernel.Errors;
using Crm.Kernel.Identity;
using Crm.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.Web.Tests.Api;

public sealed class ApiKeyTests(CrmWebHost host) : IClassFixture<CrmWebHost>
{
    [Fact]
    public async Task An_integration_calls_the_api_with_its_key_and_acts_with_the_key_role()
    {
        var key = await IssueAsync("Web shop", CrmRoles.SalesRep);
        using var client = ClientWithKey(key.Key);

        var me = await client.GetFromJsonAsync<JsonElement>(new Uri("/api/v1/me", UriKind.Relative));

        Assert.Equal("API key 'Web shop'", me.GetProperty("name").GetString());
        Assert.Equal(["SalesRep"], me.GetProperty("roles").EnumerateArray().Select(r => r.GetString()));
        Assert.NotNull(await host.QueryAsync(db => db.ApiKeys.Where(k => k.Id == key.Id).Select(k => k.LastUsedAtUtc).SingleAsync()));
    }

    [Fact]
    public async Task An_integration_reads_the_OpenAPI_document_with_its_key_including_the_modules_descriptions()
    {
        var key = await IssueAsync("Contact centre", CrmRoles.ServiceAgent);
        using var client = ClientWithKey(key.Key);

        var document = await client.GetFromJsonAsync<JsonElement>(new Uri("/openapi/v1.json", UriKind.Relative));

        var list = document.GetProperty("paths").GetProperty("/api/v1/customers").GetProperty("get");
        Assert.StartsWith("A page of customers", list.GetProperty("summary").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Only_a_hash_of_the_key_is_stored()
    {
        var key = await IssueAsync("ERP", CrmRoles.Manager);
        var stored = await host.QueryAsync(db => db.ApiKeys.SingleAsync(k => k.Id == key.Id));
        var secret = key.Key.Split('_')[2];
        Assert.DoesNotContain(secret, Convert.ToBase64String(stored.SecretHash), StringComparison.Ordinal);
        Assert.Equal(32, stored.SecretHash.Length);
        Assert.StartsWith($"ecrm_{stored.Prefix}_", key.Key, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("nonsense")]
    [InlineData("ecrm_000000000000_wrongsecret")]
    public async Task An_unknown_key_gets_401_problem_details(string presented)
    {
        using var client = ClientWithKey(presented);
        using var response = await client.GetAsync(new Uri("/api/v1/me", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task A_revoked_key_stops_working_at_once()
    {
        var key = await IssueAsync("Telephony", CrmRoles.ServiceAgent);
        using var client = ClientWithKey(key.Key);
        using (var before = await client.GetAsync(new Uri("/api/v1/me", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        }

        await using (var scope = AdminScope())
        {
            await scope.ServiceProvider.GetRequiredService<ApiKeyService>().RevokeAsync(key.Id);
        }

        using var after = await client.GetAsync(new Uri("/api/v1/me", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Unauthorized, after.StatusCode);
    }

    [Fact]
    public async Task An_api_key_does_not_open_pages()
    {
        var key = await IssueAsync("Sneaky", CrmRoles.Admin);
        using var client = host.CreateBrowserLikeClient();
        client.DefaultRequestHeaders.Add(ApiKeyService.HeaderName, key.Key);
        using var response = await client.GetAsync(new Uri("/admin/users", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/account/login", response.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Only_an_admin_issues_keys_and_bad_input_issues_none()
    {
        var before = await host.QueryAsync(db => db.ApiKeys.CountAsync());
        await using (var scope = host.Services.CreateAsyncScope())
        {
            scope.ServiceProvider.GetRequiredService<CurrentUser>().SetSystemActor("test:manager", CrmRoles.Manager);
            await Assert.ThrowsAsync<ForbiddenException>(() => scope.ServiceProvider.GetRequiredService<ApiKeyService>().IssueAsync("x", CrmRoles.Admin));
        }

        await using (var scope = AdminScope())
        {
            var (key, result) = await scope.ServiceProvider.GetRequiredService<ApiKeyService>().IssueAsync(" ", "Boss");
            Assert.Null(key);
            Assert.Equal(["Name", "Role"], result.Errors.Select(e => e.Field));
        }

        Assert.Equal(before, await host.QueryAsync(db => db.ApiKeys.CountAsync()));
    }

    private async Task<IssuedApiKey> IssueAsync(string name, string role)
    {
        await using var scope = AdminScope();
        var (key, result) = await scope.ServiceProvider.GetRequiredService<ApiKeyService>().IssueAsync(name, role);
        Assert.True(result.Succeeded, result.ToString());
        return key!;
    }

    private AsyncServiceScope AdminScope()
    {
        host.StartServer();
        var scope = host.Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<CurrentUser>().SetSystemActor("test:admin", CrmRoles.Admin);
        return scope;
    }

    private HttpClient ClientWithKey(string key)
    {
        var client = host.CreateBrowserLikeClient();
        client.DefaultRequestHeaders.Add(ApiKeyService.HeaderName, key);
        return client;
    }
}
