using Crm.Contacts.Contracts;
using Crm.Contacts.Features.Interactions;
using Crm.Contacts.Features.Interactions.CorrectInteraction;
using Crm.Contacts.Features.Interactions.LogInteraction;
using Crm.Kernel;
using Crm.Kernel.Api;
using Crm.Kernel.Errors;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace Crm.Contacts.Features.Api;

/// <summary>A customer's interaction timeline over REST: read it, record contacts (calls, emails, visits...), correct them.</summary>
[ApiController]
[Route("api/v1/customers/{customerId:long}/interactions")]
[Authorize]
[Produces("application/json")]
[Tags("Interactions")]
// Reps work their own records and ServiceAgents only some; the handlers refuse the rest with 403.
[ProducesResponseType<ProblemDetails>(StatusCodes.Status403Forbidden)]
public sealed class InteractionsController : ControllerBase
{
    private readonly InteractionQueries queries;
    private readonly LogInteractionHandler logInteraction;
    private readonly CorrectInteractionHandler correctInteraction;

    internal InteractionsController(InteractionQueries queries, LogInteractionHandler logInteraction, CorrectInteractionHandler correctInteraction)
    {
        this.queries = queries;
        this.logInteraction = logInteraction;
        this.correctInteraction = correctInteraction;
    }

    /// <summary>The timeline, newest first, optionally filtered by channel and type.</summary>
    [HttpGet]
    [ProducesResponseType<PagedResult<InteractionDto>>(StatusCodes.Status200OK)]
    public async Task<PagedResult<InteractionDto>> List(long customerId, [FromQuery] Channel? channel, [FromQuery] InteractionType? type,
        [FromQuery] int page = 0, [FromQuery] int pageSize = 25, CancellationToken cancellationToken = default) =>
        await queries.TimelineAsync(customerId, channel, type, page, pageSize, cancellationToken);

    /// <summary>One interaction of the customer's timeline. The ETag header carries its version, for If-Match on corrections.</summary>
    [HttpGet("{interactionId:long}")]
    [ProducesResponseType<InteractionDto>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound)]
    public async Task<ActionResult<InteractionDto>> Get(long customerId, long interactionId, CancellationToken cancellationToken) =>
        await queries.GetAsync(customerId, interactionId, cancellationToken);

    /// <summary>Records a contact with the customer. Send an Idempotency-Key to retry safely.</summary>
    [HttpPost]
    [Idempotent]
    [ProducesResponseType<InteractionDto>(StatusCodes.Status201Created)]
    [ProducesResponseType<ValidationProblemDetails>(StatusCodes.Status400BadRequest)]
    public async Task<IActionResult> Create(long customerId, InteractionInput input, CancellationToken cancellationToken)
    {
        var result = await logInteraction.LogAsync(customerId, input, cancellationToken);
        if (!result.Succeeded)
        {
            return ApiConventions.Failure(result);
        }

        var created = await queries.GetAsync(customerId, result.Value, cancellationToken);
        return CreatedAtAction(nameof(Get), new { customerId, interactionId = result.Value }, created);
    }

    /// <summary>Corrects an interaction. Requires If-Match with its ETag.</summary>
    [HttpPut("{interactionId:long}")]
    [ProducesResponseType<InteractionDto>(StatusCodes.Status200OK)]
    [ProducesResponseType<ValidationProblemDetails>(StatusCodes.Status400BadRequest)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status412PreconditionFailed)]
    [IfMatch]
    public async Task<IActionResult> Update(long customerId, long interactionId, InteractionInput input, CancellationToken cancellationToken)
    {
        var version = ApiConventions.RequiredIfMatchVersion(Request);

        var result = await correctInteraction.CorrectAsync(customerId, interactionId, input, version, cancellationToken);
        if (!result.Succeeded)
        {
            return ApiConventions.Failure(result);
        }

        var updated = await queries.GetAsync(customerId, interactionId, cancellationToken);
        return Ok(updated);
    }
}
