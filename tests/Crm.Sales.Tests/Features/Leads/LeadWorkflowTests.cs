using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Crm.Contacts.Contracts;
using Crm.Kernel;
using Crm.Sales.Contracts;
using Crm.Sales.Domain;
using Crm.Sales.Tests.Features.Pipeline;
using Microsoft.EntityFrameworkCore;
using static Crm.Sales.Tests.Features.Pipeline.PipelineFixture;

namespace Crm.Sales.Tests.Features.Leads;

/// <summary>Leads over the API: round-robin, qualify/disqualify, access, and conversion with the duplicate check and timeline.</summary>
public sealed class LeadWorkflowTests(PipelineFixture fixture) : IClassFixture<PipelineFixture>
{
    [Fact]
    public async Task Web_leads_go_round_robin_to_the_rep_assigned_least_recently()
    {
        var reps = new[] { await fixture.UserIdAsync(Rep), await fixture.UserIdAsync(SecondRep) };
        using var web = fixture.Host.CreateBrowserLikeClient();
        var owners = new List<string?>();
        for (var i = 0; i < 4; i++)
        {
            // What round-robin must pick, derived from the stored assignments: the rep whose last assignment is oldest.
            var last = await fixture.Host.QueryAsync(db => db.Set<Lead>().Where(l => l.OwnerId != null && reps.Contains(l.OwnerId))
                .GroupBy(l => l.OwnerId).Select(g => new { g.Key, Last = g.Max(l => l.AssignedAtUtc) }).ToListAsync());
            var expected = reps.OrderBy(r => last.FirstOrDefault(l => l.Key == r)?.Last ?? DateTime.MinValue).ThenBy(r => r, StringComparer.Ordinal).First();
            var email = WebToLeadTests.Unique("rr") + "@example.com";
            using var response = await WebToLeadTests.PostAsync(web, WebToLeadTests.Form(email, Guid.NewGuid().ToString()));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var owner = await fixture.Host.QueryAsync(db => db.Set<Lead>().Where(l => l.Email == email).Select(l => l.OwnerId).SingleAsync());
            Assert.Equal(expected, owner);
            owners.Add(owner);
        }

        Assert.Equal(2, owners.Count(o => o == reps[0]));
        Assert.Equal(2, owners.Count(o => o == reps[1]));
        Assert.All(owners.Zip(owners.Skip(1)), pair => Assert.NotEqual(pair.First, pair.Second));
    }

