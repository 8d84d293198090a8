using System.Globalization;
using System.Text;
using Crm.Kernel;
using Crm.Kernel.Api;
using Crm.Kernel.Identity;
using Crm.Kernel.Text;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

using Crm.Analytics.Features.Shared;

namespace Crm.Analytics.Features.Lifetime;

/// <summary>
/// Lifetime value over the current customer-value figures: the model in use, KPIs and the CLV distribution, the top
/// customers by CLV and the valuable customers at risk. CLV is the expected spend over the next 52 weeks, undiscounted
/// (BG/NBD expected purchases x Gamma-Gamma expected order value). Managers and Admins (and API keys with those roles).
/// </summary>
[ApiController]
[Route("api/v1/analytics")]
[Authorize(Roles = CrmRoles.AdminOrManager)]
[Tags("Analytics")]
public sealed class LifetimeController : ControllerBase
{
    private readonly LifetimeQueries queries;
    private readonly ICurrentUser user;

    internal LifetimeController(LifetimeQueries queries, ICurrentUser user)
    {
        this.queries = queries;
        this.user = user;
    }

    /// <summary>
    /// The lifetime model in use (BG/NBD r, alpha, a, b in weeks; Gamma-Gamma p, q, gamma; null when nobody bought twice),
    /// the number of customers with figures and with a CLV, total and average predicted CLV, average P(alive), and the CLV
    /// distribution in buckets on a logarithmic scale (each bucket from <c>from</c> inclusive to <c>to</c> exclusive; the
    /// last has no upper bound).
    /// </summary>
    [HttpGet("lifetime")]
    [ProducesResponseType<LifetimeOverview>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status403Forbidden)]
    public async Task<IActionResult> Overview(CancellationToken cancellationToken) =>
        Ok(await queries.OverviewAsync(cancellationToken));

    /// <summary>
    /// A page of the customers with a CLV, highest CLV first (ties by customer id): rank, name, CLV, P(alive), expected
    /// purchases and expected order value in the next 52 weeks, past spend and tier by spend, and
    /// <c>probabilityAliveExplanation</c> (<c>code</c> and <c>text</c>: why P(alive) and CLV are what they are; a customer
    /// with one order so far has P(alive) 100% and a CLV that comes from similar customers). Pages count from 0; at most
    /// 200 rows per page.
    /// </summary>
    [HttpGet("top-clv")]
    [ProducesResponseType<PagedResult<ClvCustomerRow>>(StatusCodes.Status200OK)]
    [ProducesResponseType<ValidationProblemDetails>(StatusCodes.Status400BadRequest)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status403Forbidden)]
    public async Task<IActionResult> TopClv([FromQuery] int page = 0, [FromQuery] int pageSize = 25, CancellationToken cancellationToken = default)
    {
        var paging = new Crm.Kernel.Errors.OperationResult([.. LifetimeQueries.PagingErrors(page, pageSize)]);
        if (!paging.Succeeded)
        {
            return ApiConventions.Validation(paging);
        }

        return Ok(await queries.TopClvAsync(page, pageSize, cancellationToken));
    }

    /// <summary>
    /// A page of the valuable customers at risk: tier by spend at least <c>minTier</c> (Bronze, Silver, Gold or Platinum;
    /// default Gold) and P(alive) below <c>maxProbabilityAlive</c> (above 0, at most 1; default 0.5), highest past spend
    /// first, each with <c>probabilityAliveExplanation</c> (<c>code</c> and <c>text</c>: why the model thinks the customer
    /// may be gone, for example a long silence after frequent buying). Invalid values come back as 400 naming the field.
    /// </summary>
    [HttpGet("at-risk")]
    [ProducesResponseType<PagedResult<AtRiskCustomerRow>>(StatusCodes.Status200OK)]
    [ProducesResponseType<ValidationProblemDetails>(StatusCodes.Status400BadRequest)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status403Forbidden)]
    public async Task<IActionResult> AtRisk(
        [FromQuery] string? minTier = null, [FromQuery] double maxProbabilityAlive = AtRiskFilter.DefaultMaxProbabilityAlive,
        [FromQuery] int page = 0, [FromQuery] int pageSize = 25, CancellationToken cancellationToken = default)
    {
        var validation = LifetimeQueries.Validate(minTier, maxProbabilityAlive, page, pageSize, out var filter);
        if (!validation.Succeeded)
        {
            return ApiConventions.Validation(validation);
        }

        return Ok(await queries.AtRiskAsync(filter, page, pageSize, cancellationToken));
    }

    /// <summary>
    /// The whole at-risk list (same filter and order as <c>at-risk</c>) as CSV for a spreadsheet. Text cells that a
    /// spreadsheet would run as a formula are written with a leading apostrophe.
    /// </summary>
    [HttpGet("at-risk/export")]
    [Produces("text/csv")]
    [ProducesResponseType(StatusCodes.Status200OK)]
    [ProducesResponseType<ValidationProblemDetails>(StatusCodes.Status400BadRequest)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status403Forbidden)]
    public async Task<IActionResult> ExportAtRisk(
        [FromQuery] string? minTier = null, [FromQuery] double maxProbabilityAlive = AtRiskFilter.DefaultMaxProbabilityAlive,
        CancellationToken cancellationToken = default)
    {
        var validation = LifetimeQueries.Validate(minTier, maxProbabilityAlive, 0, 1, out var filter);
        if (!validation.Succeeded)
        {
            return ApiConventions.Validation(validation);
        }

        LifetimeQueries.EnsureRead(user);
        Response.ContentType = "text/csv; charset=utf-8";
        Response.Headers.ContentDisposition = $"attachment; filename=customers-at-risk-{DateTime.UtcNow:yyyyMMdd-HHmm}.csv";
        await AtRiskCsv.WriteAsync(queries.AllAtRiskAsync(filter, cancellationToken), Response.Body, cancellationToken);
        return new EmptyResult();
    }
}

/// <summary>The at-risk list as CSV (RFC 4180, UTF-8 with a byte-order mark), every text cell spreadsheet-safe.</summary>
internal static class AtRiskCsv
{
    public static readonly string[] Columns =
        ["customer_id", "customer", "past_spend", "tier", "p_alive", "clv_52_weeks", "purchases", "last_purchase", "recency_days", "segment"];

    public static async Task WriteAsync(IAsyncEnumerable<AtRiskCustomerRow> rows, Stream output, CancellationToken cancellationToken)
    {
        await using var writer = new StreamWriter(output, new UTF8Encoding(encoderShouldEmitUTF8Identifier: true), leaveOpen: true);
        await writer.WriteLineAsync(string.Join(',', Columns).AsMemory(), cancellationToken);
        await foreach (var r in rows.WithCancellation(cancellationToken))
        {
            await writer.WriteLineAsync(string.Join(',',
                r.CustomerId.ToString(CultureInfo.InvariantCulture),
                Text(r.Name),
                r.PastSpend.ToString(CultureInfo.InvariantCulture),
                Text(r.Tier),
                r.ProbabilityAlive.ToString("0.####", CultureInfo.InvariantCulture),
                r.Clv?.ToString("0.##", CultureInfo.InvariantCulture) ?? "",
                r.Frequency.ToString(CultureInfo.InvariantCulture),
                r.LastPurchaseOn.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                r.RecencyDays.ToString(CultureInfo.InvariantCulture),
                Text(r.Segment)).AsMemory(), cancellationToken);
        }

        await writer.FlushAsync(cancellationToken);
    }

    private static string Text(string value) => AnalyticsCsv.Text(value);
}
