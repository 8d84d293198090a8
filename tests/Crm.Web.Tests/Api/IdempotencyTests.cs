using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Crm.Kernel.Api;
using Crm.Web.Api.Infrastructure;
using Crm.Testing;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.Web.Tests.Api;

/// <summary>
/// The Idempotency-Key mechanism on its own, through a creating endpoint that exists only in this test assembly (the
/// real creating endpoints of the modules have their own idempotency tests).
/// </summary>
public sealed class IdempotencyTests : IAsyncLifetime
{
    // What JsonContent.Create sends, so a planted record has the hash of the request the test posts.
    private static readonly JsonSerializerOptions WebJson = new(JsonSerializerDefaults.Web);

    private readonly CreatedThings created = new();
    private CrmWebHost host = default!;
    private HttpClient client = default!;

    public async Task InitializeAsync()
    {
        host = CrmWebHost.Create(CrmWebHost.NewMigratedDatabasePath(), configureServices: services =>
        {
            services.AddSingleton(created);
            services.AddControllers().AddApplicationPart(typeof(IdempotencyTests).Assembly);
        });
        client = await host.SignedInClientAsync("rep@ecrm.local");
    }

    public async Task DisposeAsync()
    {
        client.Dispose();
        await host.DisposeAsync();
    }

    [Fact]
    public async Task The_same_request_sent_twice_with_one_key_is_carried_out_once_and_answered_the_same()
    {
        using var first = await PostAsync("key-1", new ThingRequest("alpha"));
        using var second = await PostAsync("key-1", new ThingRequest("alpha"));

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.Created, second.StatusCode);
        Assert.Equal(await first.Content.ReadAsStringAsync(), await second.Content.ReadAsStringAsync());
        Assert.Equal(first.Headers.Location, second.Headers.Location);
        Assert.Equal(first.Headers.ETag, second.Headers.ETag);
        Assert.NotNull(second.Headers.ETag);
        Assert.Equal("true", second.Headers.GetValues("Idempotent-Replayed").Single());
        Assert.Equal(["alpha"], created.Names);
    }

    // Routing takes all three to the same action; the key must too, or a client's spelling of the path makes duplicates.
    [Fact]
    public async Task A_key_is_scoped_to_the_endpoint_whatever_the_case_of_the_path_or_a_trailing_slash()
    {
        using var first = await PostAsync("key-7", new ThingRequest("theta"), "/api/v1/test-things");
        using var shouted = await PostAsync("key-7", new ThingRequest("theta"), "/API/v1/Test-Things");
        using var slashed = await PostAsync("key-7", new ThingRequest("theta"), "/api/v1/test-things/");

        Assert.Equal([HttpStatusCode.Created, HttpStatusCode.Created, HttpStatusCode.Created], [first.StatusCode, shouted.StatusCode, slashed.StatusCode]);
        Assert.Equal("true", shouted.Headers.GetValues("Idempotent-Replayed").Single());
        Assert.Equal("true", slashed.Headers.GetValues("Idempotent-Replayed").Single());
        Assert.Equal(first.Headers.Location, slashed.Headers.Location);
        Assert.Equal(["theta"], created.Names);
    }

    [Fact]
    public async Task A_different_body_under_a_used_key_gets_409_and_is_not_carried_out()
    {
        using var first = await PostAsync("key-2", new ThingRequest("beta"));
        using var clash = await PostAsync("key-2", new ThingRequest("gamma"));

        Assert.Equal(HttpStatusCode.Conflict, clash.StatusCode);
        Assert.Equal("application/problem+json", clash.Content.Headers.ContentType?.MediaType);
        Assert.Equal(["beta"], created.Names);
    }

    [Fact]
    public async Task Without_a_key_every_call_is_carried_out_and_keys_are_private_to_their_caller()
    {
        using var a = await PostAsync(null, new ThingRequest("delta"));
        using var b = await PostAsync(null, new ThingRequest("delta"));
        using var other = await host.SignedInClientAsync("agent@ecrm.local");
        using var c = await PostAsync("key-3", new ThingRequest("epsilon"));
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/test-things") { Content = JsonContent.Create(new ThingRequest("epsilon")) };
        request.Headers.Add(IdempotentAttribute.HeaderName, "key-3");
        using var d = await other.SendAsync(request);

        Assert.Equal(HttpStatusCode.Created, d.StatusCode);
        Assert.False(d.Headers.Contains("Idempotent-Replayed"));
        Assert.Equal(["delta", "delta", "epsilon", "epsilon"], created.Names);
    }

    [Fact]
    public async Task A_failed_call_is_not_remembered_so_it_can_be_retried()
    {
        using var failed = await PostAsync("key-4", new ThingRequest("explode"));
        Assert.Equal(HttpStatusCode.InternalServerError, failed.StatusCode);
        Assert.Equal(0, await host.QueryAsync(db => db.IdempotencyRecords.CountAsync(r => r.Key == "key-4")));

        created.FailNext = false;
        using var retried = await PostAsync("key-4", new ThingRequest("explode"));
        Assert.Equal(HttpStatusCode.Created, retried.StatusCode);
    }

    [Fact]
    public async Task A_key_whose_first_call_died_in_flight_is_processed_by_a_retry_once_the_call_is_a_minute_old()
    {
        // What a kill -9 during the first call leaves behind: the key's record, still without an answer.
        await InFlightAsync("key-5", new ThingRequest("zeta"), IdempotentAttribute.InFlightExpiry + TimeSpan.FromSeconds(5));

        using var retried = await PostAsync("key-5", new ThingRequest("zeta"));

        Assert.Equal(HttpStatusCode.Created, retried.StatusCode);
        Assert.False(retried.Headers.Contains("Idempotent-Replayed"));
        Assert.Equal(["zeta"], created.Names);
        Assert.Equal(201, await host.QueryAsync(db => db.IdempotencyRecords.Where(r => r.Key == "key-5").Select(r => r.StatusCode).SingleAsync()));
        using var replay = await PostAsync("key-5", new ThingRequest("zeta"));
        Assert.Equal("true", replay.Headers.GetValues("Idempotent-Replayed").Single());
        Assert.Equal(["zeta"], created.Names);
    }

    [Fact]
    public async Task A_key_whose_first_call_is_still_young_gets_409_and_is_not_carried_out()
    {
        await InFlightAsync("key-6", new ThingRequest("eta"), TimeSpan.FromSeconds(5));

        using var retried = await PostAsync("key-6", new ThingRequest("eta"));

        Assert.Equal(HttpStatusCode.Conflict, retried.StatusCode);
        Assert.Contains("still being processed", await retried.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Empty(created.Names);
    }

    private async Task InFlightAsync(string key, ThingRequest body, TimeSpan age)
    {
        var userId = await host.QueryAsync(db => db.Users.Where(u => u.Email == "rep@ecrm.local").Select(u => u.Id).SingleAsync());
        await host.QueryAsync(async db =>
        {
            db.IdempotencyRecords.Add(new IdempotencyRecord
            {
                Scope = $"{userId}|POST /api/v1/test-things",
                Key = key,
                RequestHash = System.Security.Cryptography.SHA256.HashData(JsonSerializer.SerializeToUtf8Bytes(body, WebJson)),
                CreatedAtUtc = DateTime.UtcNow - age,
            });
            return await db.SaveChangesAsync();
        });
    }

    private async Task<HttpResponseMessage> PostAsync(string? key, ThingRequest body, string path = "/api/v1/test-things")
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(body) };
        if (key is not null)
        {
            request.Headers.Add(IdempotentAttribute.HeaderName, key);
        }

        return await client.SendAsync(request);
    }
}

public sealed record ThingRequest(string Name);

public sealed class CreatedThings
{
    private readonly List<string> names = [];

    public bool FailNext { get; set; } = true;

    public IReadOnlyList<string> Names
    {
        get
        {
            lock (names)
            {
                return [.. names];
            }
        }
    }

    public int Add(string name)
    {
        lock (names)
        {
            names.Add(name);
            return names.Count;
        }
    }
}

[ApiController]
[Route("api/v1/test-things")]
[Authorize]
public sealed class TestThingsController(CreatedThings things) : ControllerBase
{
    [HttpPost]
    [Idempotent]
    public IActionResult Create(ThingRequest request)
    {
        if (request.Name == "explode" && things.FailNext)
        {
            return StatusCode(StatusCodes.Status500InternalServerError);
        }

        var id = things.Add(request.Name);
        Response.Headers.ETag = $"\"{Guid.NewGuid():N}\"";
        return Created($"/api/v1/test-things/{id}", new { id, request.Name, at = Guid.NewGuid() });
    }
}