    [Fact]
    public async Task A_rep_enters_a_lead_qualifies_it_and_a_disqualification_needs_a_reason()
    {
        using var rep = await fixture.ClientAsync(Rep);
        var lead = await CreateLeadAsync(rep, new LeadInput { FirstName = "Grace", LastName = "Hopper", Email = "grace@navy.example", Source = "phone" });
        Assert.Equal(await fixture.UserIdAsync(Rep), lead.OwnerId);
        Assert.Equal(LeadStatus.New, lead.Status);

        using var noReason = await rep.PostAsJsonAsync(new Uri($"/api/v1/leads/{lead.Id}/disqualify", UriKind.Relative), new DisqualifyLeadInput(" "), Json);
        Assert.Equal(HttpStatusCode.BadRequest, noReason.StatusCode);
        Assert.Contains("\"errors\":{\"reason\"", await noReason.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(LeadStatus.New, await StatusAsync(lead.Id));

        using var qualified = await rep.PostAsync(new Uri($"/api/v1/leads/{lead.Id}/qualify", UriKind.Relative), null);
        Assert.Equal(LeadStatus.Qualified, (await ReadAsync<LeadDetails>(qualified)).Status);
        using var disqualified = await rep.PostAsJsonAsync(new Uri($"/api/v1/leads/{lead.Id}/disqualify", UriKind.Relative), new DisqualifyLeadInput("No budget this year"), Json);
        var after = await ReadAsync<LeadDetails>(disqualified);
        Assert.Equal(LeadStatus.Disqualified, after.Status);
        Assert.Equal("No budget this year", after.DisqualifyReason);
    }

    [Fact]
    public async Task A_rep_cannot_read_or_change_another_reps_lead_and_nothing_changes_after_the_refusal()
    {
        using var owner = await fixture.ClientAsync(Rep);
        using var other = await fixture.ClientAsync(SecondRep);
        using var agent = await fixture.ClientAsync("agent@ecrm.local");
        var lead = await CreateLeadAsync(owner, new LeadInput { LastName = "Owned", Email = WebToLeadTests.Unique("owned") + "@example.com" });
        var before = await SnapshotAsync(lead.Id);

        using var read = await other.GetAsync(new Uri($"/api/v1/leads/{lead.Id}", UriKind.Relative));
        using var qualify = await other.PostAsync(new Uri($"/api/v1/leads/{lead.Id}/qualify", UriKind.Relative), null);
        using var take = await other.PostAsJsonAsync(new Uri($"/api/v1/leads/{lead.Id}/assign", UriKind.Relative), new AssignLeadInput(await fixture.UserIdAsync(SecondRep)), Json);
        using var convert = await other.PostAsJsonAsync(new Uri($"/api/v1/leads/{lead.Id}/convert", UriKind.Relative), new ConvertLeadInput { AllowDuplicates = true }, Json);
        using var agentList = await agent.GetAsync(new Uri("/api/v1/leads", UriKind.Relative));

        Assert.All([read, qualify, take, convert, agentList], r => Assert.Equal(HttpStatusCode.Forbidden, r.StatusCode));
        Assert.Equal(before, await SnapshotAsync(lead.Id));
        var theirList = await other.GetFromJsonAsync<PagedResult<LeadListItem>>(new Uri("/api/v1/leads?pageSize=200", UriKind.Relative), Json);
        Assert.DoesNotContain(theirList!.Items, l => l.Id == lead.Id);
    }

    [Fact]
    public async Task A_manager_assigns_a_lead_to_a_rep()
    {
        using var manager = await fixture.ClientAsync("manager@ecrm.local");
        var secondRep = await fixture.UserIdAsync(SecondRep);
        var lead = await CreateLeadAsync(manager, new LeadInput { CompanyName = "Assigned Co", Phone = "+44 20 7946 0958" });
        using var assigned = await manager.PostAsJsonAsync(new Uri($"/api/v1/leads/{lead.Id}/assign", UriKind.Relative), new AssignLeadInput(secondRep), Json);
        var after = await ReadAsync<LeadDetails>(assigned);
        Assert.Equal(secondRep, after.OwnerId);
        Assert.Equal("+442079460958", after.Phone);
        Assert.True(after.AssignedAtUtc >= lead.CreatedAtUtc);
    }

    [Fact]
    public async Task Converting_a_lead_that_matches_a_customer_shows_the_duplicate_and_changes_nothing_until_the_rep_chooses()
    {
        using var rep = await fixture.ClientAsync(Rep);
        var email = WebToLeadTests.Unique("dup") + "@example.com";
        var existing = await CreateCustomerAsync(rep, "Existing", email);
        var lead = await CreateLeadAsync(rep, new LeadInput
        {
            FirstName = "Test", LastName = "Existing", Email = email.ToUpperInvariant(), Source = "web", Message = "Interested in 40 licences.",
        });
        var customersBefore = await CustomerCountAsync(rep);
        var opportunitiesBefore = await fixture.Host.QueryAsync(db => db.Set<Opportunity>().CountAsync());

        using var refused = await rep.PostAsJsonAsync(new Uri($"/api/v1/leads/{lead.Id}/convert", UriKind.Relative), new ConvertLeadInput { Amount = 12_000m }, Json);

        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        using (var problem = JsonDocument.Parse(await refused.Content.ReadAsStringAsync()))
        {
            var ids = problem.RootElement.GetProperty("duplicates").EnumerateArray().Select(d => d.GetProperty("id").GetInt64()).ToList();
            Assert.Contains(existing.Id, ids);
        }

        Assert.Equal(LeadStatus.New, await StatusAsync(lead.Id));
        Assert.Equal(customersBefore, await CustomerCountAsync(rep));
        Assert.Equal(opportunitiesBefore, await fixture.Host.QueryAsync(db => db.Set<Opportunity>().CountAsync()));

        using var converted = await rep.PostAsJsonAsync(new Uri($"/api/v1/leads/{lead.Id}/convert", UriKind.Relative),
            new ConvertLeadInput { CustomerId = existing.Id, Amount = 12_000m, OpportunityName = "40 licences" }, Json);
        var result = await ReadAsync<LeadConversionResult>(converted);

        Assert.Equal(existing.Id, result.CustomerId);
        Assert.Equal(customersBefore, await CustomerCountAsync(rep));
        var firstStage = await fixture.Host.QueryAsync(db => db.Set<PipelineStage>().Where(s => s.IsActive && s.Kind == StageKind.Open).OrderBy(s => s.Position).FirstAsync());
        var opportunity = await GetOpportunityAsync(rep, result.OpportunityId!.Value);
        Assert.Equal(firstStage.Id, opportunity.StageId);
        Assert.Equal(firstStage.Probability, opportunity.Probability);
        Assert.Equal(12_000m * firstStage.Probability / 100m, opportunity.WeightedAmount);
        Assert.Equal(existing.Id, opportunity.CustomerId);
        Assert.Equal(lead.Id, opportunity.LeadId);
        var stored = await fixture.Host.QueryAsync(db => db.Set<Lead>().SingleAsync(l => l.Id == lead.Id));
        Assert.Equal(LeadStatus.Converted, stored.Status);
        Assert.Equal(existing.Id, stored.ConvertedCustomerId);
        Assert.Equal(opportunity.Id, stored.ConvertedOpportunityId);

        var timeline = await TimelineAsync(rep, existing.Id);
        Assert.Contains(timeline, i => i.Subject == "Lead created (web)" && i.Notes == "Interested in 40 licences." && i.Channel == Crm.Kernel.Channel.Web);
        Assert.Contains(timeline, i => i.Subject.StartsWith("Lead assigned to", StringComparison.Ordinal));
        var conversion = Assert.Single(timeline, i => i.Subject.StartsWith("Lead converted", StringComparison.Ordinal));
        Assert.Contains("Source: web", conversion.Notes, StringComparison.Ordinal);
        Assert.Contains("Interested in 40 licences.", conversion.Notes, StringComparison.Ordinal);

        using var again = await rep.PostAsJsonAsync(new Uri($"/api/v1/leads/{lead.Id}/convert", UriKind.Relative), new ConvertLeadInput { CustomerId = existing.Id }, Json);
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);

        // A converted lead refuses further work with 409 also under its current ETag: 412 means only a stale version.
        using var read = await rep.GetAsync(new Uri($"/api/v1/leads/{lead.Id}", UriKind.Relative));
        using var qualify = new HttpRequestMessage(HttpMethod.Post, new Uri($"/api/v1/leads/{lead.Id}/qualify", UriKind.Relative));
        qualify.Headers.IfMatch.Add(read.Headers.ETag!);
        using var qualified = await rep.SendAsync(qualify);
        Assert.Equal(HttpStatusCode.Conflict, qualified.StatusCode);
    }

