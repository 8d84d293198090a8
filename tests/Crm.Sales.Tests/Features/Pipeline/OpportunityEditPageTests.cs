using System.Globalization;
using Bunit;
using Crm.Kernel;
using Crm.Kernel.Errors;
using Crm.Sales.Contracts;
using Crm.Sales.Domain;
using Crm.Sales.Features.Pipeline;
using Crm.Sales.Tests.Components;
using Crm.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.Sales.Tests.Features.Pipeline;

/// <summary>bUnit over the real host: the opportunity form loads through the kit's page load.</summary>
[Collection(SalesComponentsCollection.Name)]
public sealed class OpportunityEditPageTests(NoDemoDataHost fixture)
{
    [Fact]
    public async Task An_opportunity_that_does_not_exist_shows_the_not_found_message_instead_of_the_form()
    {
        await using var ui = new ComponentHost(fixture.Host, CrmRoles.Manager, "test:opportunity-manager");
        var missing = (await fixture.Host.QueryAsync(db => db.Set<Opportunity>().MaxAsync(o => (long?)o.Id)) ?? 0) + 1_000;
        var notFound = await Assert.ThrowsAsync<NotFoundException>(() => ui.Services.GetRequiredService<OpportunityQueries>().GetAsync(missing));

        var cut = ui.Context.Render<OpportunityEditPage>(p => p.Add(x => x.Id, missing));
        var alert = cut.WaitForElement("[data-testid=opportunity-refused]");

        Assert.Equal(notFound.Message, Rendered.Normalize(alert.TextContent));
        Assert.Equal("NotFound", alert.GetAttribute("data-problem"));
        Assert.Empty(cut.FindAll("form"));
    }

    [Fact]
    public async Task A_new_opportunity_form_loads_with_the_first_open_stages_probability()
    {
        await using var ui = new ComponentHost(fixture.Host, CrmRoles.SalesRep, "test:opportunity-rep");
        var stages = await ui.Services.GetRequiredService<OpportunityQueries>().StagesAsync(includeInactive: true);
        var first = stages.Where(s => s.IsActive && s.Kind == StageKind.Open).OrderBy(s => s.Position).First();

        var cut = ui.Context.Render<OpportunityEditPage>();
        cut.WaitForElement("form");

        Assert.Empty(cut.FindAll("[data-testid=opportunity-refused]"));
        Assert.Empty(cut.FindAll("[data-testid=page-loading]"));
        Assert.Equal(first.Probability.ToString(CultureInfo.CurrentCulture), cut.Find("[data-testid=opportunity-probability]").GetAttribute("value"));
        Assert.Single(cut.FindAll("[data-testid=save-opportunity]"));
    }
}
