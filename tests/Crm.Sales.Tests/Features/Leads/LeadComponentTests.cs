using Bunit;
using Crm.Kernel;
using Crm.Kernel.Errors;
using Crm.Sales.Contracts;
using Crm.Sales.Domain;
using Crm.Sales.Features.Leads;
using Crm.Sales.Features.Leads.CreateLead;
using Crm.Sales.Tests.Components;
using Crm.Testing;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;

namespace Crm.Sales.Tests.Features.Leads;

/// <summary>
/// bUnit over the real host and its SQLite file: the new-lead dialog shows the validator's messages and stores nothing for
/// bad input, the lead page shows a lead, refuses another rep's, says when a lead does not exist, and qualifies and
/// disqualifies (through the reason dialog) with the kit's snackbar.
/// </summary>
[Collection(SalesComponentsCollection.Name)]
public sealed class LeadComponentTests(NoDemoDataHost fixture)
{
    private const string RepA = "test:lead-rep-a";
    private const string RepB = "test:lead-rep-b";

    [Fact]
    public async Task A_lead_without_a_name_or_a_way_to_reach_them_shows_the_validators_messages_and_is_not_stored()
    {
        await using var ui = new ComponentHost(fixture.Host, CrmRoles.SalesRep, RepA);
        var expected = ui.Services.GetRequiredService<CreateLeadHandler>().Validator.Validate(new LeadInput { Source = "manual" })
            .Errors.Select(e => e.ErrorMessage).ToList();
        var before = await LeadCountAsync();
        var (cut, dialog) = await ui.ShowAsync(new DialogParameters<NewLeadDialog>());

        await cut.Find("[data-testid=lead-save]").ClickAsync(new MouseEventArgs());

        Assert.Equal(2, expected.Count);
        Assert.Equal(expected.Order(StringComparer.Ordinal), cut.FieldErrors().Order(StringComparer.Ordinal));
        Assert.False(dialog.Result.IsCompleted);
        Assert.Equal(before, await LeadCountAsync());
    }

    [Fact]
    public async Task A_bad_email_is_reported_under_the_email_field_and_nothing_is_stored()
    {
        await using var ui = new ComponentHost(fixture.Host, CrmRoles.SalesRep, RepA);
        var input = new LeadInput { LastName = "Babbage", Email = "charles-at-engine", Source = "manual" };
        var expected = Assert.Single(ui.Services.GetRequiredService<CreateLeadHandler>().Validator.Validate(input).Errors);
        var before = await LeadCountAsync();
        var (cut, _) = await ui.ShowAsync(new DialogParameters<NewLeadDialog>());

        await cut.Find("[data-testid=lead-last-name]").ChangeAsync(new ChangeEventArgs { Value = input.LastName });
        await cut.Find("[data-testid=lead-email]").ChangeAsync(new ChangeEventArgs { Value = input.Email });
        await cut.Find("[data-testid=lead-save]").ClickAsync(new MouseEventArgs());

        Assert.Equal(nameof(LeadInput.Email), expected.PropertyName);
        Assert.Equal([expected.ErrorMessage], cut.FieldErrors());
        Assert.Equal(before, await LeadCountAsync());
    }

    [Fact]
    public async Task A_valid_lead_is_stored_for_the_rep_and_the_dialog_answers_with_its_id()
    {
        await using var ui = new ComponentHost(fixture.Host, CrmRoles.SalesRep, RepA);
        var email = $"ada.{Guid.NewGuid():N}@example.com";
        var (cut, dialog) = await ui.ShowAsync(new DialogParameters<NewLeadDialog>());

        await cut.Find("[data-testid=lead-first-name]").ChangeAsync(new ChangeEventArgs { Value = "Ada" });
        await cut.Find("[data-testid=lead-last-name]").ChangeAsync(new ChangeEventArgs { Value = "Lovelace" });
        await cut.Find("[data-testid=lead-email]").ChangeAsync(new ChangeEventArgs { Value = email });
        await cut.Find("[data-testid=lead-save]").ClickAsync(new MouseEventArgs());

        var result = await dialog.Result;
        Assert.False(result!.Canceled);
        var stored = await fixture.Host.QueryAsync(db => db.Set<Lead>().AsNoTracking().SingleAsync(l => l.Email == email));
        Assert.Equal(stored.Id, result.Data);
        Assert.Equal(("Ada", "Lovelace", RepA, LeadStatus.New), (stored.FirstName, stored.LastName, stored.OwnerId, stored.Status));
    }

