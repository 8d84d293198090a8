using Crm.Analytics.Features.Shared;
using Crm.Kernel;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace Crm.Analytics.Features.RfmDashboard;

/// <summary>
/// The RFM segments over REST (Managers and Admins, or an API key with one of those roles): the recency x frequency heat
/// map and the segment table of the live figures or of a quarter's snapshot.
/// </summary>
[ApiController]
[Route("api/v1/analytics")]
[Authorize(Roles = CrmRoles.AdminOrManager)]
[Tags("Analytics")]
public sealed class RfmController : ControllerBase
{
    private readonly RfmQueries queries;

    internal RfmController(RfmQueries queries)
    {
        this.queries = queries;
    }

    /// <summary>
    /// The RFM heat map and segments. Recency (R) = whole days from a customer's last purchase to the as-of date, scored
    /// 1-5 by quintiles (5 = most recent); frequency (F) = purchase orders, scored 1-5 (5 = most); the segment follows from R
    /// and F. Each of the 25 cells has its customers and revenue (their cumulative purchase amounts); each of the 11
    /// segments has customers, share of customers, revenue, share of revenue, purchase orders and average order value
    /// (revenue / purchase orders). Totals cover every customer who bought on or before the as-of date.
    /// </summary>
    /// <param name="source"><c>live</c> (default: the current figures) or a quarter such as <c>2026-Q3</c> (its snapshot).</param>
    [HttpGet("rfm")]
    [ProducesResponseType(typeof(RfmFigures), StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status403Forbidden)]
    public async Task<IActionResult> Get([FromQuery] string? source, CancellationToken cancellationToken) =>
        Ok(await queries.LoadAsync(ValueSource.Parse(source), cancellationToken));

    /// <summary>The figures the RFM endpoints can show: <c>live</c> (with the as-of date of the last recompute) and each stored quarter.</summary>
    [HttpGet("rfm/sources")]
    [ProducesResponseType(typeof(IReadOnlyList<RfmSourceOption>), StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status403Forbidden)]
    public async Task<IActionResult> Sources(CancellationToken cancellationToken) =>
        Ok(await queries.SourcesAsync(cancellationToken));
}
