using Crm.Contacts.Contracts;
using Crm.Kernel;
using Crm.Kernel.Api;
using Crm.Kernel.Errors;
using Crm.Sales.Contracts;
using Crm.Sales.Features.Orders;
using Crm.Sales.Features.Orders.CancelOrder;
using Crm.Sales.Features.Orders.PlaceOrder;
using Crm.Sales.Features.Orders.RecordReturn;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace Crm.Sales.Features.Api;

/// <summary>
/// Orders and returns over REST, for web shops, ERPs and scripts. Every role reads orders; SalesReps, Managers and Admins
/// (and API keys with those roles) place them; a Manager, an Admin or the credited SalesRep cancels them or records returns.
/// </summary>
[ApiController]
[Route("api/v1/orders")]
[Authorize]
[Tags("Orders")]
// Reps work their own records and ServiceAgents only some; the handlers refuse the rest with 403.
[ProducesResponseType<ProblemDetails>(StatusCodes.Status403Forbidden)]
public sealed class OrdersController : ControllerBase
{
    private readonly OrderQueries queries;
    private readonly PlaceOrderHandler placeOrder;
    private readonly CancelOrderHandler cancelOrder;
    private readonly RecordReturnHandler recordReturn;

    internal OrdersController(OrderQueries queries, PlaceOrderHandler placeOrder, CancelOrderHandler cancelOrder, RecordReturnHandler recordReturn)
    {
        this.queries = queries;
        this.placeOrder = placeOrder;
        this.cancelOrder = cancelOrder;
        this.recordReturn = recordReturn;
    }

