using Crm.Kernel.Api;
using Crm.Kernel.Errors;
using Crm.Service.Contracts;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace Crm.Service.Features.Sla;

/// <summary>
/// Business calendars and SLA policies (Managers and Admins only). A change of a calendar or policy recomputes the deadlines of
/// the open cases under it within a minute, keeping the time already used. Changes take If-Match with the ETag.
/// </summary>
[ApiController]
[Route("api/v1/sla")]
[Authorize(Roles = SlaAccess.Managers)]
[Produces("application/json")]
[Tags("SLA")]
[ProducesResponseType<ProblemDetails>(StatusCodes.Status403Forbidden)]
public sealed class SlaSettingsController : ControllerBase
{
    private readonly SlaSettings settings;

    internal SlaSettingsController(SlaSettings settings) => this.settings = settings;

    /// <summary>Every business calendar, by name.</summary>
    [HttpGet("calendars")]
    [ProducesResponseType<IReadOnlyList<BusinessCalendarDto>>(StatusCodes.Status200OK)]
    public async Task<IReadOnlyList<BusinessCalendarDto>> Calendars(CancellationToken cancellationToken) =>
        await settings.CalendarsAsync(cancellationToken);

    /// <summary>One business calendar. The ETag carries its version.</summary>
    [HttpGet("calendars/{id:long}")]
    [ProducesResponseType<BusinessCalendarDto>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound)]
    public async Task<ActionResult<BusinessCalendarDto>> Calendar(long id, CancellationToken cancellationToken) =>
        await settings.CalendarAsync(id, cancellationToken);

    /// <summary>Creates a business calendar: IANA zone, working periods per weekday ("09:00"-"17:00"), holidays; or 24x7. Send an Idempotency-Key to retry safely.</summary>
    [HttpPost("calendars")]
    [Idempotent]
    [ProducesResponseType<BusinessCalendarDto>(StatusCodes.Status201Created)]
    [ProducesResponseType<ValidationProblemDetails>(StatusCodes.Status400BadRequest)]
    public async Task<IActionResult> CreateCalendar(BusinessCalendarInput input, CancellationToken cancellationToken)
    {
        var result = await settings.SaveCalendarAsync(null, input, null, cancellationToken);
        return result.Succeeded
            ? CreatedAtAction(nameof(Calendar), new { id = result.Value }, await settings.CalendarAsync(result.Value, cancellationToken))
            : ApiConventions.Failure(result);
    }

    /// <summary>Replaces a business calendar; the open cases under its policies are recomputed within a minute. Requires If-Match.</summary>
    [HttpPut("calendars/{id:long}")]
    [IfMatch]
    [ProducesResponseType<BusinessCalendarDto>(StatusCodes.Status200OK)]
    [ProducesResponseType<ValidationProblemDetails>(StatusCodes.Status400BadRequest)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status409Conflict)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status412PreconditionFailed)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status428PreconditionRequired)]
    public async Task<IActionResult> UpdateCalendar(long id, BusinessCalendarInput input, CancellationToken cancellationToken)
    {
        var result = await settings.SaveCalendarAsync(id, input, ApiConventions.RequiredIfMatchVersion(Request), cancellationToken);
        return result.Succeeded ? Ok(await settings.CalendarAsync(id, cancellationToken)) : ApiConventions.Failure(result);
    }

    /// <summary>Every SLA policy in match order: a new case gets the first active one whose priority and category match.</summary>
    [HttpGet("policies")]
    [ProducesResponseType<IReadOnlyList<SlaPolicyDto>>(StatusCodes.Status200OK)]
    public async Task<IReadOnlyList<SlaPolicyDto>> Policies(CancellationToken cancellationToken) =>
        await settings.PoliciesAsync(cancellationToken);

    /// <summary>One SLA policy. The ETag carries its version.</summary>
    [HttpGet("policies/{id:long}")]
    [ProducesResponseType<SlaPolicyDto>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound)]
    public async Task<ActionResult<SlaPolicyDto>> Policy(long id, CancellationToken cancellationToken) =>
        await settings.PolicyAsync(id, cancellationToken);

    /// <summary>Creates an SLA policy, first in the match order. Send an Idempotency-Key to retry safely.</summary>
    [HttpPost("policies")]
    [Idempotent]
    [ProducesResponseType<SlaPolicyDto>(StatusCodes.Status201Created)]
    [ProducesResponseType<ValidationProblemDetails>(StatusCodes.Status400BadRequest)]
    public async Task<IActionResult> CreatePolicy(SlaPolicyInput input, CancellationToken cancellationToken)
    {
        var result = await settings.SavePolicyAsync(null, input, null, cancellationToken);
        return result.Succeeded
            ? CreatedAtAction(nameof(Policy), new { id = result.Value }, await settings.PolicyAsync(result.Value, cancellationToken))
            : ApiConventions.Failure(result);
    }

    /// <summary>Replaces an SLA policy's criteria, calendar and targets; its open cases are recomputed within a minute, keeping the time used. Requires If-Match.</summary>
    [HttpPut("policies/{id:long}")]
    [IfMatch]
    [ProducesResponseType<SlaPolicyDto>(StatusCodes.Status200OK)]
    [ProducesResponseType<ValidationProblemDetails>(StatusCodes.Status400BadRequest)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status409Conflict)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status412PreconditionFailed)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status428PreconditionRequired)]
    public async Task<IActionResult> UpdatePolicy(long id, SlaPolicyInput input, CancellationToken cancellationToken)
    {
        var result = await settings.SavePolicyAsync(id, input, ApiConventions.RequiredIfMatchVersion(Request), cancellationToken);
        return result.Succeeded ? Ok(await settings.PolicyAsync(id, cancellationToken)) : ApiConventions.Failure(result);
    }

    /// <summary>Moves a policy one place earlier (up=true) or later in the match order.</summary>
    [HttpPost("policies/{id:long}/move")]
    [ProducesResponseType<IReadOnlyList<SlaPolicyDto>>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound)]
    public async Task<IActionResult> Move(long id, [FromQuery] bool up, CancellationToken cancellationToken)
    {
        var result = await settings.MoveAsync(id, up, cancellationToken);
        return result.Succeeded ? Ok(await settings.PoliciesAsync(cancellationToken)) : ApiConventions.Failure(result);
    }

    /// <summary>Deactivates a policy: new cases no longer get it; open cases that have it keep it.</summary>
    [HttpPost("policies/{id:long}/deactivate")]
    [IfMatch(Required = false)]
    [ProducesResponseType<SlaPolicyDto>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status409Conflict)]
    public async Task<IActionResult> Deactivate(long id, CancellationToken cancellationToken) =>
        await ActiveAsync(id, false, cancellationToken);

    /// <summary>Activates a policy again: new cases can get it.</summary>
    [HttpPost("policies/{id:long}/activate")]
    [IfMatch(Required = false)]
    [ProducesResponseType<SlaPolicyDto>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status409Conflict)]
    public async Task<IActionResult> Activate(long id, CancellationToken cancellationToken) =>
        await ActiveAsync(id, true, cancellationToken);

    private async Task<IActionResult> ActiveAsync(long id, bool active, CancellationToken cancellationToken)
    {
        var result = await settings.SetActiveAsync(id, active, ApiConventions.IfMatchVersion(Request), cancellationToken);
        return result.Succeeded ? Ok(await settings.PolicyAsync(id, cancellationToken)) : ApiConventions.Failure(result);
    }
}
