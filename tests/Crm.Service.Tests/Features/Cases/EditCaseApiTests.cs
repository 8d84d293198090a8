using System.Net;
using System.Net.Http.Json;
using Crm.Service.Contracts;
using static Crm.Service.Tests.Features.Cases.CasesFixture;

namespace Crm.Service.Tests.Features.Cases;

/// <summary>PUT /api/v1/cases/{id}: an agent corrects a case under If-Match; the change and the values before it are on the thread.</summary>
public sealed class EditCaseApiTests(CasesFixture fixture) : IClassFixture<CasesFixture>
{
    private static async Task<HttpResponseMessage> PutAsync(HttpClient client, long id, CaseUpdateInput input, Guid? ifMatch)
    {
        using var request = new HttpRequestMessage(HttpMethod.Put, new Uri($"/api/v1/cases/{id}", UriKind.Relative))
        {
            Content = JsonContent.Create(input, options: Json),
        };
        if (ifMatch is { } version)
        {
            request.Headers.TryAddWithoutValidation("If-Match", $"\"{version:N}\"");
        }

        return await client.SendAsync(request);
    }

    [Fact]
    public async Task An_agent_corrects_subject_priority_category_and_tags_and_the_thread_names_old_and_new_values()
    {
        var customer = await fixture.CustomerOfAsync(Rep, "Brandauer");
        using var agent = await fixture.ClientAsync(Agent);
        var opened = await OpenCaseAsync(agent, customer.Id, "Kettle leaks");

        using var response = await PutAsync(agent, opened.Id, new CaseUpdateInput("  Kettle leaks at the base ", CasePriority.High, ["warranty", " Warranty ", "kettle"])
        {
            Category = "Technical",
        }, opened.Version);
        var edited = await ReadAsync<CaseDetails>(response);

        Assert.Equal(("Kettle leaks at the base", "Technical", CasePriority.High), (edited.Subject, edited.Category, edited.Priority));
        Assert.Equal(["warranty", "kettle"], edited.Tags);
        Assert.NotEqual(opened.Version, edited.Version);
        Assert.Equal($"\"{edited.Version:N}\"", response.Headers.ETag!.Tag);
        var change = Assert.Single(edited.Thread, e => e.Kind == CaseEntryKind.SystemEvent && e.Body.StartsWith("Changed:", StringComparison.Ordinal));
        Assert.Equal(
            "Changed: subject \"Kettle leaks\" → \"Kettle leaks at the base\"; category (none) → Technical; priority Normal → High; tags (none) → warranty, kettle.",
            change.Body);

        // The same values again change nothing: no second event, the version stays.
        using var same = await PutAsync(agent, opened.Id, new CaseUpdateInput("Kettle leaks at the base", CasePriority.High, ["warranty", "kettle"])
        {
            Category = "Technical",
        }, edited.Version);
        var unchanged = await ReadAsync<CaseDetails>(same);
        Assert.Equal(edited.Version, unchanged.Version);
        Assert.Equal(edited.Thread.Count, unchanged.Thread.Count);
    }

    [Fact]
    public async Task Without_If_Match_it_is_428_with_a_stale_version_412_and_nothing_changes()
    {
        var customer = await fixture.CustomerOfAsync(Rep, "Castellanos");
        using var agent = await fixture.ClientAsync(Agent);
        var opened = await OpenCaseAsync(agent, customer.Id, "Invoice twice");
        var input = new CaseUpdateInput("Invoice sent twice", CasePriority.Low, []);

        using var missing = await PutAsync(agent, opened.Id, input, null);
        using var note = await PostAsync(agent, $"/api/v1/cases/{opened.Id}/notes", new CaseNoteInput("Checking with billing."));
        Assert.Equal(HttpStatusCode.OK, note.StatusCode);
        using var stale = await PutAsync(agent, opened.Id, input, opened.Version);

        Assert.Equal(HttpStatusCode.PreconditionRequired, missing.StatusCode);
        Assert.Equal(HttpStatusCode.PreconditionFailed, stale.StatusCode);
        Assert.Equal("application/problem+json", stale.Content.Headers.ContentType!.MediaType);
        using var read = await agent.GetAsync(new Uri($"/api/v1/cases/{opened.Id}", UriKind.Relative));
        var now = await ReadAsync<CaseDetails>(read);
        Assert.Equal(("Invoice twice", CasePriority.Normal), (now.Subject, now.Priority));
    }