    /// <summary>
    /// Places an order. Name the customer by <c>customerId</c> or by a <c>customer</c> block (matched by external id,
    /// then email, else created). Lines name products by code; the price defaults to the list price. Send
    /// <c>externalId</c> (and/or an Idempotency-Key header) to retry safely: the same order again returns the stored one
    /// with 200; the same external id with other content is a 409. Invalid fields come back as 400 naming each field
    /// (for example <c>lines[1].quantity</c> or <c>customer.email</c>); nothing is stored then.
    /// </summary>
    [HttpPost]
    [Authorize(Roles = CrmRoles.AdminManagerOrSalesRep)]
    [Idempotent]
    [ProducesResponseType<OrderDto>(StatusCodes.Status201Created)]
    [ProducesResponseType<OrderDto>(StatusCodes.Status200OK)]
    [ProducesResponseType<ValidationProblemDetails>(StatusCodes.Status400BadRequest)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status403Forbidden)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status409Conflict)]
    public async Task<IActionResult> Create(OrderInput input, CancellationToken cancellationToken)
    {
        var result = await placeOrder.CreateAsync(input, "api", cancellationToken);
        if (!result.Succeeded)
        {
            return ApiConventions.Failure(result);
        }

        var order = result.Value!.Order ?? await queries.GetAsync(result.Value.Id, cancellationToken);
        return result.Outcome == CommandOutcome.Created ? CreatedAtAction(nameof(Get), new { id = order.Id }, order) : Ok(order);
    }

    /// <summary>
    /// Places up to 1,000 orders in one call. Each is accepted or rejected on its own: the response lists, in the order
    /// sent, each item's index, status (<c>created</c>, <c>unchanged</c> for a replay, <c>rejected</c>), id and errors.
    /// More than 1,000 orders is a 400 and nothing is stored.
    /// </summary>
    [HttpPost("bulk")]
    [Authorize(Roles = CrmRoles.AdminManagerOrSalesRep)]
    [Idempotent]
    [ProducesResponseType<BulkOrdersResult>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status400BadRequest)]
    public async Task<IActionResult> CreateMany(IReadOnlyList<OrderInput> orders, CancellationToken cancellationToken)
    {
        if (orders.Count > PlaceOrderHandler.MaxBulk)
        {
            return ApiConventions.Problem(StatusCodes.Status400BadRequest,
                $"At most {PlaceOrderHandler.MaxBulk} orders per call; this one has {orders.Count}. Split it into several calls.");
        }

        return Ok(await placeOrder.CreateManyAsync(orders, "api", cancellationToken));
    }

    /// <summary>One order (a sale or a return) with its lines and the returns recorded against it. The ETag carries its version.</summary>
    [HttpGet("{id:long}")]
    [ProducesResponseType<OrderDto>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound)]
    public async Task<ActionResult<OrderDto>> Get(long id, CancellationToken cancellationToken) =>
        await queries.GetAsync(id, cancellationToken);

    /// <summary>
    /// A page of orders, newest first unless sorted otherwise: a customer's orders (<c>customerId</c>), or filtered by
    /// status, channel, kind, date range (<c>from</c> inclusive, <c>to</c> exclusive), credited rep, or a search for an
    /// order number, external id or customer name.
    /// </summary>
    [HttpGet]
    [ProducesResponseType<PagedResult<OrderListItem>>(StatusCodes.Status200OK)]
    public async Task<PagedResult<OrderListItem>> List(
        [FromQuery] long? customerId, [FromQuery] OrderStatus? status, [FromQuery] SalesChannel? channel, [FromQuery] OrderKind? kind,
        [FromQuery] DateTime? from, [FromQuery] DateTime? to, [FromQuery] string? salesRepId, [FromQuery] string? search,
        [FromQuery] OrderSort sort = OrderSort.OrderedAt, [FromQuery] bool descending = true,
        [FromQuery] int page = 0, [FromQuery] int pageSize = 25, CancellationToken cancellationToken = default) =>
        await queries.ListAsync(new OrderListQuery
        {
            CustomerId = customerId,
            Status = status,
            Channel = channel,
            Kind = kind,
            FromUtc = from?.ToUniversalTime(),
            ToUtc = to?.ToUniversalTime(),
            SalesRepId = salesRepId,
            Search = search,
            Sort = sort,
            Descending = descending,
            Page = page,
            PageSize = pageSize,
        }, cancellationToken);

    /// <summary>
    /// Cancels a whole sale: it becomes Cancelled and its stock is put back. Only while nothing has been returned (409
    /// otherwise). Send If-Match with the order's ETag to be sure it did not change meanwhile (412 if it did).
    /// </summary>
    [HttpPost("{id:long}/cancel")]
    [Authorize(Roles = CrmRoles.AdminManagerOrSalesRep)]
    [IfMatch(Required = false)]
    [ProducesResponseType<OrderDto>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status403Forbidden)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status409Conflict)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status412PreconditionFailed)]
    public async Task<IActionResult> Cancel(long id, CancellationToken cancellationToken)
    {
        var version = ApiConventions.IfMatchVersion(Request);
        if (version is not null && (await queries.GetAsync(id, cancellationToken)).Version != version)
        {
            return ApiConventions.PreconditionFailed("The order changed since you read it. Read it again and retry.");
        }

        var cancelled = await cancelOrder.CancelAsync(id, version, cancellationToken);
        return cancelled.Succeeded ? Ok(await queries.GetAsync(id, cancellationToken)) : ApiConventions.Failure(cancelled);
    }

    /// <summary>
    /// Records a return against a sale: products by code and quantities (positive), at most what was bought minus what
    /// came back already. Creates a return document (negative quantities) and answers 201 with it; the sale becomes
    /// PartiallyReturned or Returned and stock is put back. With <c>externalId</c>, a replay returns the stored return (200).
    /// </summary>
    [HttpPost("{id:long}/returns")]
    [Authorize(Roles = CrmRoles.AdminManagerOrSalesRep)]
    [Idempotent]
    [ProducesResponseType<OrderDto>(StatusCodes.Status201Created)]
    [ProducesResponseType<ValidationProblemDetails>(StatusCodes.Status400BadRequest)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status403Forbidden)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status409Conflict)]
    public async Task<IActionResult> Return(long id, ReturnInput input, CancellationToken cancellationToken)
    {
        var result = await recordReturn.ReturnAsync(id, input, cancellationToken);
        if (!result.Succeeded)
        {
            return ApiConventions.Failure(result);
        }

        var document = await queries.GetAsync(result.Value, cancellationToken);
        return result.Outcome == CommandOutcome.Created ? CreatedAtAction(nameof(Get), new { id = document.Id }, document) : Ok(document);
    }
}
