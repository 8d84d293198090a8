using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Crm.Contacts.Contracts;
using Crm.Kernel;
using Crm.Kernel.Errors;
using Crm.Kernel.Identity;
using Crm.Sales.Contracts;
using Crm.Sales.Features.Products;
using Crm.Sales.Features.Products.CreateProduct;
using Crm.Sales.Features.Products.UpdateProduct;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection;
using static Crm.Sales.Tests.Features.Products.ProductsFixture;

namespace Crm.Sales.Tests.Features.Products;

public sealed class ProductsApiTests(ProductsFixture fixture) : IClassFixture<ProductsFixture>
{
    [Fact]
    public async Task A_manager_creates_reads_and_updates_a_product_with_its_ETag()
    {
        using var manager = await fixture.Host.SignedInClientAsync("manager@ecrm.local");
        var created = await CreateAsync(manager, Product("CRUD-1", "Crème brûlée torch", 24.5m));
        Assert.Equal("CRUD-1", created.Code);
        Assert.Equal(24.5m, created.ListPrice);
        Assert.Equal(12.25m, created.UnitCost);

        using var byCode = await manager.GetAsync(new Uri("/api/v1/products/by-code/CRUD-1", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, byCode.StatusCode);
        var etag = byCode.Headers.ETag!.Tag;

        using var update = new HttpRequestMessage(HttpMethod.Put, $"/api/v1/products/{created.Id}")
        {
            Content = JsonContent.Create(Product("CRUD-1", "Crème brûlée torch XL", 29.99m) with { StockOnHand = 40 }, options: Json),
        };
        update.Headers.IfMatch.Add(new EntityTagHeaderValue(etag));
        using var updated = await manager.SendAsync(update);
        Assert.Equal(HttpStatusCode.OK, updated.StatusCode);
        var after = (await updated.Content.ReadFromJsonAsync<ProductDetails>(Json))!;
        Assert.Equal(29.99m, after.ListPrice);
        Assert.Equal(40, after.StockOnHand);
        Assert.NotEqual(created.Version, after.Version);

        // The old ETag is stale now: 412, nothing changed.
        using var stale = new HttpRequestMessage(HttpMethod.Put, $"/api/v1/products/{created.Id}")
        {
            Content = JsonContent.Create(Product("CRUD-1", "Overwritten"), options: Json),
        };
        stale.Headers.IfMatch.Add(new EntityTagHeaderValue(etag));
        using var refused = await manager.SendAsync(stale);
        Assert.Equal(HttpStatusCode.PreconditionFailed, refused.StatusCode);
        Assert.Contains("Someone else changed this product", (await refused.Content.ReadFromJsonAsync<ProblemDetails>(Json))!.Detail, StringComparison.Ordinal);

        using var noIfMatch = await manager.PutAsJsonAsync(new Uri($"/api/v1/products/{created.Id}", UriKind.Relative), Product("CRUD-1"), Json);
        Assert.Equal((HttpStatusCode)428, noIfMatch.StatusCode);

        var current = await manager.GetFromJsonAsync<ProductDetails>(new Uri($"/api/v1/products/{created.Id}", UriKind.Relative), Json);
        Assert.Equal("Crème brûlée torch XL", current!.Name);
    }

    [Fact]
    public async Task Invalid_products_and_duplicate_codes_are_refused_with_field_messages()
    {
        using var manager = await fixture.Host.SignedInClientAsync("manager@ecrm.local");
        using var invalid = await manager.PostAsJsonAsync(new Uri("/api/v1/products", UriKind.Relative),
            new ProductInput { Code = "HAS SPACE", Name = "", ListPrice = -1, UnitCost = 1.23456m, StockOnHand = -3 }, Json);
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        var problem = (await invalid.Content.ReadFromJsonAsync<ValidationProblemDetails>(Json))!;
        Assert.Equal(new[] { "code", "listPrice", "name", "stockOnHand", "unitCost" }, problem.Errors.Keys.Order(StringComparer.Ordinal));
        Assert.Contains("cannot contain spaces", problem.Errors["code"].Single(), StringComparison.Ordinal);

        await CreateAsync(manager, Product("DUP-1"));
        using var duplicate = await manager.PostAsJsonAsync(new Uri("/api/v1/products", UriKind.Relative), Product("DUP-1", "Another"), Json);
        Assert.Equal(HttpStatusCode.BadRequest, duplicate.StatusCode);
        var duplicateProblem = (await duplicate.Content.ReadFromJsonAsync<ValidationProblemDetails>(Json))!;
        Assert.Contains("already has the code 'DUP-1'", duplicateProblem.Errors["code"].Single(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Reps_and_agents_read_the_catalogue_but_cannot_change_it()
    {
        using var manager = await fixture.Host.SignedInClientAsync("manager@ecrm.local");
        await CreateAsync(manager, Product("READ-1", "Visible to all"));

        foreach (var email in new[] { "rep@ecrm.local", "agent@ecrm.local" })
        {
            using var client = await fixture.Host.SignedInClientAsync(email);
            var page = await client.GetFromJsonAsync<PagedResult<ProductListItem>>(new Uri("/api/v1/products?search=READ-1", UriKind.Relative), Json);
            Assert.Equal("READ-1", Assert.Single(page!.Items).Code);
            using var create = await client.PostAsJsonAsync(new Uri("/api/v1/products", UriKind.Relative), Product("READ-2"), Json);
            Assert.Equal(HttpStatusCode.Forbidden, create.StatusCode);
            Assert.Equal("application/problem+json", create.Content.Headers.ContentType!.MediaType);
        }

        Assert.Equal(0, await fixture.Host.QueryAsync(db => Task.FromResult(db.Set<Domain.Product>().Count(p => p.Code == "READ-2"))));
    }

    [Fact]
    public async Task An_ERP_key_with_the_Manager_role_sets_stock_and_price_and_a_SalesRep_key_is_refused()
    {
        using var manager = await fixture.Host.SignedInClientAsync("manager@ecrm.local");
        var product = await CreateAsync(manager, Product("ERP-1", "Pallet wrap", 8m));
        using var erp = fixture.ApiKeyClient(fixture.ManagerKey);

        using var stock = await erp.PutAsJsonAsync(new Uri("/api/v1/products/ERP-1/stock", UriKind.Relative), new StockUpdate { StockOnHand = 1234 }, Json);
        Assert.Equal(HttpStatusCode.OK, stock.StatusCode);
        Assert.Equal(1234, (await stock.Content.ReadFromJsonAsync<ProductDetails>(Json))!.StockOnHand);

        using var price = await erp.PutAsJsonAsync(new Uri("/api/v1/products/ERP-1/price", UriKind.Relative),
            new PriceUpdate { ListPrice = 9.1234m, UnitCost = 4.5m }, Json);
        Assert.Equal(HttpStatusCode.OK, price.StatusCode);
        var priced = (await price.Content.ReadFromJsonAsync<ProductDetails>(Json))!;
        Assert.Equal(9.1234m, priced.ListPrice);
        Assert.Equal(4.5m, priced.UnitCost);
        Assert.NotEqual(product.Version, priced.Version);

        // What is stored is what the ERP sent (read back through EF, exact to 4 decimals).
        var stored = await fixture.Host.QueryAsync(db => Task.FromResult(db.Set<Domain.Product>().Single(p => p.Code == "ERP-1")));
        Assert.Equal((1234, 9.1234m, (decimal?)4.5m), (stored.StockOnHand, stored.ListPrice, stored.UnitCost));
        Assert.NotEqual("anonymous", stored.ModifiedBy);

        using var negative = await erp.PutAsJsonAsync(new Uri("/api/v1/products/ERP-1/stock", UriKind.Relative), new StockUpdate { StockOnHand = -1 }, Json);
        Assert.Equal(HttpStatusCode.BadRequest, negative.StatusCode);
        using var unknown = await erp.PutAsJsonAsync(new Uri("/api/v1/products/NO-SUCH/stock", UriKind.Relative), new StockUpdate { StockOnHand = 1 }, Json);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal("application/problem+json", unknown.Content.Headers.ContentType!.MediaType);

        using var shop = fixture.ApiKeyClient(fixture.SalesRepKey);
        using var refused = await shop.PutAsJsonAsync(new Uri("/api/v1/products/ERP-1/stock", UriKind.Relative), new StockUpdate { StockOnHand = 0 }, Json);
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        using var refusedPrice = await shop.PutAsJsonAsync(new Uri("/api/v1/products/ERP-1/price", UriKind.Relative), new PriceUpdate { ListPrice = 0 }, Json);
        Assert.Equal(HttpStatusCode.Forbidden, refusedPrice.StatusCode);
        var unchanged = await shop.GetFromJsonAsync<ProductDetails>(new Uri("/api/v1/products/by-code/ERP-1", UriKind.Relative), Json);
        Assert.Equal((1234, 9.1234m), (unchanged!.StockOnHand, unchanged.ListPrice));
    }

    [Fact]
    public async Task Two_managers_editing_the_same_product_the_second_save_is_a_conflict_not_an_overwrite()
    {
        long id;
        Guid version;
        await using (var scope = ManagerScope())
        {
            var result = await scope.ServiceProvider.GetRequiredService<CreateProductHandler>().CreateAsync(Product("CONC-1", "Original"));
            id = result.Value;
            version = (await scope.ServiceProvider.GetRequiredService<ProductQueries>().GetAsync(id)).Version;
        }

        await using (var first = ManagerScope())
        {
            var saved = await first.ServiceProvider.GetRequiredService<UpdateProductHandler>().UpdateAsync(id, Product("CONC-1", "First edit"), version);
            Assert.Equal(CommandOutcome.Done, saved.Outcome);
        }

        await using (var second = ManagerScope())
        {
            var error = await Assert.ThrowsAsync<ConflictException>(() =>
                second.ServiceProvider.GetRequiredService<UpdateProductHandler>().UpdateAsync(id, Product("CONC-1", "Second edit"), version));
            Assert.Contains("Someone else changed this product", error.Message, StringComparison.Ordinal);
            Assert.Equal("First edit", (await second.ServiceProvider.GetRequiredService<ProductQueries>().GetAsync(id)).Name);
        }
    }

    [Fact]
    public async Task The_list_searches_code_and_accent_free_name_and_filters_category_activity_and_stock()
    {
        await using var scope = ManagerScope();
        var commands = scope.ServiceProvider.GetRequiredService<CreateProductHandler>();
        await commands.CreateAsync(Product("LST-A1", "Crème fraîche pot", 3m, "Dairy-list") with { StockOnHand = 0 });
        await commands.CreateAsync(Product("LST-A2", "Yoghurt", 2m, "Dairy-list"));
        await commands.CreateAsync(Product("LST-B1", "Bread knife", 15m, "Kitchen-list") with { IsActive = false });
        var queries = scope.ServiceProvider.GetRequiredService<ProductQueries>();

        Assert.Equal(new[] { "LST-A1" }, Codes(await queries.ListAsync(new ProductListQuery { Search = "CREME FRA" })));
        Assert.Equal(new[] { "LST-A1", "LST-A2" }, Codes(await queries.ListAsync(new ProductListQuery { Search = "LST-A", Sort = ProductSort.Code })));
        Assert.Equal(new[] { "LST-A2" }, Codes(await queries.ListAsync(new ProductListQuery { Category = "Dairy-list", InStock = true })));
        Assert.Equal(new[] { "LST-A1" }, Codes(await queries.ListAsync(new ProductListQuery { Category = "Dairy-list", InStock = false })));
        Assert.Equal(new[] { "LST-B1" }, Codes(await queries.ListAsync(new ProductListQuery { Search = "LST-", Active = false })));
        var byPrice = await queries.ListAsync(new ProductListQuery { Search = "LST-", Sort = ProductSort.ListPrice, Descending = true, PageSize = 2 });
        Assert.Equal(3, byPrice.TotalCount);
        Assert.Equal(new[] { "LST-B1", "LST-A1" }, Codes(byPrice));
    }

    private static string[] Codes(PagedResult<ProductListItem> page) => [.. page.Items.Select(i => i.Code)];

    private AsyncServiceScope ManagerScope()
    {
        var scope = fixture.Host.Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<CurrentUser>().SetSystemActor("test:manager", CrmRoles.Manager);
        return scope;
    }
}
