using Crm.Contacts.Contracts;
using Crm.Kernel;
using Crm.Kernel.Api;
using Crm.Kernel.Errors;
using Crm.Sales.Contracts;
using Crm.Sales.Features.Products.CreateProduct;
using Crm.Sales.Features.Products.SetPrice;
using Crm.Sales.Features.Products.SetStock;
using Crm.Sales.Features.Products.UpdateProduct;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace Crm.Sales.Features.Products;

/// <summary>
/// The product catalogue over REST: everyone signed in (and every API key) reads it; Managers and Admins (or an API key
/// with one of those roles, such as the ERP's or the inventory system's) create products and set price and stock.
/// </summary>
[ApiController]
[Route("api/v1/products")]
[Authorize]
[Produces("application/json")]
[Tags("Products")]
// Reps work their own records and ServiceAgents only some; the handlers refuse the rest with 403.
[ProducesResponseType<ProblemDetails>(StatusCodes.Status403Forbidden)]
public sealed class ProductsController : ControllerBase
{
    private readonly ProductQueries queries;
    private readonly CreateProductHandler createProduct;
    private readonly UpdateProductHandler updateProduct;
    private readonly SetStockHandler setStock;
    private readonly SetPriceHandler setPrice;
    private readonly ProductCsvExport export;

    internal ProductsController(
        ProductQueries queries, CreateProductHandler createProduct, UpdateProductHandler updateProduct, SetStockHandler setStock,
        SetPriceHandler setPrice, ProductCsvExport export)
    {
        this.queries = queries;
        this.createProduct = createProduct;
        this.updateProduct = updateProduct;
        this.setStock = setStock;
        this.setPrice = setPrice;
        this.export = export;
    }

    /// <summary>A page of products: search (start of the code, or any part of the name), filters and sort.</summary>
    /// <param name="search">Start of the product code, or any part of the name (case and accents ignored).</param>
    /// <param name="category">Only this category.</param>
    /// <param name="active">true: active products only; false: inactive only; omit for both.</param>
    /// <param name="inStock">true: with stock on hand; false: out of stock; omit for both.</param>
    /// <param name="backOrdered">true: only products with stock below zero (owed to customers: the back-order report).</param>
    /// <param name="sort">Name, Code, Category, ListPrice or StockOnHand.</param>
    /// <param name="descending">Sort descending.</param>
    /// <param name="page">Zero-based page number.</param>
    /// <param name="pageSize">1 to 500 (default 25).</param>
    [HttpGet]
    [ProducesResponseType<PagedResult<ProductListItem>>(StatusCodes.Status200OK)]
    public async Task<PagedResult<ProductListItem>> List(
        [FromQuery] string? search, [FromQuery] string? category, [FromQuery] bool? active, [FromQuery] bool? inStock,
        [FromQuery] bool backOrdered = false, [FromQuery] ProductSort sort = ProductSort.Name, [FromQuery] bool descending = false,
        [FromQuery] int page = 0, [FromQuery] int pageSize = 25, CancellationToken cancellationToken = default) =>
        await queries.ListAsync(ListQuery(search, category, active, inStock, sort, descending) with { BackOrdered = backOrdered, Page = page, PageSize = pageSize }, cancellationToken);

    /// <summary>
    /// The same list as CSV (all pages, same filters and sort), for a spreadsheet. Cells that a spreadsheet would run as a
    /// formula are written with a leading apostrophe.
    /// </summary>
    [HttpGet("export")]
    [Produces("text/csv")]
    [ProducesResponseType(typeof(string), StatusCodes.Status200OK, "text/csv")]
    public async Task Export(
        [FromQuery] string? search, [FromQuery] string? category, [FromQuery] bool? active, [FromQuery] bool? inStock,
        [FromQuery] bool backOrdered = false, [FromQuery] ProductSort sort = ProductSort.Name, [FromQuery] bool descending = false,
        CancellationToken cancellationToken = default)
    {
        var query = ListQuery(search, category, active, inStock, sort, descending) with { BackOrdered = backOrdered };
        Response.ContentType = "text/csv; charset=utf-8";
        Response.Headers.ContentDisposition = $"attachment; filename=products-{DateTime.UtcNow:yyyyMMdd-HHmm}.csv";
        await export.WriteAsync(query, Response.Body, cancellationToken);
    }

