using Crm.Kernel.Api;
using Crm.Kernel.Errors;
using Crm.Service.Contracts;
using Crm.Service.Features.Cases;
using Crm.Service.Features.Queues.AssignmentRules;
using Crm.Service.Features.Queues.SaveQueue;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace Crm.Service.Features.Queues;

/// <summary>
/// Queues of cases with their members, supervisor and routing strategy. Everyone who works cases reads them; Managers and
/// Admins create and change them (If-Match with the queue's ETag, optional; 412 when stale).
/// </summary>
[ApiController]
[Route("api/v1/queues")]
[Authorize(Roles = CaseAccess.Workers)]
[Produces("application/json")]
[Tags("Queues")]
[ProducesResponseType<ProblemDetails>(StatusCodes.Status403Forbidden)]
public sealed class QueuesController : ControllerBase
{
    private readonly QueueQueries queries;
    private readonly SaveQueueHandler save;
    private readonly AssignmentRulesHandler rules;

    internal QueuesController(QueueQueries queries, SaveQueueHandler save, AssignmentRulesHandler rules)
    {
        this.queries = queries;
        this.save = save;
        this.rules = rules;
    }

    /// <summary>The assignment rules in order: a new case without a queue goes to the queue of the first rule it matches, else to the default queue.</summary>
    [HttpGet("rules")]
    [ProducesResponseType<IReadOnlyList<AssignmentRuleView>>(StatusCodes.Status200OK)]
    public async Task<IReadOnlyList<AssignmentRuleView>> Rules(CancellationToken cancellationToken) => await rules.ListAsync(cancellationToken);

    /// <summary>Replaces the assignment rules with this ordered list (Managers and Admins). Each rule names an active queue and at least one condition.</summary>
    [HttpPut("rules")]
    [Authorize(Roles = QueueAccess.Configurers)]
    [ProducesResponseType<IReadOnlyList<AssignmentRuleView>>(StatusCodes.Status200OK)]
    [ProducesResponseType<ValidationProblemDetails>(StatusCodes.Status400BadRequest)]
    public async Task<IActionResult> ReplaceRules(IReadOnlyList<AssignmentRuleInput> input, CancellationToken cancellationToken)
    {
        var result = await rules.ReplaceAsync(input, cancellationToken);
        return result.Succeeded ? Ok(result.Value) : ApiConventions.Failure(result);
    }

    /// <summary>Every queue (active ones first) with members, their presence and load, and the queue's open and unassigned cases.</summary>
    [HttpGet]
    [ProducesResponseType<IReadOnlyList<QueueDetails>>(StatusCodes.Status200OK)]
    public async Task<IReadOnlyList<QueueDetails>> List([FromQuery] bool activeOnly, CancellationToken cancellationToken) =>
        await queries.ListAsync(activeOnly, cancellationToken);

    /// <summary>One queue. The ETag carries its version.</summary>
    [HttpGet("{id:long}")]
    [ProducesResponseType<QueueDetails>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound)]
    public async Task<ActionResult<QueueDetails>> Get(long id, CancellationToken cancellationToken) => await queries.GetAsync(id, cancellationToken);

    /// <summary>Creates a queue (Managers and Admins). Names are unique ignoring case; members and the supervisor are ServiceAgents, Managers or Admins.</summary>
    [HttpPost]
    [Authorize(Roles = QueueAccess.Configurers)]
    [Idempotent]
    [ProducesResponseType<QueueDetails>(StatusCodes.Status201Created)]
    [ProducesResponseType<ValidationProblemDetails>(StatusCodes.Status400BadRequest)]
    public async Task<IActionResult> Create(QueueInput input, CancellationToken cancellationToken)
    {
        var result = await save.CreateAsync(input, cancellationToken);
        if (!result.Succeeded)
        {
            return ApiConventions.Failure(result);
        }

        var created = await queries.GetAsync(result.Value, cancellationToken);
        return CreatedAtAction(nameof(Get), new { id = created.Id }, created);
    }

    /// <summary>Changes a queue's name, description, strategy, supervisor, members and default flag (Managers and Admins).</summary>
    [HttpPut("{id:long}")]
    [Authorize(Roles = QueueAccess.Configurers)]
    [IfMatch(Required = false)]
    [ProducesResponseType<QueueDetails>(StatusCodes.Status200OK)]
    [ProducesResponseType<ValidationProblemDetails>(StatusCodes.Status400BadRequest)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound)]
    public async Task<IActionResult> Update(long id, QueueInput input, CancellationToken cancellationToken) =>
        await AnswerAsync(await save.UpdateAsync(id, input, ApiConventions.IfMatchVersion(Request), cancellationToken), cancellationToken);

    /// <summary>Deactivates a queue: it takes no new cases and stops being the default; its cases stay (Managers and Admins).</summary>
    [HttpPost("{id:long}/deactivate")]
    [Authorize(Roles = QueueAccess.Configurers)]
    [IfMatch(Required = false)]
    [ProducesResponseType<QueueDetails>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound)]
    public async Task<IActionResult> Deactivate(long id, CancellationToken cancellationToken) =>
        await AnswerAsync(await save.SetActiveAsync(id, active: false, ApiConventions.IfMatchVersion(Request), cancellationToken), cancellationToken);

    /// <summary>Activates a deactivated queue again (Managers and Admins).</summary>
    [HttpPost("{id:long}/activate")]
    [Authorize(Roles = QueueAccess.Configurers)]
    [IfMatch(Required = false)]
    [ProducesResponseType<QueueDetails>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound)]
    public async Task<IActionResult> Activate(long id, CancellationToken cancellationToken) =>
        await AnswerAsync(await save.SetActiveAsync(id, active: true, ApiConventions.IfMatchVersion(Request), cancellationToken), cancellationToken);

    private async Task<IActionResult> AnswerAsync(CommandResult<long> result, CancellationToken cancellationToken) =>
        result.Succeeded ? Ok(await queries.GetAsync(result.Value, cancellationToken)) : ApiConventions.Failure(result);
}
