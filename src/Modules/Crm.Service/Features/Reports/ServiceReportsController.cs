using Crm.Kernel;
using Crm.Kernel.Api;
using Crm.Service.Contracts;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace Crm.Service.Features.Reports;

/// <summary>
/// The service report over REST, for Managers and Admins (and API keys with those roles; anyone else gets 403). The period
/// is whole UTC days <c>from</c> to <c>to</c> (yyyy-MM-dd, both included; default the last 30 days up to today; at most 12
/// months); <c>queueId</c> narrows every figure to one queue. A bad period or an unknown queue is a 400 naming the field.
/// </summary>
[ApiController]
[Route("api/v1/service/reports")]
[Authorize(Roles = CrmRoles.AdminOrManager)]
[Tags("Service reports")]
[ProducesResponseType<ValidationProblemDetails>(StatusCodes.Status400BadRequest)]
[ProducesResponseType<ProblemDetails>(StatusCodes.Status403Forbidden)]
public sealed class ServiceReportsController : ControllerBase
{
    private readonly ServiceReportQuery query;

    internal ServiceReportsController(ServiceReportQuery query)
    {
        this.query = query;
    }

    /// <summary>
    /// Backlog by queue and priority (now), cases created and resolved per day, first-response and resolution business
    /// times (median and 90th percentile by nearest rank), SLA attainment by policy, queue and agent, the breaches (at most
    /// 200, most recent first; <c>breachCount</c> counts all), the reopen rate and cases by customer tier. Definitions:
    /// created = opened in the period; resolved = last resolution in the period; business times = minutes the SLA clock
    /// counted in the policy's calendar without pauses; attainment = share of cases with a policy resolved in the period
    /// that breached no target.
    /// </summary>
    [HttpGet]
    [Produces("application/json")]
    [ProducesResponseType<ServiceReport>(StatusCodes.Status200OK)]
    public async Task<IActionResult> Get(
        [FromQuery] DateOnly? from, [FromQuery] DateOnly? to, [FromQuery] long? queueId, CancellationToken cancellationToken)
    {
        var (report, validation) = await query.LoadAsync(from, to, queueId, cancellationToken);
        return report is null ? ApiConventions.Validation(validation) : Ok(report);
    }

    /// <summary>
    /// One table of the report as CSV (same period and queue): backlog, daily, times, attainment, breaches or tiers. Text
    /// cells that a spreadsheet would run as a formula are written with a leading apostrophe.
    /// </summary>
    [HttpGet("export")]
    [ProducesResponseType(typeof(string), StatusCodes.Status200OK, "text/csv")]
    public async Task<IActionResult> Export(
        [FromQuery] ServiceReportTable table, [FromQuery] DateOnly? from, [FromQuery] DateOnly? to, [FromQuery] long? queueId,
        CancellationToken cancellationToken)
    {
        var (report, validation) = await query.LoadAsync(from, to, queueId, cancellationToken);
        return report is null
            ? ApiConventions.Validation(validation)
            : File(ServiceReportCsv.Write(report, table), "text/csv; charset=utf-8", ServiceReportCsv.FileName(report, table));
    }
}
