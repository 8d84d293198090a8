using Crm.Contacts.Contracts;
using Crm.Contacts.Features.Customers.Browse;
using Crm.Contacts.Features.Customers.Save;
using Crm.Kernel;
using Crm.Kernel.Api;
using Crm.Kernel.Errors;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace Crm.Contacts.Features.Api;

/// <summary>Customers over REST for integrations and scripts. Every call is checked by role and ownership in the handlers.</summary>
[ApiController]
[Route("api/v1/customers")]
[Authorize]
[Produces("application/json")]
[Tags("Customers")]
// Reps work their own records and ServiceAgents only some; the handlers refuse the rest with 403.
[ProducesResponseType<ProblemDetails>(StatusCodes.Status403Forbidden)]
public sealed class CustomersController : ControllerBase
{
    private readonly CustomerQueries queries;
    private readonly CreateCustomerHandler createCustomer;
    private readonly UpdateCustomerHandler updateCustomer;
    private readonly ImportExport.CustomerCsvExport export;
    private readonly ICustomerDirectory directory;

    internal CustomersController(
        CustomerQueries queries, CreateCustomerHandler createCustomer, UpdateCustomerHandler updateCustomer, ImportExport.CustomerCsvExport export,
        ICustomerDirectory directory)
    {
        this.queries = queries;
        this.createCustomer = createCustomer;
        this.updateCustomer = updateCustomer;
        this.export = export;
        this.directory = directory;
    }

    /// <summary>A page of customers: search (name, company, email, phone in any format), filters and sort.</summary>
    [HttpGet]
    [ProducesResponseType<PagedResult<CustomerListItem>>(StatusCodes.Status200OK)]
    public async Task<ActionResult<PagedResult<CustomerListItem>>> List(
        [FromQuery] string? search, [FromQuery] string? ownerId, [FromQuery] string? tag, [FromQuery] CustomerKind? kind,
        [FromQuery] string? city, [FromQuery] DateTime? createdFrom, [FromQuery] DateTime? createdTo,
        [FromQuery] DateTime? lastContactFrom, [FromQuery] DateTime? lastContactTo, [FromQuery] bool includeInactive = false,
        [FromQuery] CustomerSort sort = CustomerSort.Name, [FromQuery] bool descending = false,
        [FromQuery] int page = 0, [FromQuery] int pageSize = 25, CancellationToken cancellationToken = default) =>
        await queries.ListAsync(ListQuery(search, ownerId, tag, kind, city, createdFrom, createdTo, lastContactFrom, lastContactTo,
            includeInactive, sort, descending, page, pageSize), cancellationToken);

    /// <summary>
    /// The same list as CSV (all pages, same filters and sort), for a spreadsheet. Cells that a spreadsheet would run as a
    /// formula are written with a leading apostrophe.
    /// </summary>
    [HttpGet("export")]
    [Produces("text/csv")]
    [ProducesResponseType(typeof(string), StatusCodes.Status200OK, "text/csv")]
    public async Task Export(
        [FromQuery] string? search, [FromQuery] string? ownerId, [FromQuery] string? tag, [FromQuery] CustomerKind? kind,
        [FromQuery] string? city, [FromQuery] DateTime? createdFrom, [FromQuery] DateTime? createdTo,
        [FromQuery] DateTime? lastContactFrom, [FromQuery] DateTime? lastContactTo, [FromQuery] bool includeInactive = false,
        [FromQuery] CustomerSort sort = CustomerSort.Name, [FromQuery] bool descending = false, CancellationToken cancellationToken = default)
    {
        var query = ListQuery(search, ownerId, tag, kind, city, createdFrom, createdTo, lastContactFrom, lastContactTo,
            includeInactive, sort, descending, 0, CustomerQueries.MaxPageSize);
        Response.ContentType = "text/csv; charset=utf-8";
        Response.Headers.ContentDisposition = $"attachment; filename=customers-{DateTime.UtcNow:yyyyMMdd-HHmm}.csv";
        await export.WriteAsync(query, Response.Body, cancellationToken);
    }