    [Fact]
    public async Task Cancelling_the_new_lead_dialog_stores_nothing()
    {
        await using var ui = new ComponentHost(fixture.Host, CrmRoles.SalesRep, RepA);
        var before = await LeadCountAsync();
        var (cut, dialog) = await ui.ShowAsync(new DialogParameters<NewLeadDialog>());
        await cut.Find("[data-testid=lead-last-name]").ChangeAsync(new ChangeEventArgs { Value = "Never saved" });
        await cut.Find("[data-testid=lead-email]").ChangeAsync(new ChangeEventArgs { Value = "never@example.com" });

        await cut.Button("Cancel").ClickAsync(new MouseEventArgs());

        Assert.True((await dialog.Result)!.Canceled);
        Assert.Equal(before, await LeadCountAsync());
    }

    [Fact]
    public async Task The_lead_page_shows_the_lead_with_its_owner()
    {
        var id = await CreateLeadAsync(RepA, "Grace", "Hopper");
        await using var ui = new ComponentHost(fixture.Host, CrmRoles.SalesRep, RepA);
        var expected = await ui.Services.GetRequiredService<LeadQueries>().GetAsync(id);

        var cut = ui.Context.Render<LeadPage>(p => p.Add(x => x.Id, id));
        cut.WaitForElement("[data-testid=lead-name]");

        Assert.Equal(expected.DisplayName, Rendered.Normalize(cut.Find("[data-testid=lead-name]").TextContent));
        Assert.Equal(expected.Status.ToString(), Rendered.Normalize(cut.Find("[data-testid=lead-status]").TextContent));
        Assert.Empty(cut.FindAll("[data-testid=lead-refused]"));
    }

