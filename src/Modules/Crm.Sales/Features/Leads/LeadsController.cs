using Crm.Contacts.Contracts;
using Crm.Kernel.Api;
using Crm.Kernel.Errors;
using Crm.Kernel;
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
    private readonly LeadQueries queries;
    private readonly CreateLeadHandler createLead;
    private readonly QualifyLeadHandler qualifyLead;
    private readonly DisqualifyLeadHandler disqualifyLead;
    private readonly AssignLeadHandler assignLead;
    private readonly ConvertLeadHandler convertLead;

    internal LeadsController(
        LeadQueries queries, CreateLeadHandler createLead, QualifyLeadHandler qualifyLead, DisqualifyLeadHandler disqualifyLead,
        AssignLeadHandler assignLead, ConvertLeadHandler convertLead)
    {
        this.queries = queries;
        this.createLead = createLead;
        this.qualifyLead = qualifyLead;
        this.disqualifyLead = disqualifyLead;
        this.assignLead = assignLead;
        this.convertLead = convertLead;
    }

    /// <summary>A page of leads: search (name, company, email), status, owner (Managers), sort.</summary>
    [HttpGet]
    [ProducesResponseType<PagedResult<LeadListItem>>(StatusCodes.Status200OK)]
    public async Task<PagedResult<LeadListItem>> List(
        [FromQuery] string? search, [FromQuery] LeadStatus? status, [FromQuery] string? ownerId, [FromQuery] LeadSort sort = LeadSort.Created,
        [FromQuery] bool descending = true, [FromQuery] int page = 0, [FromQuery] int pageSize = 25, CancellationToken cancellationToken = default) =>
        await queries.ListAsync(new LeadListQuery
        {
            Search = search, Status = status, OwnerId = ownerId, Sort = sort, Descending = descending, Page = page, PageSize = pageSize,
        }, cancellationToken);

    /// <summary>One lead. The ETag header carries its version.</summary>
    [HttpGet("{id:long}")]
    [ProducesResponseType<LeadDetails>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound)]
    public async Task<ActionResult<LeadDetails>> Get(long id, CancellationToken cancellationToken) =>
        await queries.GetAsync(id, cancellationToken);

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
        var result = await createLead.CreateAsync(input, cancellationToken: cancellationToken);
        if (!result.Succeeded)
        {
            return ApiConventions.Failure(result);
        }

        var lead = await queries.GetAsync(result.Value, cancellationToken);
        return CreatedAtAction(nameof(Get), new { id = result.Value }, lead);
    }

    /// <summary>Marks the lead qualified (worth pursuing).</summary>
    [HttpPost("{id:long}/qualify")]
    [IfMatch(Required = false)]
    [ProducesResponseType<LeadDetails>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status409Conflict)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status412PreconditionFailed)]
    public Task<IActionResult> Qualify(long id, CancellationToken cancellationToken) =>
        RunAsync(version => qualifyLead.QualifyAsync(id, version, cancellationToken), cancellationToken);

    /// <summary>Disqualifies the lead; a reason is required.</summary>
    [HttpPost("{id:long}/disqualify")]
    [IfMatch(Required = false)]
    [ProducesResponseType<LeadDetails>(StatusCodes.Status200OK)]
    [ProducesResponseType<ValidationProblemDetails>(StatusCodes.Status400BadRequest)]
    public Task<IActionResult> Disqualify(long id, DisqualifyLeadInput input, CancellationToken cancellationToken) =>
        RunAsync(version => disqualifyLead.DisqualifyAsync(id, input.Reason, version, cancellationToken), cancellationToken);

    /// <summary>Assigns the lead to a user (Managers and Admins), or with an empty ownerId to the next rep by round-robin.</summary>
    [HttpPost("{id:long}/assign")]
    [IfMatch(Required = false)]
    [ProducesResponseType<LeadDetails>(StatusCodes.Status200OK)]
    [ProducesResponseType<ValidationProblemDetails>(StatusCodes.Status400BadRequest)]
    public Task<IActionResult> Assign(long id, AssignLeadInput input, CancellationToken cancellationToken) =>
        RunAsync(version => assignLead.AssignAsync(id, input.OwnerId, version, cancellationToken), cancellationToken);

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
        var (result, duplicates) = await convertLead.ConvertAsync(id, input, ApiConventions.IfMatchVersion(Request), cancellationToken);
        if (result.Outcome == CommandOutcome.Conflict && duplicates.Count > 0)
        {
            // The duplicates travel with the 409 so the caller can choose one (see ConvertLeadResult).
            return ApiConventions.Problem(StatusCodes.Status409Conflict,
                "The lead looks like a customer who is already in eCRM. Convert it to one of the duplicates (customerId), or send allowDuplicates=true.",
                new Dictionary<string, object?> { ["duplicates"] = duplicates });
        }

        return result.Succeeded ? Ok(result.Value) : ApiConventions.Failure(result);
    }

    private async Task<IActionResult> RunAsync(Func<Guid?, Task<CommandResult<long>>> action, CancellationToken cancellationToken)
    {
        var result = await action(ApiConventions.IfMatchVersion(Request));
        if (!result.Succeeded)
        {
            return ApiConventions.Failure(result);
        }

        var lead = await queries.GetAsync(result.Value, cancellationToken);
        return Ok(lead);
    }
}
