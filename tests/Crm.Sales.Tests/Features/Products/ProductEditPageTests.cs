using Bunit;
using Crm.Kernel;
using Crm.Kernel.Errors;
using Crm.Sales.Contracts;
using Crm.Sales.Domain;
using Crm.Sales.Features.Products;
using Crm.Sales.Tests.Components;
using Crm.Testing;
using Microsoft.AspNetCore.Components;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.Sales.Tests.Features.Products;

/// <summary>bUnit over the real host: the product form shows the shared validator's messages under the fields and stores nothing.</summary>
[Collection(SalesComponentsCollection.Name)]
public sealed class ProductEditPageTests(NoDemoDataHost fixture)
{
    [Fact]
    public async Task An_empty_product_shows_what_to_fill_in_and_nothing_is_stored()
    {
        await using var ui = new ComponentHost(fixture.Host, CrmRoles.Manager, "test:product-manager");
        var expected = new ProductInputValidator().Validate(new ProductInput { Code = "", Name = "" }).Errors.Select(e => e.ErrorMessage);
        var before = await ProductCountAsync();
        var cut = ui.Context.Render<ProductEditPage>();

        await cut.WaitForElement("form").SubmitAsync();

        Assert.Equal(expected.Order(StringComparer.Ordinal), cut.FieldErrors().Order(StringComparer.Ordinal));
        Assert.Equal(before, await ProductCountAsync());
    }

    [Fact]
    public async Task A_code_with_spaces_and_a_missing_name_are_each_reported_and_nothing_is_stored()
    {
        await using var ui = new ComponentHost(fixture.Host, CrmRoles.Manager, "test:product-manager");
        var input = new ProductInput { Code = "AB 12", Name = "", Description = "Widget" };
        var expected = new ProductInputValidator().Validate(input).Errors.Select(e => e.ErrorMessage).ToList();
        var before = await ProductCountAsync();
        var cut = ui.Context.Render<ProductEditPage>();

        await cut.WaitForElement("[data-testid=product-code]").ChangeAsync(new ChangeEventArgs { Value = input.Code });
        await cut.Find("[data-testid=product-description]").ChangeAsync(new ChangeEventArgs { Value = input.Description });
        await cut.Find("form").SubmitAsync();

        Assert.Equal(2, expected.Count);
        Assert.Equal(expected.Order(StringComparer.Ordinal), cut.FieldErrors().Order(StringComparer.Ordinal));
        Assert.Equal(before, await ProductCountAsync());
        Assert.False(await fixture.Host.QueryAsync(db => db.Set<Product>().AnyAsync(p => p.Code == "AB 12" || p.Code == "AB12")));
    }

    [Fact]
    public async Task Editing_a_product_that_does_not_exist_shows_the_not_found_message_and_no_form()
    {
        await using var ui = new ComponentHost(fixture.Host, CrmRoles.Manager, "test:product-manager");
        var missing = (await fixture.Host.QueryAsync(db => db.Set<Product>().MaxAsync(p => (long?)p.Id)) ?? 0) + 1_000;
        var notFound = await Assert.ThrowsAsync<NotFoundException>(() => ui.Services.GetRequiredService<ProductQueries>().GetAsync(missing));

        var cut = ui.Context.Render<ProductEditPage>(p => p.Add(x => x.Id, missing));
        var alert = cut.WaitForElement("[data-testid=product-error]");

        Assert.Equal(notFound.Message, Rendered.Normalize(alert.TextContent));
        Assert.Equal("NotFound", alert.GetAttribute("data-problem"));
        Assert.Empty(cut.FindAll("form"));
    }

    private Task<int> ProductCountAsync() => fixture.Host.QueryAsync(db => db.Set<Product>().CountAsync());
}
