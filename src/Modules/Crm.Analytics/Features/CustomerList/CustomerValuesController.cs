using System.Globalization;
using System.Text;
using Crm.Analytics.Contracts;
using Crm.Contacts.Contracts;
using Crm.Kernel;
using Crm.Kernel.Api;
using Crm.Kernel.Text;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace Crm.Analytics.Features.CustomerList;

/// <summary>
/// The customers behind the value dashboards over REST (Managers and Admins, or an API key with one of those roles):
/// filtered by heat-map cell, segment or tier, as JSON pages or as one CSV file.
/// </summary>
[ApiController]
[Route("api/v1/analytics")]
[Authorize(Roles = CrmRoles.AdminOrManager)]
[Tags("Analytics")]
public sealed class CustomerValuesController : ControllerBase
{
    private readonly CustomerValueListQuery query;

    internal CustomerValuesController(CustomerValueListQuery query)
    {
        this.query = query;
    }
    /// <summary>The CSV columns, in order.</summary>
    public static readonly string[] CsvColumns =
    [
        "customer_id", "customer", "segment", "r", "f", "m", "recency_days", "frequency", "monetary", "tier_by_spend",
        "tier_by_profit", "clv", "p_alive",
    ];


    /// <summary>
    /// A page of customers with their value figures: RFM scores (1-5) and segment, recency in days (live figures only),
    /// frequency (purchase orders), monetary value (cumulative purchase amounts), tiers by spend and by profit, CLV (expected
    /// spend in the next 52 weeks) and P(alive) with <c>probabilityAliveExplanation</c> (<c>code</c> and <c>text</c>: why
    /// P(alive) and CLV are what they are, for example one order so far or a long silence after frequent buying; live
    /// figures only, null for a quarter's snapshot). Filter by the figures (<c>source</c>), a heat-map cell (<c>r</c>, <c>f</c>),
    /// a segment and tiers; sorted by monetary value, highest first, unless told otherwise.
    /// </summary>
    /// <param name="source"><c>live</c> (default) or a quarter such as <c>2026-Q3</c> (its snapshot).</param>
    /// <param name="r">Recency score 1-5.</param>
    /// <param name="f">Frequency score 1-5.</param>
    /// <param name="segment">Segment name, for example <c>Champions</c> or <c>At risk</c>.</param>
    /// <param name="spendTier">Tier by spend: Bronze, Silver, Gold or Platinum (or 1-4).</param>
    /// <param name="profitTier">Tier by profit: Bronze, Silver, Gold or Platinum (or 1-4).</param>
    /// <param name="sort">Monetary (default), Frequency, RecencyDays, RecencyScore, FrequencyScore, MonetaryScore, Segment, SpendTier, ProfitTier, Clv, ProbabilityAlive or CustomerId.</param>
    /// <param name="descending">Sort descending (default true).</param>
    /// <param name="page">Zero-based page number.</param>
    /// <param name="pageSize">1 to 500 (default 25).</param>
    [HttpGet("customers")]
        [ProducesResponseType(typeof(PagedResult<CustomerValueListItem>), StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status400BadRequest)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status403Forbidden)]
    public async Task<IActionResult> List(
        [FromQuery] string? source, [FromQuery] string? r, [FromQuery] string? f, [FromQuery] string? segment,
        [FromQuery] string? spendTier, [FromQuery] string? profitTier, [FromQuery] CustomerValueSort sort = CustomerValueSort.Monetary,
        [FromQuery] bool descending = true, [FromQuery] int page = 0, [FromQuery] int pageSize = 25, CancellationToken cancellationToken = default)
    {
        if (CustomerValueFilter.Problem(source, r, f, spendTier, profitTier) is { } problem)
        {
            return ApiConventions.Problem(StatusCodes.Status400BadRequest, problem);
        }

        var filter = CustomerValueFilter.Parse(source, r, f, segment, spendTier, profitTier);
        return Ok(await query.ListAsync(new CustomerValueListRequest(filter, sort, descending, page, pageSize), cancellationToken));
    }

    /// <summary>
    /// The whole filtered list (every page, same filters and sort as <c>GET /api/v1/analytics/customers</c>) as CSV for a
    /// spreadsheet, streamed. Text cells that a spreadsheet would run as a formula get a leading apostrophe. Columns:
    /// customer_id, customer, segment, r, f, m, recency_days, frequency, monetary, tier_by_spend, tier_by_profit, clv,
    /// p_alive (empty where the figures do not have the value).
    /// </summary>
    /// <param name="source"><c>live</c> (default) or a quarter such as <c>2026-Q3</c>.</param>
    /// <param name="r">Recency score 1-5.</param>
    /// <param name="f">Frequency score 1-5.</param>
    /// <param name="segment">Segment name.</param>
    /// <param name="spendTier">Tier by spend.</param>
    /// <param name="profitTier">Tier by profit.</param>
    /// <param name="sort">As for the JSON list (default Monetary).</param>
    /// <param name="descending">Sort descending (default true).</param>
    [HttpGet("customers.csv")]
    [ProducesResponseType(typeof(string), StatusCodes.Status200OK, "text/csv")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status400BadRequest)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status403Forbidden)]
    public async Task<IActionResult> Export(
        [FromQuery] string? source, [FromQuery] string? r, [FromQuery] string? f, [FromQuery] string? segment,
        [FromQuery] string? spendTier, [FromQuery] string? profitTier, [FromQuery] CustomerValueSort sort = CustomerValueSort.Monetary,
        [FromQuery] bool descending = true, CancellationToken cancellationToken = default)
    {
        if (CustomerValueFilter.Problem(source, r, f, spendTier, profitTier) is { } problem)
        {
            return ApiConventions.Problem(StatusCodes.Status400BadRequest, problem);
        }

        var filter = CustomerValueFilter.Parse(source, r, f, segment, spendTier, profitTier);
        var rows = query.AllAsync(filter, sort, descending, cancellationToken);
        Response.ContentType = "text/csv; charset=utf-8";
        Response.Headers.ContentDisposition = $"attachment; filename=customer-values-{filter.Source.Key}-{DateTime.UtcNow:yyyyMMdd-HHmm}.csv";

        // UTF-8 with a byte-order mark, so spreadsheets read accents correctly.
        await using var writer = new StreamWriter(Response.Body, new UTF8Encoding(encoderShouldEmitUTF8Identifier: true), leaveOpen: true);
        await writer.WriteLineAsync(string.Join(',', CsvColumns).AsMemory(), cancellationToken);
        var written = 0;
        await foreach (var row in rows)
        {
            await writer.WriteLineAsync(CsvLine(row).AsMemory(), cancellationToken);
            if (++written % CustomerValueListQuery.ExportBatch == 0)
            {
                await writer.FlushAsync(cancellationToken);
            }
        }

        await writer.FlushAsync(cancellationToken);
        return new EmptyResult();
    }

    /// <summary>One CSV record (RFC 4180) of a customer; text cells are made spreadsheet-safe.</summary>
    internal static string CsvLine(CustomerValueListItem c) => Row(
        c.CustomerId.ToString(CultureInfo.InvariantCulture),
        SpreadsheetSafe.Cell(c.Name) ?? "",
        SpreadsheetSafe.Cell(c.Segment) ?? "",
        c.RecencyScore.ToString(CultureInfo.InvariantCulture),
        c.FrequencyScore.ToString(CultureInfo.InvariantCulture),
        c.MonetaryScore.ToString(CultureInfo.InvariantCulture),
        c.RecencyDays?.ToString(CultureInfo.InvariantCulture) ?? "",
        c.Frequency.ToString(CultureInfo.InvariantCulture),
        c.Monetary.ToString(CultureInfo.InvariantCulture),
        SpreadsheetSafe.Cell(c.SpendTier) ?? "",
        SpreadsheetSafe.Cell(c.ProfitTier) ?? "",
        c.Clv?.ToString("0.####", CultureInfo.InvariantCulture) ?? "",
        c.ProbabilityAlive?.ToString("0.######", CultureInfo.InvariantCulture) ?? "");

    private static string Row(params string[] fields) => string.Join(',', fields.Select(field =>
        field.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + field.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : field));
}
