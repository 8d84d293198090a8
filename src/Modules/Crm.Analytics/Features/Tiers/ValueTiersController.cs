using Crm.Contacts.Contracts;
using Crm.Kernel;
using Crm.Kernel.Api;
using Crm.Kernel.Errors;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace Crm.Analytics.Features.Tiers;

/// <summary>
/// Value tiers over REST (Managers, Admins and API keys with those roles; anyone else gets 403): customers, revenue and
/// profit per tier by spend and by profit, the thresholds in use, the whale curve, and the over-served customers.
/// </summary>
[ApiController]
[Route("api/v1/analytics")]
[Authorize(Roles = CrmRoles.AdminOrManager)]
[Tags("Analytics")]
public sealed class ValueTiersController : ControllerBase
{
    private readonly ValueTiersQuery query;

    internal ValueTiersController(ValueTiersQuery query)
    {
        this.query = query;
    }

    /// <summary>
    /// Both tier tables over the current figures. Per tier (Platinum, Gold, Silver, Bronze): customers and their share of
    /// all customers, revenue (sum of purchase amounts) and its share, profit (revenue − cost of goods − interactions ×
    /// cost per interaction − cases × cost per case) and its share of total profit (null when total profit is not positive),
    /// <c>topShare</c> (the share of customers, ranked by value, that this tier and those above hold: 0.05 = top 5%) and
    /// <c>floor</c> (the smallest value in the tier at the last recompute). Profit is per customer: a customer who bought a
    /// product without a unit cost has no profit and is left out of <c>byProfit</c>, the whale curve, the over-served list
    /// and the total <c>profit</c>; <c>customersWithoutProfit</c> counts them and <c>profitUnknownReason</c> says how many
    /// and why (null when every customer's profit is known). <c>byProfit</c> and <c>whaleCurve</c> are null when no
    /// customer's profit is known. The whale curve
    /// has points (customer share ranked by profit, cumulative share of profit), <c>topShare</c> (share of profit earned
    /// by the top <c>topCustomerShare</c> of customers) and the peak.
    /// </summary>
    [HttpGet("tiers")]
    [ProducesResponseType(typeof(ValueTiersReport), StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status403Forbidden)]
    public async Task<IActionResult> Tiers(CancellationToken cancellationToken) => Ok(await query.LoadAsync(cancellationToken));

    /// <summary>
    /// A page of the over-served customers: gross margin (revenue − cost of goods) of zero or more, but a negative profit
    /// once the cost to serve is deducted. Sorted by profit, most negative first, then by customer id. <c>page</c> counts
    /// from 0; <c>pageSize</c> is 1 to 500. Each row has the customer id and name, revenue, gross margin, cost to serve
    /// and profit. Empty when profit is unknown.
    /// </summary>
    [HttpGet("over-served")]
    [ProducesResponseType(typeof(PagedResult<OverServedRow>), StatusCodes.Status200OK)]
    [ProducesResponseType<ValidationProblemDetails>(StatusCodes.Status400BadRequest)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status403Forbidden)]
    public async Task<IActionResult> OverServed([FromQuery] int page = 0, [FromQuery] int pageSize = 25, CancellationToken cancellationToken = default)
    {
        var invalid = Paging.Validate(page, pageSize, ValueTiersQuery.MaxPageSize);
        if (!invalid.Succeeded)
        {
            return ApiConventions.Validation(invalid);
        }

        return Ok(await query.OverServedAsync(page, pageSize, cancellationToken));
    }

    /// <summary>
    /// The whole over-served list as CSV (same order): customer_id, customer, revenue, gross_margin, service_cost, profit.
    /// Text cells that a spreadsheet would run as a formula are written with a leading apostrophe.
    /// </summary>
    [HttpGet("over-served/export")]
    [ProducesResponseType(typeof(string), StatusCodes.Status200OK, "text/csv")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status403Forbidden)]
    public async Task OverServedExport(CancellationToken cancellationToken)
    {
        Response.ContentType = "text/csv; charset=utf-8";
        Response.Headers.ContentDisposition = $"attachment; filename=over-served-{DateTime.UtcNow:yyyyMMdd-HHmm}.csv";
        await query.WriteOverServedCsvAsync(Response.Body, cancellationToken);
    }
}
