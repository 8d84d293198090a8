using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Crm.Kernel;
using Crm.Testing;

namespace Crm.Web.Tests.Hosting;

/// <summary>
/// The request log says what the client got: an expected refusal (401, 403, 404, 409, including the ones the API's
/// exception handler makes from NotFound/Forbidden/Conflict exceptions) is one Information line with its real status and
/// no stack trace, so a caller cannot fill the log with false 500 alarms.
/// </summary>
public sealed class RequestLoggingTests
{
    [Fact]
    public async Task Expected_client_errors_are_logged_with_the_status_the_client_got_at_information_level_without_a_stack_trace()
    {
        var logs = Directory.CreateTempSubdirectory("ecrm-logs-");
        try
        {
            await using (var host = CrmWebHost.Create(CrmWebHost.NewMigratedDatabasePath(), new Dictionary<string, string?>
            {
                ["DemoData:Customers"] = "0",
                ["Logging:WriteToFile"] = "true",
                ["Logging:FileDirectory"] = logs.FullName,
                ["Serilog:MinimumLevel:Override:Serilog.AspNetCore.RequestLoggingMiddleware"] = "Information",
            }))
            {
                using var anonymous = host.CreateBrowserLikeClient();
                using var rep = host.CreateApiKeyClient(await host.IssueApiKeyAsync(CrmRoles.SalesRep));
                using var otherRep = host.CreateApiKeyClient(await host.IssueApiKeyAsync(CrmRoles.SalesRep));

                await ExpectAsync(HttpStatusCode.Unauthorized, anonymous.GetAsync(new Uri("/api/v1/me", UriKind.Relative)));
                // NotFoundException in the handler.
                await ExpectAsync(HttpStatusCode.NotFound, rep.GetAsync(new Uri("/api/v1/leads/987654", UriKind.Relative)));

                using var created = await rep.PostAsJsonAsync(new Uri("/api/v1/leads", UriKind.Relative),
                    new { firstName = "Logged", lastName = "Lead", email = "logged.lead@example.com" });
                Assert.Equal(HttpStatusCode.Created, created.StatusCode);
                var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();

                // ForbiddenException: the lead belongs to the other key.
                await ExpectAsync(HttpStatusCode.Forbidden, otherRep.PostAsync(new Uri($"/api/v1/leads/{id}/qualify", UriKind.Relative), null));
                using var converted = await rep.PostAsJsonAsync(new Uri($"/api/v1/leads/{id}/convert", UriKind.Relative), new { });
                Assert.Equal(HttpStatusCode.OK, converted.StatusCode);
                // ConflictException: a converted lead cannot be qualified any more.
                await ExpectAsync(HttpStatusCode.Conflict, rep.PostAsync(new Uri($"/api/v1/leads/{id}/qualify", UriKind.Relative), null));
            }

            var text = await File.ReadAllTextAsync(Assert.Single(logs.GetFiles("crm-*.log")).FullName);
            Assert.Contains("[INF] HTTP GET /api/v1/me responded 401", text, StringComparison.Ordinal);
            Assert.Contains("[INF] HTTP GET /api/v1/leads/987654 responded 404", text, StringComparison.Ordinal);
            Assert.Matches(@"\[INF\] HTTP POST /api/v1/leads/\d+/qualify responded 403", text);
            Assert.Matches(@"\[INF\] HTTP POST /api/v1/leads/\d+/qualify responded 409", text);
            Assert.DoesNotContain("responded 500", text, StringComparison.Ordinal);
            Assert.DoesNotContain("[ERR]", text, StringComparison.Ordinal);
            // A stack trace names the exception type and has "   at " frames.
            Assert.DoesNotContain("Crm.Kernel.Errors.", text, StringComparison.Ordinal);
            Assert.DoesNotContain("   at ", text, StringComparison.Ordinal);
        }
        finally
        {
            logs.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task A_telephone_systems_webhook_token_never_reaches_the_log()
    {
        var logs = Directory.CreateTempSubdirectory("ecrm-logs-");
        try
        {
            string path;
            await using (var host = CrmWebHost.Create(CrmWebHost.NewMigratedDatabasePath(), new Dictionary<string, string?>
            {
                ["DemoData:Customers"] = "0",
                ["Logging:WriteToFile"] = "true",
                ["Logging:FileDirectory"] = logs.FullName,
                ["Serilog:MinimumLevel:Override:Serilog.AspNetCore.RequestLoggingMiddleware"] = "Information",
            }))
            {
                using var manager = host.CreateApiKeyClient(await host.IssueApiKeyAsync(CrmRoles.Manager));
                using var created = await manager.PostAsJsonAsync(new Uri("/api/v1/telephony/systems", UriKind.Relative), new { name = "Logged PBX" });
                Assert.Equal(HttpStatusCode.Created, created.StatusCode);
                path = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("webhookPath").GetString()!;
                using var anonymous = host.CreateBrowserLikeClient();
                var form = new FormUrlEncodedContent([new("event", "newCall"), new("callId", "logged-1"), new("from", "anonymous"), new("to", "21")]);
                using var accepted = await anonymous.PostAsync(new Uri(path, UriKind.Relative), form);
                Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
                using var refused = await anonymous.PostAsync(new Uri(path + "x", UriKind.Relative), form);
                Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
            }

            var text = await File.ReadAllTextAsync(Assert.Single(logs.GetFiles("crm-*.log")).FullName);
            var dot = path.IndexOf('.', StringComparison.Ordinal);
            Assert.Contains($"HTTP POST {path[..dot]}.(token) responded 200", text, StringComparison.Ordinal);
            Assert.Contains($"HTTP POST {path[..dot]}.(token) responded 401", text, StringComparison.Ordinal);
            Assert.DoesNotContain(path[(dot + 1)..], text, StringComparison.Ordinal);
        }
        finally
        {
            logs.Delete(recursive: true);
        }
    }

    // A retry is what the key is for: any caller could otherwise fill the log with false alarms by retrying.
    [Fact]
    public async Task A_replayed_or_clashing_Idempotency_Key_writes_no_error_to_the_log()
    {
        var logs = Directory.CreateTempSubdirectory("ecrm-logs-");
        try
        {
            await using (var host = CrmWebHost.Create(CrmWebHost.NewMigratedDatabasePath(), new Dictionary<string, string?>
            {
                ["DemoData:Customers"] = "0",
                ["Logging:WriteToFile"] = "true",
                ["Logging:FileDirectory"] = logs.FullName,
                // The requests' own lines show the log was written at all.
                ["Serilog:MinimumLevel:Override:Serilog.AspNetCore.RequestLoggingMiddleware"] = "Information",
            }))
            {
                using var rep = host.CreateApiKeyClient(await host.IssueApiKeyAsync(CrmRoles.SalesRep));
                async Task<HttpResponseMessage> CreateLeadAsync(string lastName)
                {
                    using var request = new HttpRequestMessage(HttpMethod.Post, new Uri("/api/v1/leads", UriKind.Relative))
                    {
                        Content = JsonContent.Create(new { firstName = "Retried", lastName, email = "retried.lead@example.com" }),
                    };
                    request.Headers.Add("Idempotency-Key", "retried-lead");
                    return await rep.SendAsync(request);
                }

                using var first = await CreateLeadAsync("Lead");
                using var replay = await CreateLeadAsync("Lead");
                using var clash = await CreateLeadAsync("Other");
                Assert.Equal(HttpStatusCode.Created, first.StatusCode);
                Assert.Equal("true", replay.Headers.GetValues("Idempotent-Replayed").Single());
                Assert.Equal(HttpStatusCode.Conflict, clash.StatusCode);
            }

            var text = await File.ReadAllTextAsync(Assert.Single(logs.GetFiles("crm-*.log")).FullName);
            Assert.Contains("[INF] HTTP POST /api/v1/leads responded 409", text, StringComparison.Ordinal);
            Assert.DoesNotContain("[ERR]", text, StringComparison.Ordinal);
            Assert.DoesNotContain("   at ", text, StringComparison.Ordinal);
        }
        finally
        {
            logs.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task A_server_error_is_still_logged_as_an_error_with_its_status()
    {
        var logs = Directory.CreateTempSubdirectory("ecrm-logs-");
        try
        {
            await using (var host = CrmWebHost.Create(CrmWebHost.NewDatabasePath(), new Dictionary<string, string?>
            {
                ["DemoData:Customers"] = "0",
                ["Logging:WriteToFile"] = "true",
                ["Logging:FileDirectory"] = logs.FullName,
                // A database in a folder that does not exist: the API cannot read it, a real 500.
                ["Database:MigrateOnStartup"] = "false",
                ["DemoData:SeedUsers"] = "false",
                ["ConnectionStrings:Crm"] = $"Data Source={Path.Combine(logs.FullName, "missing", "crm.db")}",
            }))
            {
                using var client = host.CreateApiKeyClient("ecrm_000000000000_unreadable");
                using var response = await client.GetAsync(new Uri("/api/v1/me", UriKind.Relative));
                Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
            }

            var text = await File.ReadAllTextAsync(Assert.Single(logs.GetFiles("crm-*.log")).FullName);
            Assert.Contains("[ERR] HTTP GET /api/v1/me responded 500", text, StringComparison.Ordinal);
        }
        finally
        {
            logs.Delete(recursive: true);
        }
    }

    private static async Task ExpectAsync(HttpStatusCode status, Task<HttpResponseMessage> request)
    {
        using var response = await request;
        Assert.Equal(status, response.StatusCode);
    }
}