    private static CustomerListQuery ListQuery(
        string? search, string? ownerId, string? tag, CustomerKind? kind, string? city, DateTime? createdFrom, DateTime? createdTo,
        DateTime? lastContactFrom, DateTime? lastContactTo, bool includeInactive, CustomerSort sort, bool descending, int page, int pageSize) =>
        new()
        {
            Search = search,
            OwnerId = ownerId,
            Tag = tag,
            Kind = kind,
            City = city,
            CreatedFromUtc = createdFrom?.ToUniversalTime(),
            CreatedToUtc = createdTo?.ToUniversalTime(),
            LastContactFromUtc = lastContactFrom?.ToUniversalTime(),
            LastContactToUtc = lastContactTo?.ToUniversalTime(),
            IncludeInactive = includeInactive,
            Sort = sort,
            Descending = descending,
            Page = page,
            PageSize = pageSize,
        };

    /// <summary>Global search: the best matches for a name, company, email or phone number.</summary>
    [HttpGet("search")]
    [ProducesResponseType<IReadOnlyList<CustomerSummary>>(StatusCodes.Status200OK)]
    public async Task<IReadOnlyList<CustomerSummary>> Search([FromQuery] string q, [FromQuery] int limit = 10, CancellationToken cancellationToken = default) =>
        await directory.SearchAsync(q, limit, cancellationToken);

    /// <summary>One customer in full. The ETag header carries its version, for If-Match on updates.</summary>
    [HttpGet("{id:long}")]
    [ProducesResponseType<CustomerDetails>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound)]
    public async Task<ActionResult<CustomerDetails>> Get(long id, CancellationToken cancellationToken) =>
        await queries.GetAsync(id, cancellationToken);

    /// <summary>
    /// Creates a customer. Likely duplicates (same email or phone, same name in the same company or city) are refused with
    /// 409 and listed in <c>duplicates</c>, unless <c>allowDuplicates=true</c>. Send an Idempotency-Key to retry safely.
    /// </summary>
    [HttpPost]
    [Authorize(Roles = CrmRoles.AdminManagerOrSalesRep)]
    [Idempotent]
    [ProducesResponseType<CustomerDetails>(StatusCodes.Status201Created)]
    [ProducesResponseType<ValidationProblemDetails>(StatusCodes.Status400BadRequest)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status409Conflict)]
    public async Task<IActionResult> Create(CustomerInput input, [FromQuery] bool allowDuplicates, CancellationToken cancellationToken)
    {
        var (result, duplicates) = await createCustomer.CreateAsync(input, allowDuplicates, cancellationToken);
        if (result.Outcome == CommandOutcome.Conflict)
        {
            // The duplicates travel with the 409 so the caller can check them (see CreateCustomerResult).
            return ApiConventions.Problem(StatusCodes.Status409Conflict,
                "This looks like a customer who is already in eCRM. Check the duplicates, or send allowDuplicates=true to create it anyway.",
                new Dictionary<string, object?> { ["duplicates"] = duplicates });
        }

        if (!result.Succeeded)
        {
            return ApiConventions.Failure(result);
        }

        var created = await queries.GetAsync(result.Value, cancellationToken);
        return CreatedAtAction(nameof(Get), new { id = created.Id }, created);
    }

    /// <summary>Replaces a customer's details. Requires If-Match with the ETag from your last read (412 if it changed since).</summary>
    [HttpPut("{id:long}")]
    [Authorize(Roles = CrmRoles.AdminManagerOrSalesRep)]
    [ProducesResponseType<CustomerDetails>(StatusCodes.Status200OK)]
    [ProducesResponseType<ValidationProblemDetails>(StatusCodes.Status400BadRequest)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status412PreconditionFailed)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status428PreconditionRequired)]
    [IfMatch]
    public async Task<IActionResult> Update(long id, CustomerInput input, CancellationToken cancellationToken)
    {
        var version = ApiConventions.RequiredIfMatchVersion(Request);

        var result = await updateCustomer.UpdateAsync(id, input, version, cancellationToken);
        if (!result.Succeeded)
        {
            return ApiConventions.Failure(result);
        }

        var updated = await queries.GetAsync(id, cancellationToken);
        return Ok(updated);
    }
}
