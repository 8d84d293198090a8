using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Crm.Sales.Domain;
using Crm.Sales.Tests.Features.Pipeline;
using Crm.Testing;
using Microsoft.EntityFrameworkCore;

namespace Crm.Sales.Tests.Features.Leads;

/// <summary>The public web form over real HTTP: anonymous posts, honeypot, double submits, validation, redirects.</summary>
public sealed class WebToLeadTests(PipelineFixture fixture) : IClassFixture<PipelineFixture>
{
    private static readonly Uri Endpoint = new("/web-to-lead", UriKind.Relative);

    [Fact]
    public async Task An_anonymous_form_post_stores_a_lead_assigned_to_a_rep_and_answers_with_a_thank_you_page()
    {
        using var client = fixture.Host.CreateBrowserLikeClient();
        var email = Unique("ada") + "@example.com";
        using var response = await PostAsync(client, Form(email, submissionId: Guid.NewGuid().ToString()));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("Thank you", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var lead = await fixture.Host.QueryAsync(db => db.Set<Lead>().SingleAsync(l => l.Email == email));
        Assert.Equal("Ada", lead.FirstName);
        Assert.Equal("Lovelace", lead.LastName);
        Assert.Equal("Analytical Engines Ltd", lead.CompanyName);
        Assert.Equal("+12125550142", lead.Phone);
        Assert.Equal("web", lead.Source);
        Assert.Equal("Please call me about a quote.", lead.Message);
        Assert.Equal(Crm.Sales.Contracts.LeadStatus.New, lead.Status);
        var reps = new[] { await fixture.UserIdAsync(PipelineFixture.Rep), await fixture.UserIdAsync(PipelineFixture.SecondRep) };
        Assert.Contains(lead.OwnerId, reps);
        Assert.NotNull(lead.AssignedAtUtc);
    }

    [Fact]
    public async Task A_filled_honeypot_gets_the_same_response_as_a_real_submission_and_stores_nothing()
    {
        using var client = fixture.Host.CreateBrowserLikeClient();
        using var real = await PostAsync(client, Form(Unique("real") + "@example.com", Guid.NewGuid().ToString()));
        var before = await fixture.Host.QueryAsync(db => db.Set<Lead>().CountAsync());
        var botEmail = Unique("bot") + "@example.com";
        var bot = Form(botEmail, Guid.NewGuid().ToString());
        bot["website"] = "http://spam.example";

        using var trapped = await PostAsync(client, bot);

        Assert.Equal(real.StatusCode, trapped.StatusCode);
        Assert.Equal(real.Content.Headers.ContentType?.ToString(), trapped.Content.Headers.ContentType?.ToString());
        Assert.Equal(await real.Content.ReadAsStringAsync(), await trapped.Content.ReadAsStringAsync());
        Assert.Equal(before, await fixture.Host.QueryAsync(db => db.Set<Lead>().CountAsync()));
        Assert.False(await fixture.Host.QueryAsync(db => db.Set<Lead>().AnyAsync(l => l.Email == botEmail)));
    }

    [Fact]
    public async Task A_double_submit_with_the_same_submission_id_creates_one_lead()
    {
        using var client = fixture.Host.CreateBrowserLikeClient();
        var email = Unique("double") + "@example.com";
        var form = Form(email, Guid.NewGuid().ToString());

        using var first = await PostAsync(client, form);
        using var second = await PostAsync(client, form);

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Equal(1, await fixture.Host.QueryAsync(db => db.Set<Lead>().CountAsync(l => l.Email == email)));
    }

    [Fact]
    public async Task Concurrent_submits_with_the_same_submission_id_create_one_lead()
    {
        var email = Unique("race") + "@example.com";
        var form = Form(email, Guid.NewGuid().ToString());
        var clients = Enumerable.Range(0, 8).Select(_ => fixture.Host.CreateBrowserLikeClient()).ToList();

        var responses = await Task.WhenAll(clients.Select(c => PostAsync(c, form)));

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        Assert.Equal(1, await fixture.Host.QueryAsync(db => db.Set<Lead>().CountAsync(l => l.Email == email)));
        foreach (var r in responses)
        {
            r.Dispose();
        }

        clients.ForEach(c => c.Dispose());
    }

    [Fact]
    public async Task Without_a_submission_id_the_same_content_posted_twice_creates_one_lead_but_other_content_creates_another()
    {
        using var client = fixture.Host.CreateBrowserLikeClient();
        var email = Unique("nokey") + "@example.com";
        using var first = await PostAsync(client, Form(email, submissionId: null));
        using var again = await PostAsync(client, Form(email, submissionId: null));
        var changed = Form(email, submissionId: null);
        changed["message"] = "A different question.";
        using var other = await PostAsync(client, changed);

        Assert.All([first, again, other], r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        Assert.Equal(2, await fixture.Host.QueryAsync(db => db.Set<Lead>().CountAsync(l => l.Email == email)));
    }

    [Fact]
    public async Task Invalid_input_gets_400_naming_the_form_fields_and_stores_nothing()
    {
        using var client = fixture.Host.CreateBrowserLikeClient();
        var before = await fixture.Host.QueryAsync(db => db.Set<Lead>().CountAsync());
        var noContact = new Dictionary<string, string> { ["first_name"] = "Nobody", ["message"] = "no way to reach me" };
        var badEmail = new Dictionary<string, string> { ["last_name"] = "Typo", ["email"] = "not-an-email", ["first_name"] = new string('x', 101) };

        using var missing = await PostAsync(client, noContact);
        using var wrong = await PostAsync(client, badEmail);

        Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);
        Assert.Contains("<strong>email</strong>: Enter an email address or a phone number.", await missing.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, wrong.StatusCode);
        var page = await wrong.Content.ReadAsStringAsync();
        Assert.Contains("<strong>email</strong>", page, StringComparison.Ordinal);
        Assert.Contains("<strong>first_name</strong>", page, StringComparison.Ordinal);
        Assert.Equal(before, await fixture.Host.QueryAsync(db => db.Set<Lead>().CountAsync()));
    }

    [Fact]
    public async Task A_JSON_client_gets_a_validation_problem_and_a_JSON_receipt()
    {
        using var client = fixture.Host.CreateBrowserLikeClient();
        using var invalid = await client.PostAsJsonAsync(Endpoint, new Dictionary<string, string> { ["last_name"] = "Api", ["phone"] = "12" });
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        Assert.Equal("application/problem+json", invalid.Content.Headers.ContentType?.MediaType);
        using var problem = JsonDocument.Parse(await invalid.Content.ReadAsStringAsync());
        Assert.True(problem.RootElement.GetProperty("errors").TryGetProperty("phone", out _));

        var email = Unique("json") + "@example.com";
        using var valid = await client.PostAsJsonAsync(Endpoint, new Dictionary<string, string>
        {
            ["last_name"] = "Api", ["email"] = email, ["submission_id"] = Guid.NewGuid().ToString(), ["source"] = "partner-site",
        });
        Assert.Equal(HttpStatusCode.OK, valid.StatusCode);
        Assert.Contains("\"received\":true", await valid.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal("partner-site", await fixture.Host.QueryAsync(db => db.Set<Lead>().Where(l => l.Email == email).Select(l => l.Source).SingleAsync()));
    }

    [Fact]
    public async Task A_JSON_body_with_a_lone_surrogate_gets_a_400_problem_and_stores_nothing()
    {
        using var client = fixture.Host.CreateBrowserLikeClient();
        var before = await fixture.Host.QueryAsync(db => db.Set<Lead>().CountAsync());
        // Valid JSON, but "\ud800" is half a character: no text can be made of it.
        using var content = new StringContent("{\"last_name\":\"\\ud800\",\"email\":\"surrogate@example.com\"}", System.Text.Encoding.UTF8, "application/json");

        using var response = await client.PostAsync(Endpoint, content);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("not valid Unicode", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(before, await fixture.Host.QueryAsync(db => db.Set<Lead>().CountAsync()));
    }

    [Fact]
    public async Task A_return_url_on_the_allow_list_redirects_and_any_other_gets_the_thank_you_page()
    {
        using var client = fixture.Host.CreateBrowserLikeClient();
        var allowed = Form(Unique("ret") + "@example.com", Guid.NewGuid().ToString());
        allowed["return_url"] = PipelineFixture.AllowedReturnUrl;
        var foreign = Form(Unique("evil") + "@example.com", Guid.NewGuid().ToString());
        foreign["return_url"] = "https://www.example.com.evil.test/contact/thanks";

        using var redirected = await PostAsync(client, allowed);
        using var notRedirected = await PostAsync(client, foreign);

        Assert.Equal(HttpStatusCode.SeeOther, redirected.StatusCode);
        Assert.Equal(new Uri(PipelineFixture.AllowedReturnUrl), redirected.Headers.Location);
        Assert.Equal(HttpStatusCode.OK, notRedirected.StatusCode);
        Assert.Null(notRedirected.Headers.Location);
        Assert.Contains("Thank you", await notRedirected.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Too_many_submissions_from_one_address_get_429_with_Retry_After()
    {
        await using var host = CrmWebHost.Create(CrmWebHost.NewMigratedDatabasePath(), new Dictionary<string, string?>
        {
            ["DemoData:Customers"] = "0",
            ["Sales:WebToLead:PermitsPerWindow"] = "3",
            ["Sales:WebToLead:WindowSeconds"] = "3600",
        });
        using var client = host.CreateBrowserLikeClient();
        var statuses = new List<HttpStatusCode>();
        HttpResponseMessage? limited = null;
        for (var i = 0; i < 5; i++)
        {
            var response = await PostAsync(client, Form(Unique("limit") + "@example.com", Guid.NewGuid().ToString()));
            statuses.Add(response.StatusCode);
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                limited ??= response;
            }
            else
            {
                response.Dispose();
            }
        }

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests, HttpStatusCode.TooManyRequests], statuses);
        Assert.NotNull(limited!.Headers.RetryAfter);
        Assert.True(limited.Headers.RetryAfter!.Delta > TimeSpan.Zero);
        Assert.Equal("application/problem+json", limited.Content.Headers.ContentType?.MediaType);
        Assert.Contains("Too many submissions", await limited.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(3, await host.QueryAsync(db => db.Set<Lead>().CountAsync()));
        limited.Dispose();
    }

    internal static Dictionary<string, string> Form(string email, string? submissionId)
    {
        var form = new Dictionary<string, string>
        {
            ["first_name"] = "Ada",
            ["last_name"] = "Lovelace",
            ["company"] = "Analytical Engines Ltd",
            ["email"] = email,
            ["phone"] = "(212) 555-0142",
            ["message"] = "Please call me about a quote.",
            ["website"] = "",
        };
        if (submissionId is not null)
        {
            form["submission_id"] = submissionId;
        }

        return form;
    }

    internal static async Task<HttpResponseMessage> PostAsync(HttpClient client, IReadOnlyDictionary<string, string> form)
    {
        using var content = new FormUrlEncodedContent(form);
        return await client.PostAsync(Endpoint, content);
    }

    internal static string Unique(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..(prefix.Length + 13)];
}