    [Fact]
    public async Task Another_reps_lead_is_refused_with_a_warning_and_shows_none_of_its_details()
    {
        var id = await CreateLeadAsync(RepA, "Private", "Lead");
        await using var ui = new ComponentHost(fixture.Host, CrmRoles.SalesRep, RepB);
        var refusal = await Assert.ThrowsAsync<ForbiddenException>(() => ui.Services.GetRequiredService<LeadQueries>().GetAsync(id));

        var cut = ui.Context.Render<LeadPage>(p => p.Add(x => x.Id, id));
        var alert = cut.WaitForElement("[data-testid=lead-refused]");

        Assert.Equal(refusal.Message, Rendered.Normalize(alert.TextContent));
        Assert.Equal("Forbidden", alert.GetAttribute("data-problem"));
        Assert.Empty(cut.FindAll("[data-testid=lead-name]"));
        Assert.DoesNotContain("Private Lead", cut.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_lead_that_does_not_exist_says_so_as_an_error()
    {
        await using var ui = new ComponentHost(fixture.Host, CrmRoles.Manager, "test:lead-manager");
        var missing = (await fixture.Host.QueryAsync(db => db.Set<Lead>().MaxAsync(l => (long?)l.Id)) ?? 0) + 1_000;
        var notFound = await Assert.ThrowsAsync<NotFoundException>(() => ui.Services.GetRequiredService<LeadQueries>().GetAsync(missing));

        var cut = ui.Context.Render<LeadPage>(p => p.Add(x => x.Id, missing));
        var alert = cut.WaitForElement("[data-testid=lead-refused]");

        Assert.Equal(notFound.Message, Rendered.Normalize(alert.TextContent));
        Assert.Equal("NotFound", alert.GetAttribute("data-problem"));
    }

    [Fact]
    public async Task Qualifying_on_the_lead_page_stores_it_and_says_so_in_the_snackbar()
    {
        var id = await CreateLeadAsync(RepA, "Katherine", "Johnson");
        await using var ui = new ComponentHost(fixture.Host, CrmRoles.SalesRep, RepA);
        var cut = ui.Context.Render<LeadPage>(p => p.Add(x => x.Id, id));

        await cut.WaitForElement("[data-testid=lead-qualify]").ClickAsync(new MouseEventArgs());

        Assert.Equal(LeadStatus.Qualified, await StatusAsync(id));
        cut.WaitForAssertion(() => Assert.Equal(nameof(LeadStatus.Qualified), Rendered.Normalize(cut.Find("[data-testid=lead-status]").TextContent)));
        var shown = ui.Context.Services.GetRequiredService<ISnackbar>().ShownSnackbars.Select(s => (s.Message, s.Severity)).ToList();
        Assert.Contains(("Lead qualified.", Severity.Success), shown);
    }

    [Fact]
    public async Task Disqualifying_asks_for_a_reason_and_cancelling_the_dialog_changes_nothing()
    {
        var id = await CreateLeadAsync(RepA, "Dorothy", "Vaughan");
        await using var ui = new ComponentHost(fixture.Host, CrmRoles.SalesRep, RepA);
        var dialogs = ui.Context.Render<MudDialogProvider>();
        var cut = ui.Context.Render<LeadPage>(p => p.Add(x => x.Id, id));

        var cancelled = cut.WaitForElement("[data-testid=lead-disqualify]").ClickAsync(new MouseEventArgs());
        await dialogs.WaitForElement("[data-testid=reason-cancel]").ClickAsync(new MouseEventArgs());
        await cancelled;
        Assert.Equal(LeadStatus.New, await StatusAsync(id));

        var disqualified = cut.Find("[data-testid=lead-disqualify]").ClickAsync(new MouseEventArgs());
        await dialogs.WaitForElement("[data-testid=reason]").InputAsync(new ChangeEventArgs { Value = "Student project, no budget" });
        await dialogs.Find("[data-testid=reason-ok]").ClickAsync(new MouseEventArgs());
        await disqualified;

        var stored = await fixture.Host.QueryAsync(db => db.Set<Lead>().AsNoTracking().SingleAsync(l => l.Id == id));
        Assert.Equal((LeadStatus.Disqualified, "Student project, no budget"), (stored.Status, stored.DisqualifyReason));
        cut.WaitForAssertion(() => Assert.Equal(nameof(LeadStatus.Disqualified), Rendered.Normalize(cut.Find("[data-testid=lead-status]").TextContent)));
    }

    private async Task<long> CreateLeadAsync(string rep, string firstName, string lastName)
    {
        await using var scope = fixture.Host.Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<Crm.Kernel.Identity.CurrentUser>().SetSystemActor(rep, CrmRoles.SalesRep);
        var created = await scope.ServiceProvider.GetRequiredService<CreateLeadHandler>().CreateAsync(new LeadInput
        {
            FirstName = firstName, LastName = lastName, Email = $"{firstName}.{Guid.NewGuid():N}@example.com".ToLowerInvariant(), Source = "test",
        });
        Assert.True(created.Outcome == Crm.Kernel.Errors.CommandOutcome.Created, created.Validation.ToString());
        return created.Value;
    }

    private Task<int> LeadCountAsync() => fixture.Host.QueryAsync(db => db.Set<Lead>().CountAsync());

    private Task<LeadStatus> StatusAsync(long id) =>
        fixture.Host.QueryAsync(db => db.Set<Lead>().Where(l => l.Id == id).Select(l => l.Status).SingleAsync());
}