    /// <summary>One product by id. The ETag header carries its version, for If-Match on updates.</summary>
    [HttpGet("{id:long}")]
    [ProducesResponseType<ProductDetails>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound)]
    public async Task<ActionResult<ProductDetails>> Get(long id, CancellationToken cancellationToken) =>
        await queries.GetAsync(id, cancellationToken);

    /// <summary>One product by its code (SKU). The ETag header carries its version.</summary>
    [HttpGet("by-code/{code}")]
    [ProducesResponseType<ProductDetails>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound)]
    public async Task<ActionResult<ProductDetails>> GetByCode(string code, CancellationToken cancellationToken) =>
        await queries.GetByCodeAsync(code, cancellationToken);

    /// <summary>Creates a product (Managers and Admins). Codes are unique. Send an Idempotency-Key to retry safely.</summary>
    [HttpPost]
    [Authorize(Roles = CrmRoles.AdminOrManager)]
    [Idempotent]
    [ProducesResponseType<ProductDetails>(StatusCodes.Status201Created)]
    [ProducesResponseType<ValidationProblemDetails>(StatusCodes.Status400BadRequest)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status403Forbidden)]
    public async Task<IActionResult> Create(ProductInput input, CancellationToken cancellationToken)
    {
        var result = await createProduct.CreateAsync(input, cancellationToken);
        if (!result.Succeeded)
        {
            return ApiConventions.Failure(result);
        }

        var created = await queries.GetAsync(result.Value, cancellationToken);
        return CreatedAtAction(nameof(Get), new { id = created.Id }, created);
    }

    /// <summary>Replaces a product's details (Managers and Admins). Requires If-Match with the ETag from your last read (412 if it changed since).</summary>
    [HttpPut("{id:long}")]
    [Authorize(Roles = CrmRoles.AdminOrManager)]
    [ProducesResponseType<ProductDetails>(StatusCodes.Status200OK)]
    [ProducesResponseType<ValidationProblemDetails>(StatusCodes.Status400BadRequest)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status403Forbidden)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status412PreconditionFailed)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status428PreconditionRequired)]
    [IfMatch]
    public async Task<IActionResult> Update(long id, ProductInput input, CancellationToken cancellationToken)
    {
        var version = ApiConventions.RequiredIfMatchVersion(Request);

        var result = await updateProduct.UpdateAsync(id, input, version, cancellationToken);
        if (!result.Succeeded)
        {
            return ApiConventions.Failure(result);
        }

        return Ok(await queries.GetAsync(id, cancellationToken));
    }

    /// <summary>
    /// Sets the stock on hand of the product with this code, as the inventory system counts it (Managers and Admins, or an
    /// API key with one of those roles). The inventory system is the source of truth: no If-Match needed.
    /// </summary>
    [HttpPut("by-code/{code}/stock")]
    [Authorize(Roles = CrmRoles.AdminOrManager)]
    [ProducesResponseType<ProductDetails>(StatusCodes.Status200OK)]
    [ProducesResponseType<ValidationProblemDetails>(StatusCodes.Status400BadRequest)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status403Forbidden)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound)]
    public async Task<IActionResult> SetStock(string code, StockUpdate update, CancellationToken cancellationToken)
    {
        var result = await setStock.SetStockAsync(code, update.StockOnHand, cancellationToken);
        return result.Succeeded ? Ok(await queries.GetByCodeAsync(code, cancellationToken)) : ApiConventions.Failure(result);
    }

    /// <summary>
    /// Sets the list price and unit cost of the product with this code, as the ERP holds them (Managers and Admins, or an
    /// API key with one of those roles). The ERP is the source of truth: no If-Match needed.
    /// </summary>
    [HttpPut("by-code/{code}/price")]
    [Authorize(Roles = CrmRoles.AdminOrManager)]
    [ProducesResponseType<ProductDetails>(StatusCodes.Status200OK)]
    [ProducesResponseType<ValidationProblemDetails>(StatusCodes.Status400BadRequest)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status403Forbidden)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound)]
    public async Task<IActionResult> SetPrice(string code, PriceUpdate update, CancellationToken cancellationToken)
    {
        var result = await setPrice.SetPriceAsync(code, update.ListPrice, update.UnitCost, cancellationToken);
        return result.Succeeded ? Ok(await queries.GetByCodeAsync(code, cancellationToken)) : ApiConventions.Failure(result);
    }

    /// <summary>
    /// Deprecated: use <c>PUT /api/v1/products/by-code/{code}/stock</c>. The same call under the old path, which read
    /// like a product id; kept for existing integrations until 2027-06-30 (answers carry Deprecation and Sunset headers).
    /// </summary>
    [HttpPut("{code}/stock")]
    [Authorize(Roles = CrmRoles.AdminOrManager)]
    [Obsolete("Use PUT /api/v1/products/by-code/{code}/stock.")]
    [ProducesResponseType<ProductDetails>(StatusCodes.Status200OK)]
    [ProducesResponseType<ValidationProblemDetails>(StatusCodes.Status400BadRequest)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status403Forbidden)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound)]
    public Task<IActionResult> SetStockByOldPath(string code, StockUpdate update, CancellationToken cancellationToken) =>
        Deprecated($"/api/v1/products/by-code/{Uri.EscapeDataString(code)}/stock", SetStock(code, update, cancellationToken));

    /// <summary>
    /// Deprecated: use <c>PUT /api/v1/products/by-code/{code}/price</c>. The same call under the old path, which read
    /// like a product id; kept for existing integrations until 2027-06-30 (answers carry Deprecation and Sunset headers).
    /// </summary>
    [HttpPut("{code}/price")]
    [Authorize(Roles = CrmRoles.AdminOrManager)]
    [Obsolete("Use PUT /api/v1/products/by-code/{code}/price.")]
    [ProducesResponseType<ProductDetails>(StatusCodes.Status200OK)]
    [ProducesResponseType<ValidationProblemDetails>(StatusCodes.Status400BadRequest)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status403Forbidden)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound)]
    public Task<IActionResult> SetPriceByOldPath(string code, PriceUpdate update, CancellationToken cancellationToken) =>
        Deprecated($"/api/v1/products/by-code/{Uri.EscapeDataString(code)}/price", SetPrice(code, update, cancellationToken));

    // RFC 9745 (Deprecation) and RFC 8594 (Sunset), with a link to the path that replaces it.
    private Task<IActionResult> Deprecated(string successor, Task<IActionResult> call)
    {
        Response.Headers["Deprecation"] = "@1796083200"; // 2026-12-01
        Response.Headers["Sunset"] = "Wed, 30 Jun 2027 23:59:59 GMT";
        Response.Headers.Link = $"<{successor}>; rel=\"successor-version\"";
        return call;
    }

    private static ProductListQuery ListQuery(string? search, string? category, bool? active, bool? inStock, ProductSort sort, bool descending) =>
        new() { Search = search, Category = category, Active = active, InStock = inStock, Sort = sort, Descending = descending };
}
