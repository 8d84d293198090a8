using Crm.Contacts.Contracts;
using Crm.Kernel.Api;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace Crm.Contacts.Features.Customers.Preferences;

/// <summary>
/// A customer's remembered preferences and personal details over REST: read them, record one, change or remove one with
/// If-Match. Everyone signed in reads; the owning SalesRep, ServiceAgents, Managers and Admins record (agents change only
/// their own); the handlers refuse the rest with 403.
/// </summary>
[ApiController]
[Route("api/v1/customers/{customerId:long}/preferences")]
[Authorize]
[Produces("application/json")]
[Tags("Preferences")]
[ProducesResponseType<ProblemDetails>(StatusCodes.Status403Forbidden)]
[ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound)]
public sealed class PreferenceFactsController : ControllerBase
{
    private readonly PreferenceFactQueries queries;
    private readonly RecordPreferenceFactHandler record;
    private readonly ChangePreferenceFactHandler change;
    private readonly RemovePreferenceFactHandler remove;

    internal PreferenceFactsController(
        PreferenceFactQueries queries, RecordPreferenceFactHandler record, ChangePreferenceFactHandler change, RemovePreferenceFactHandler remove)
    {
        this.queries = queries;
        this.record = record;
        this.change = change;
        this.remove = remove;
    }

    /// <summary>The customer's facts, by category, the most recently learnt first within one.</summary>
    [HttpGet]
    [ProducesResponseType<IReadOnlyList<PreferenceFactDto>>(StatusCodes.Status200OK)]
    public async Task<IReadOnlyList<PreferenceFactDto>> List(long customerId, CancellationToken cancellationToken) =>
        await queries.ListAsync(customerId, cancellationToken);

    /// <summary>One fact. The ETag header carries its version, for If-Match on changes.</summary>
    [HttpGet("{factId:long}")]
    [ProducesResponseType<PreferenceFactDto>(StatusCodes.Status200OK)]
    public async Task<ActionResult<PreferenceFactDto>> Get(long customerId, long factId, CancellationToken cancellationToken) =>
        await queries.GetAsync(customerId, factId, cancellationToken);

    /// <summary>Records a preference or personal detail. Send an Idempotency-Key to retry safely.</summary>
    [HttpPost]
    [Idempotent]
    [ProducesResponseType<PreferenceFactDto>(StatusCodes.Status201Created)]
    [ProducesResponseType<ValidationProblemDetails>(StatusCodes.Status400BadRequest)]
    public async Task<IActionResult> Create(long customerId, PreferenceFactInput input, CancellationToken cancellationToken)
    {
        var result = await record.RecordAsync(customerId, input, cancellationToken);
        if (!result.Succeeded)
        {
            return ApiConventions.Failure(result);
        }

        var created = await queries.GetAsync(customerId, result.Value, cancellationToken);
        return CreatedAtAction(nameof(Get), new { customerId, factId = result.Value }, created);
    }

    /// <summary>Changes a fact. Requires If-Match with its ETag.</summary>
    [HttpPut("{factId:long}")]
    [IfMatch]
    [ProducesResponseType<PreferenceFactDto>(StatusCodes.Status200OK)]
    [ProducesResponseType<ValidationProblemDetails>(StatusCodes.Status400BadRequest)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status412PreconditionFailed)]
    public async Task<IActionResult> Update(long customerId, long factId, PreferenceFactInput input, CancellationToken cancellationToken)
    {
        var version = ApiConventions.RequiredIfMatchVersion(Request);
        var result = await change.ChangeAsync(customerId, factId, input, version, cancellationToken);
        if (!result.Succeeded)
        {
            return ApiConventions.Failure(result);
        }

        return Ok(await queries.GetAsync(customerId, factId, cancellationToken));
    }

    /// <summary>Removes a fact. Requires If-Match with its ETag.</summary>
    [HttpDelete("{factId:long}")]
    [IfMatch]
    [ProducesResponseType(StatusCodes.Status204NoContent)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status412PreconditionFailed)]
    public async Task<IActionResult> Delete(long customerId, long factId, CancellationToken cancellationToken)
    {
        await remove.RemoveAsync(customerId, factId, ApiConventions.RequiredIfMatchVersion(Request), cancellationToken);
        return NoContent();
    }
}