    [Fact]
    public async Task Bad_fields_and_an_unknown_product_are_named_and_nothing_changes()
    {
        var customer = await fixture.CustomerOfAsync(Rep, "Abernathy");
        using var agent = await fixture.ClientAsync(Agent);
        var opened = await OpenCaseAsync(agent, customer.Id, "Wrong colour");

        using var response = await PutAsync(agent, opened.Id, new CaseUpdateInput(" ", CasePriority.Normal, ["a|b"])
        {
            Category = new string('c', 101), OrderId = 0,
        }, opened.Version);
        using var badPriority = await agent.PutAsync(new Uri($"/api/v1/cases/{opened.Id}", UriKind.Relative), new StringContent(
            """{"subject":"Wrong colour","priority":"Whenever"}""", System.Text.Encoding.UTF8, "application/json"));
        using var unknownProduct = await PutAsync(agent, opened.Id, new CaseUpdateInput("Wrong colour", CasePriority.Normal, []) { ProductCode = "NO-SUCH-CODE" }, opened.Version);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>();
        var fields = problem.GetProperty("errors").EnumerateObject().Select(p => p.Name).ToList();
        Assert.Contains("subject", fields);
        Assert.Contains("category", fields);
        Assert.Equal(HttpStatusCode.BadRequest, badPriority.StatusCode);
        var priorityProblem = await badPriority.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>();
        Assert.Equal(["priority"], priorityProblem.GetProperty("errors").EnumerateObject().Select(p => p.Name));
        Assert.Contains("orderId", fields);
        Assert.Contains("tags[0]", fields);
        Assert.Equal(HttpStatusCode.BadRequest, unknownProduct.StatusCode);
        Assert.Contains("No product with code 'NO-SUCH-CODE'", await unknownProduct.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        using var read = await agent.GetAsync(new Uri($"/api/v1/cases/{opened.Id}", UriKind.Relative));
        Assert.Equal(opened.Version, (await ReadAsync<CaseDetails>(read)).Version);
    }

    [Fact]
    public async Task A_rep_cannot_edit_even_their_own_customers_case_and_a_closed_case_is_not_edited()
    {
        var customer = await fixture.CustomerOfAsync(Rep, "Vukovic");
        using var agent = await fixture.ClientAsync(Agent);
        using var rep = await fixture.ClientAsync(Rep);
        var opened = await OpenCaseAsync(agent, customer.Id, "Missing manual");
        var input = new CaseUpdateInput("Missing manual (PDF)", CasePriority.Normal, []);

        using var byRep = await PutAsync(rep, opened.Id, input, opened.Version);
        Assert.Equal(HttpStatusCode.Forbidden, byRep.StatusCode);

        using (await PostAsync(agent, $"/api/v1/cases/{opened.Id}/status", new CaseStatusInput(CaseStatus.Resolved))) { }
        using var closing = await PostAsync(agent, $"/api/v1/cases/{opened.Id}/status", new CaseStatusInput(CaseStatus.Closed));
        var closed = await ReadAsync<CaseDetails>(closing);
        using var afterClose = await PutAsync(agent, opened.Id, input, closed.Version);
        Assert.Equal(HttpStatusCode.Conflict, afterClose.StatusCode);
        Assert.Contains("is closed", await afterClose.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_put_without_priority_or_tags_is_refused_naming_them_and_resets_nothing()
    {
        var customer = await fixture.CustomerOfAsync(Rep, "Okonkwo");
        using var agent = await fixture.ClientAsync(Agent);
        var opened = await ReadAsync<CaseDetails>(await OpenAsync(agent, new CaseInput
        {
            CustomerId = customer.Id, Subject = "Blender sparks", Priority = CasePriority.Urgent, Tags = ["safety"],
        }));

        using var request = new HttpRequestMessage(HttpMethod.Put, new Uri($"/api/v1/cases/{opened.Id}", UriKind.Relative))
        {
            Content = new StringContent("""{"subject":"Blender sparks when switched on"}""", System.Text.Encoding.UTF8, "application/json"),
        };
        request.Headers.TryAddWithoutValidation("If-Match", $"\"{opened.Version:N}\"");
        using var subjectOnly = await agent.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, subjectOnly.StatusCode);
        var errors = (await subjectOnly.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("errors");
        Assert.Equal(["priority", "tags"], errors.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
        Assert.StartsWith("Give the priority", errors.GetProperty("priority")[0].GetString(), StringComparison.Ordinal);
        var now = await ReadAsync<CaseDetails>(await agent.GetAsync(new Uri($"/api/v1/cases/{opened.Id}", UriKind.Relative)));
        Assert.Equal(("Blender sparks", CasePriority.Urgent, opened.Version), (now.Subject, now.Priority, now.Version));
        Assert.Equal(["safety"], now.Tags);
    }
}
