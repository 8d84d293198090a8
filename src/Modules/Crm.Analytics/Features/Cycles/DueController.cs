using Crm.Analytics.Contracts;
using Crm.Analytics.Features.Lifetime;
using Crm.Kernel;
using Crm.Kernel.Api;
using Crm.Kernel.Errors;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ModelBinding;

namespace Crm.Analytics.Features.Cycles;

/// <summary>
/// "Due to buy again": customers past their usual purchase interval, and the outreach call that records itself on the
/// customer's CCR timeline. Managers and Admins (and API keys with those roles).
/// </summary>
[ApiController]
[Route("api/v1/analytics/due")]
[Authorize(Roles = CrmRoles.AdminOrManager)]
[Tags("Analytics")]
public sealed class DueController : ControllerBase
{
    private readonly DueQueries queries;

    internal DueController(DueQueries queries)
    {
        this.queries = queries;
    }

    /// <summary>
    /// A page of the customers due to buy again as of today (UTC date): those whose due day (last purchase + 1.5 usual
    /// intervals, stored with their figures) is today or earlier. Order: first the customers the BG/NBD model holds likely
    /// active (P(alive) at least 0.5, or no model), then those it holds likely gone (<c>likelyGone</c>, P(alive) below 0.5),
    /// so that a customer who stopped long ago does not top the worklist for being the most overdue; within each group,
    /// most days overdue first (days overdue = today - next expected purchase, where next expected purchase = last purchase +
    /// usual interval; the usual interval is the median number of days between purchase days, known from three purchase
    /// days on), then by customer id. Each row has the customer's three most frequently bought products, past spend,
    /// P(alive) and <c>probabilityAliveExplanation</c> (<c>code</c> and <c>text</c>: why the model thinks the customer is
    /// active or gone). Pages count from 0; at most 200 rows per page.
    /// </summary>
    [HttpGet]
    [ProducesResponseType<DueList>(StatusCodes.Status200OK)]
    [ProducesResponseType<ValidationProblemDetails>(StatusCodes.Status400BadRequest)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status403Forbidden)]
    public async Task<IActionResult> List([FromQuery] int page = 0, [FromQuery] int pageSize = 25, CancellationToken cancellationToken = default)
    {
        var paging = new OperationResult([.. LifetimeQueries.PagingErrors(page, pageSize)]);
        if (!paging.Succeeded)
        {
            return ApiConventions.Validation(paging);
        }

        return Ok(await queries.ListAsync(page, pageSize, cancellationToken));
    }

    /// <summary>
    /// Records an outbound phone call to the customer on their CCR timeline (type Call, subject "Due-to-buy-again call",
    /// notes naming the usual interval and the typical products, handled by the caller), optionally with an outcome note
    /// (at most 200 characters). Every POST records one more call: send an <c>Idempotency-Key</c> header to make a retry
    /// safe (the repeat returns the first response and records nothing). 404 for an unknown customer.
    /// </summary>
    [HttpPost("{customerId:long}/call")]
    [Idempotent]
    [ProducesResponseType<DueCallResult>(StatusCodes.Status201Created)]
    [ProducesResponseType<ValidationProblemDetails>(StatusCodes.Status400BadRequest)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status403Forbidden)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound)]
    public async Task<IActionResult> LogCall(
        long customerId, [FromBody(EmptyBodyBehavior = EmptyBodyBehavior.Allow)] DueCallInput? input = null, CancellationToken cancellationToken = default)
    {
        var validation = DueQueries.Validate(input);
        if (!validation.Succeeded)
        {
            return ApiConventions.Validation(validation);
        }

        var call = await queries.LogCallAsync(customerId, input, cancellationToken);
        return Created($"/customers/{customerId}", call);
    }
}
