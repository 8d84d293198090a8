using Crm.Analytics.Features.Tiers;
using Crm.Contacts.Contracts;
using Crm.Kernel;
using Crm.Kernel.Api;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace Crm.Analytics.Features.Migration;

/// <summary>
/// Tier migration over REST (Managers, Admins and API keys with those roles; anyone else gets 403): how customers moved
/// between tiers by spend from one quarter snapshot to a later one, and the customers who fell (the churn-risk worklist).
/// </summary>
[ApiController]
[Route("api/v1/analytics/tier-migration")]
[Authorize(Roles = CrmRoles.AdminOrManager)]
[Tags("Analytics")]
public sealed class TierMigrationController : ControllerBase
{
    private readonly TierMigrationQuery query;

    internal TierMigrationController(TierMigrationQuery query)
    {
        this.query = query;
    }

    /// <summary>
    /// The 5 × 5 matrix of moves from quarter <c>from</c> to the later quarter <c>to</c> (both "yyyy-Qn" with a stored
    /// snapshot; leave them out for the two most recent). Tiers are by spend within each quarter (Platinum top 5%, Gold top
    /// 20%, Silver top 50%, Bronze the rest of the quarter's buyers; None = no purchase in the quarter). Each cell has the
    /// tiers, the number of customers and their spend in each quarter (<c>valueBefore</c>, <c>valueAfter</c>); the None row
    /// holds new buyers, the None column customers gone. Totals: customers, fell (moved to a lower tier, including None),
    /// rose, stayed, new, gone and the spend lost by those who fell. An unknown or malformed period, or <c>to</c> not later
    /// than <c>from</c>, is a 400 naming the field.
    /// </summary>
    [HttpGet]
    [ProducesResponseType(typeof(MigrationMatrix), StatusCodes.Status200OK)]
    [ProducesResponseType<ValidationProblemDetails>(StatusCodes.Status400BadRequest)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status403Forbidden)]
    public async Task<IActionResult> Matrix([FromQuery] string? from, [FromQuery] string? to, CancellationToken cancellationToken)
    {
        var outcome = await query.CompareAsync(from, to, cancellationToken);
        return outcome.Comparison is { } comparison ? Ok(comparison.Matrix) : ApiConventions.Validation(outcome.Validation);
    }

    /// <summary>
    /// A page of the customers whose tier fell from <c>from</c> to <c>to</c> (same periods and defaults as the matrix),
    /// sorted by value lost (spend in the first quarter − spend in the second; largest first), then customer id: customer
    /// id and name, from and to tier, spend before and after, value lost. <c>page</c> counts from 0; <c>pageSize</c> is 1
    /// to 500.
    /// </summary>
    [HttpGet("fallen")]
    [ProducesResponseType(typeof(PagedResult<FallenRow>), StatusCodes.Status200OK)]
    [ProducesResponseType<ValidationProblemDetails>(StatusCodes.Status400BadRequest)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status403Forbidden)]
    public async Task<IActionResult> Fallen(
        [FromQuery] string? from, [FromQuery] string? to, [FromQuery] int page = 0, [FromQuery] int pageSize = 25,
        CancellationToken cancellationToken = default)
    {
        var paging = Paging.Validate(page, pageSize, TierMigrationQuery.MaxPageSize);
        var outcome = await query.CompareAsync(from, to, cancellationToken);
        if (!paging.Succeeded || outcome.Comparison is null)
        {
            return ApiConventions.Validation(new Kernel.Errors.OperationResult([.. outcome.Validation.Errors, .. paging.Errors]));
        }

        return Ok(await query.FallenPageAsync(outcome.Comparison, page, pageSize, cancellationToken));
    }

    /// <summary>
    /// The whole fallen list as CSV (same periods, defaults and order): customer_id, customer, from_period, to_period,
    /// from_tier, to_tier, spend_before, spend_after, value_lost. Text cells that a spreadsheet would run as a formula are
    /// written with a leading apostrophe.
    /// </summary>
    [HttpGet("fallen/export")]
    [ProducesResponseType(typeof(string), StatusCodes.Status200OK, "text/csv")]
    [ProducesResponseType<ValidationProblemDetails>(StatusCodes.Status400BadRequest)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status403Forbidden)]
    public async Task<IActionResult> FallenExport([FromQuery] string? from, [FromQuery] string? to, CancellationToken cancellationToken)
    {
        var outcome = await query.CompareAsync(from, to, cancellationToken);
        if (outcome.Comparison is not { } comparison)
        {
            return ApiConventions.Validation(outcome.Validation);
        }

        Response.ContentType = "text/csv; charset=utf-8";
        Response.Headers.ContentDisposition = $"attachment; filename=tier-migration-fallen-{comparison.From.Period}-{comparison.To.Period}.csv";
        await query.WriteFallenCsvAsync(comparison, Response.Body, cancellationToken);
        return new EmptyResult();
    }
}