    [Fact]
    public async Task A_qualified_lead_without_a_match_becomes_a_new_customer_with_its_history_on_the_timeline()
    {
        using var rep = await fixture.ClientAsync(Rep);
        var email = WebToLeadTests.Unique("new") + "@example.com";
        var lead = await CreateLeadAsync(rep, new LeadInput { FirstName = "Brand", LastName = "New" + Guid.NewGuid().ToString("N")[..6], Email = email, Source = "event" });
        using (var qualify = await rep.PostAsync(new Uri($"/api/v1/leads/{lead.Id}/qualify", UriKind.Relative), null))
        {
            Assert.Equal(HttpStatusCode.OK, qualify.StatusCode);
        }

        using var converted = await rep.PostAsJsonAsync(new Uri($"/api/v1/leads/{lead.Id}/convert", UriKind.Relative), new ConvertLeadInput { Amount = 500m }, Json);
        var result = await ReadAsync<LeadConversionResult>(converted);

        var customer = await rep.GetFromJsonAsync<CustomerDetails>(new Uri($"/api/v1/customers/{result.CustomerId}", UriKind.Relative), Json);
        Assert.Equal([email], customer!.Emails);
        Assert.Equal(lead.LastName, customer.LastName);
        Assert.Equal(await fixture.UserIdAsync(Rep), customer.OwnerId);
        var subjects = (await TimelineAsync(rep, result.CustomerId!.Value)).Select(i => i.Subject).ToList();
        Assert.Contains("Lead created (event)", subjects);
        Assert.Contains("Lead qualified", subjects);
        Assert.Contains(subjects, s => s.StartsWith("Lead converted", StringComparison.Ordinal));
    }

    private static async Task<int> CustomerCountAsync(HttpClient client) =>
        (await client.GetFromJsonAsync<PagedResult<CustomerListItem>>(new Uri("/api/v1/customers?includeInactive=true&pageSize=1", UriKind.Relative), Json))!.TotalCount;

    private static async Task<IReadOnlyList<InteractionDto>> TimelineAsync(HttpClient client, long customerId) =>
        (await client.GetFromJsonAsync<PagedResult<InteractionDto>>(new Uri($"/api/v1/customers/{customerId}/interactions?pageSize=100", UriKind.Relative), Json))!.Items;

    private static async Task<LeadDetails> CreateLeadAsync(HttpClient client, LeadInput input)
    {
        using var response = await client.PostAsJsonAsync(new Uri("/api/v1/leads", UriKind.Relative), input, Json);
        return await ReadAsync<LeadDetails>(response);
    }

    private Task<LeadStatus> StatusAsync(long id) =>
        fixture.Host.QueryAsync(db => db.Set<Lead>().Where(l => l.Id == id).Select(l => l.Status).SingleAsync());

    private Task<string> SnapshotAsync(long id) => fixture.Host.QueryAsync(async db =>
    {
        var lead = await db.Set<Lead>().AsNoTracking().SingleAsync(l => l.Id == id);
        return JsonSerializer.Serialize(lead) + await db.Set<Opportunity>().CountAsync();
    });
}
