using Bunit;
using Crm.Kernel;
using Crm.Kernel.Errors;
using Crm.Sales.Domain;
using Crm.Sales.Features.Orders;
using Crm.Sales.Tests.Components;
using Crm.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.Sales.Tests.Features.Orders;

/// <summary>bUnit over the real host: an order that does not exist shows the kit's not-found state, not an empty page.</summary>
[Collection(SalesComponentsCollection.Name)]
public sealed class OrderPageTests(NoDemoDataHost fixture)
{
    [Fact]
    public async Task An_order_that_does_not_exist_shows_the_not_found_message_and_no_order()
    {
        await using var ui = new ComponentHost(fixture.Host, CrmRoles.SalesRep, "test:order-rep");
        var missing = (await fixture.Host.QueryAsync(db => db.Set<Order>().MaxAsync(o => (long?)o.Id)) ?? 0) + 1_000;
        var notFound = await Assert.ThrowsAsync<NotFoundException>(() => ui.Services.GetRequiredService<OrderQueries>().GetAsync(missing));

        var cut = ui.Context.Render<OrderPage>(p => p.Add(x => x.Id, missing));
        var alert = cut.WaitForElement("[data-testid=order-error]");

        Assert.Equal(notFound.Message, Rendered.Normalize(alert.TextContent));
        Assert.Equal("NotFound", alert.GetAttribute("data-problem"));
        Assert.Empty(cut.FindAll("[data-testid=order-number]"));
    }
}
