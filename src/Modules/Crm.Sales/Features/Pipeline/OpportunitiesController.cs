using Crm.Contacts.Contracts;
using Crm.Kernel.Api;
using Crm.Kernel.Errors;
using Crm.Kernel;
using Crm.Sales.Contracts;
using Crm.Sales.Features.Pipeline.CreateOpportunity;
using Crm.Sales.Features.Pipeline.MoveStage;
using Crm.Sales.Features.Pipeline.UpdateOpportunity;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace Crm.Sales.Features.Pipeline;

/// <summary>
/// Opportunities over REST. A SalesRep sees and changes their own; Managers and Admins everyone's; ServiceAgents get 403.
/// Updates need If-Match with the ETag from the last read (412 when it changed since).
/// </summary>
[ApiController]
[Route("api/v1/opportunities")]
[Authorize(Roles = PipelineAccess.Roles)]
[Produces("application/json")]
[Tags("Opportunities")]
// Reps work their own records and ServiceAgents only some; the handlers refuse the rest with 403.
[ProducesResponseType<ProblemDetails>(StatusCodes.Status403Forbidden)]
public sealed class OpportunitiesController : ControllerBase
{
    private readonly OpportunityQueries queries;
    private readonly CreateOpportunityHandler createOpportunity;
    private readonly UpdateOpportunityHandler updateOpportunity;
    private readonly MoveStageHandler moveStage;

    internal OpportunitiesController(
        OpportunityQueries queries, CreateOpportunityHandler createOpportunity, UpdateOpportunityHandler updateOpportunity, MoveStageHandler moveStage)
    {
        this.queries = queries;
        this.createOpportunity = createOpportunity;
        this.updateOpportunity = updateOpportunity;
        this.moveStage = moveStage;
    }

    /// <summary>A page of opportunities: stage, owner (Managers), expected close range (closeFrom/closeTo), name search, sort.</summary>
    [HttpGet]
    [ProducesResponseType<PagedResult<OpportunityListItem>>(StatusCodes.Status200OK)]
    public async Task<PagedResult<OpportunityListItem>> List(
        [FromQuery] int? stageId, [FromQuery] string? ownerId, [FromQuery] DateOnly? closeFrom, [FromQuery] DateOnly? closeTo,
        [FromQuery] string? search, [FromQuery] long? customerId, [FromQuery] OpportunitySort sort = OpportunitySort.CloseDate,
        [FromQuery] bool descending = false, [FromQuery] int page = 0, [FromQuery] int pageSize = 25, CancellationToken cancellationToken = default) =>
        await queries.ListAsync(new OpportunityListQuery
        {
            StageId = stageId, OwnerId = ownerId, CloseFrom = closeFrom, CloseTo = closeTo, Search = search, CustomerId = customerId,
            Sort = sort, Descending = descending, Page = page, PageSize = pageSize,
        }, cancellationToken);

    /// <summary>The pipeline's stages in board order (inactive ones with includeInactive=true).</summary>
    [HttpGet("stages")]
    [ProducesResponseType<IReadOnlyList<PipelineStageDto>>(StatusCodes.Status200OK)]
    public async Task<IReadOnlyList<PipelineStageDto>> Stages([FromQuery] bool includeInactive = false, CancellationToken cancellationToken = default) =>
        await queries.StagesAsync(includeInactive, cancellationToken);

    /// <summary>The board: per active stage the count, total and weighted amount, and the first cards.</summary>
    [HttpGet("board")]
    [ProducesResponseType<IReadOnlyList<BoardColumn>>(StatusCodes.Status200OK)]
    public async Task<IReadOnlyList<BoardColumn>> Board([FromQuery] string? ownerId, [FromQuery] int cardsPerStage = 50, CancellationToken cancellationToken = default) =>
        await queries.BoardAsync(ownerId, Math.Clamp(cardsPerStage, 0, 200), cancellationToken);

    /// <summary>Weighted amount of open opportunities by expected-close month, and the amount won by month.</summary>
    [HttpGet("forecast")]
    [ProducesResponseType<IReadOnlyList<ForecastMonth>>(StatusCodes.Status200OK)]
    public async Task<IReadOnlyList<ForecastMonth>> Forecast(
        [FromQuery] string? ownerId, [FromQuery] DateOnly? from, [FromQuery] DateOnly? to, CancellationToken cancellationToken = default) =>
        await queries.ForecastAsync(ownerId, from, to, cancellationToken);

    /// <summary>One opportunity with its products. The ETag header carries its version.</summary>
    [HttpGet("{id:long}")]
    [ProducesResponseType<OpportunityDetails>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status403Forbidden)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound)]
    public async Task<ActionResult<OpportunityDetails>> Get(long id, CancellationToken cancellationToken) =>
        await queries.GetAsync(id, cancellationToken);

    /// <summary>
    /// Creates an opportunity (stage defaults to the first open one, probability to the stage's, amount to the sum of the
    /// product lines). Won and Lost stages need a closeReason. Send an Idempotency-Key to retry safely.
    /// </summary>
    [HttpPost]
    [Idempotent]
    [ProducesResponseType<OpportunityDetails>(StatusCodes.Status201Created)]
    [ProducesResponseType<ValidationProblemDetails>(StatusCodes.Status400BadRequest)]
    public async Task<IActionResult> Create(OpportunityInput input, CancellationToken cancellationToken)
    {
        var result = await createOpportunity.CreateAsync(input, cancellationToken);
        if (!result.Succeeded)
        {
            return ApiConventions.Failure(result);
        }

        var created = await queries.GetAsync(result.Value, cancellationToken);
        return CreatedAtAction(nameof(Get), new { id = created.Id }, created);
    }

    /// <summary>Replaces an opportunity. Requires If-Match with the ETag from your last read.</summary>
    [HttpPut("{id:long}")]
    [ProducesResponseType<OpportunityDetails>(StatusCodes.Status200OK)]
    [ProducesResponseType<ValidationProblemDetails>(StatusCodes.Status400BadRequest)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status412PreconditionFailed)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status428PreconditionRequired)]
    [IfMatch]
    public async Task<IActionResult> Update(long id, OpportunityInput input, CancellationToken cancellationToken)
    {
        var version = ApiConventions.RequiredIfMatchVersion(Request);

        var result = await updateOpportunity.UpdateAsync(id, input, version, cancellationToken);
        if (!result.Succeeded)
        {
            return ApiConventions.Failure(result);
        }

        return await CurrentAsync(id, cancellationToken);
    }

    /// <summary>
    /// Moves the opportunity to another stage; a Won or Lost stage needs a reason and closes it. If-Match is optional
    /// (412 when stale).
    /// </summary>
    [HttpPost("{id:long}/stage")]
    [IfMatch(Required = false)]
    [ProducesResponseType<OpportunityDetails>(StatusCodes.Status200OK)]
    [ProducesResponseType<ValidationProblemDetails>(StatusCodes.Status400BadRequest)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status412PreconditionFailed)]
    public async Task<IActionResult> MoveStage(long id, MoveStageInput input, CancellationToken cancellationToken)
    {
        var version = ApiConventions.IfMatchVersion(Request);
        var result = await moveStage.MoveAsync(id, input, version, cancellationToken);
        if (!result.Succeeded)
        {
            return ApiConventions.Failure(result);
        }

        return await CurrentAsync(id, cancellationToken);
    }

    private async Task<IActionResult> CurrentAsync(long id, CancellationToken cancellationToken)
    {
        var current = await queries.GetAsync(id, cancellationToken);
        return Ok(current);
    }
}
