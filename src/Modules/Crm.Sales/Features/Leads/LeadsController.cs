using Crm.Contacts.Contracts;
using Crm.Kernel.Api;
using Crm.Kernel.Errors;
using Crm.Sales.Contracts;
using Crm.Sales.Features.Leads.AssignLead;
using Crm.Sales.Features.Leads.ConvertLead;
using Crm.Sales.Features.Leads.CreateLead;
using Crm.Sales.Features.Leads.DisqualifyLead;
using Crm.Sales.Features.Leads.QualifyLead;
using Crm.Sales.Features.Pipeline;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.Sales.Features.Leads;

/// <summary>
/// Leads over REST: a SalesRep works the leads assigned to them, Managers and Admins all. Actions accept an optional
/// If-Match with the lead's ETag; a stale one is refused with 412.
/// </summary>
[ApiController]
[Route("api/v1/leads")]
[Authorize(Roles = PipelineAccess.Roles)]
[Produces("application/json")]
[Tags("Leads")]
// Reps work their own records and ServiceAgents only some; the handlers refuse the rest with 403.
[ProducesResponseType<ProblemDetails>(StatusCodes.Status403Forbidden)]
public sealed class LeadsController : ControllerBase
{
    private LeadQueries Queries => HttpContext.RequestServices.GetRequiredService<LeadQueries>();

    private T Handler<T>()
        where T : notnull => HttpContext.RequestServices.GetRequiredService<T>();

    /// <summary>A page of leads: search (name, company, email), status, owner (Managers), sort.</summary>
    [HttpGet]
    [ProducesResponseType<PagedResult<LeadListItem>>(StatusCodes.Status200OK)]
    public async Task<PagedResult<LeadListItem>> List(
        [FromQuery] string? search, [FromQuery] LeadStatus? status, [FromQuery] string? ownerId, [FromQuery] LeadSort sort = LeadSort.Created,
        [FromQuery] bool descending = true, [FromQuery] int page = 0, [FromQuery] int pageSize = 25, CancellationToken cancellationToken = default) =>
        await Queries.ListAsync(new LeadListQuery
        {
            Search = search, Status = status, OwnerId = ownerId, Sort = sort, Descending = descending, Page = page, PageSize = pageSize,
        }, cancellationToken);

    /// <summary>One lead. The ETag header carries its version.</summary>
    [HttpGet("{id:long}")]
    [ProducesResponseType<LeadDetails>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound)]
    public async Task<ActionResult<LeadDetails>> Get(long id, CancellationToken cancellationToken) =>
        await Queries.GetAsync(id, cancellationToken);

    /// <summary>
    /// Creates a lead (email or phone required). A SalesRep keeps it; a Manager's lead without owner goes to the next rep by
    /// round-robin. Send an Idempotency-Key to retry safely.
    /// </summary>
    [HttpPost]
    [Idempotent]
    [ProducesResponseType<LeadDetails>(StatusCodes.Status201Created)]
    [ProducesResponseType<ValidationProblemDetails>(StatusCodes.Status400BadRequest)]
    public async Task<IActionResult> Create(LeadInput input, CancellationToken cancellationToken)
    {
        var result = await Handler<CreateLeadHandler>().CreateAsync(input, cancellationToken: cancellationToken);
        if (!result.Created)
        {
            return ApiConventions.Validation(result.Validation);
        }

        return await CreatedAsync(result.Id!.Value, cancellationToken);
    }

    /// <summary>Marks the lead qualified (worth pursuing).</summary>
    [HttpPost("{id:long}/qualify")]
    [IfMatch(Required = false)]
    [ProducesResponseType<LeadDetails>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status409Conflict)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status412PreconditionFailed)]
    public Task<IActionResult> Qualify(long id, CancellationToken cancellationToken) =>
        RunAsync(id, async version =>
        {
            await Handler<QualifyLeadHandler>().QualifyAsync(id, version, cancellationToken);
            return OperationResult.Success;
        }, cancellationToken);

    /// <summary>Disqualifies the lead; a reason is required.</summary>
    [HttpPost("{id:long}/disqualify")]
    [IfMatch(Required = false)]
    [ProducesResponseType<LeadDetails>(StatusCodes.Status200OK)]
    [ProducesResponseType<ValidationProblemDetails>(StatusCodes.Status400BadRequest)]
    public Task<IActionResult> Disqualify(long id, DisqualifyLeadInput input, CancellationToken cancellationToken) =>
        RunAsync(id, version => Handler<DisqualifyLeadHandler>().DisqualifyAsync(id, input.Reason, version, cancellationToken), cancellationToken);

    /// <summary>Assigns the lead to a user (Managers and Admins), or with an empty ownerId to the next rep by round-robin.</summary>
    [HttpPost("{id:long}/assign")]
    [IfMatch(Required = false)]
    [ProducesResponseType<LeadDetails>(StatusCodes.Status200OK)]
    [ProducesResponseType<ValidationProblemDetails>(StatusCodes.Status400BadRequest)]
    public Task<IActionResult> Assign(long id, AssignLeadInput input, CancellationToken cancellationToken) =>
        RunAsync(id, version => Handler<AssignLeadHandler>().AssignAsync(id, input.OwnerId, version, cancellationToken), cancellationToken);

    /// <summary>
    /// Converts the lead into a customer (an existing one by customerId, or a new one) and an opportunity in the first open
    /// stage. A new customer that looks like one already in eCRM is refused with 409 listing <c>duplicates</c>: choose one
    /// of them (customerId) or confirm with allowDuplicates=true.
    /// </summary>
    [HttpPost("{id:long}/convert")]
    [IfMatch(Required = false)]
    [ProducesResponseType<LeadConversionResult>(StatusCodes.Status200OK)]
    [ProducesResponseType<ValidationProblemDetails>(StatusCodes.Status400BadRequest)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status409Conflict)]
    public async Task<IActionResult> Convert(long id, ConvertLeadInput input, CancellationToken cancellationToken)
    {
        try
        {
            var (result, validation) = await Handler<ConvertLeadHandler>().ConvertAsync(id, input, ApiConventions.IfMatchVersion(Request), cancellationToken);
            if (!validation.Succeeded)
            {
                return ApiConventions.Validation(validation);
            }

            if (!result.Converted)
            {
                return ApiConventions.Problem(StatusCodes.Status409Conflict,
                    "The lead looks like a customer who is already in eCRM. Convert it to one of the duplicates (customerId), or send allowDuplicates=true.",
                    new Dictionary<string, object?> { ["duplicates"] = result.Duplicates });
            }

            return Ok(result);
        }
        catch (ConflictException ex) when (ApiConventions.IfMatchVersion(Request) is not null)
        {
            return ApiConventions.PreconditionFailed(ex.Message);
        }
    }

    private async Task<IActionResult> RunAsync(long id, Func<Guid?, Task<OperationResult>> action, CancellationToken cancellationToken)
    {
        var version = ApiConventions.IfMatchVersion(Request);
        try
        {
            var result = await action(version);
            if (!result.Succeeded)
            {
                return ApiConventions.Validation(result);
            }
        }
        catch (ConflictException ex) when (version is not null)
        {
            return ApiConventions.PreconditionFailed(ex.Message);
        }

        var lead = await Queries.GetAsync(id, cancellationToken);
        return Ok(lead);
    }

    private async Task<IActionResult> CreatedAsync(long id, CancellationToken cancellationToken)
    {
        var lead = await Queries.GetAsync(id, cancellationToken);
        return CreatedAtAction(nameof(Get), new { id }, lead);
    }
}
