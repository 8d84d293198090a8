using Crm.Kernel.Api;
using Crm.Kernel.Errors;
using Crm.Service.Contracts;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace Crm.Service.Features.Telephony.PhoneSystems;

/// <summary>
/// Telephone systems that push call events (Managers and Admins): their queue numbers and agents' extensions, and the
/// credential of their webhook, shown only in the answer that makes it. Changes under If-Match (optional; 412 when stale).
/// </summary>
[ApiController]
[Route("api/v1/telephony/systems")]
[Authorize(Roles = TelephonyAccess.Configurers)]
[Produces("application/json")]
[Tags("Telephony")]
[ProducesResponseType<ProblemDetails>(StatusCodes.Status403Forbidden)]
public sealed class PhoneSystemsController : ControllerBase
{
    private readonly PhoneSystemQueries queries;
    private readonly SavePhoneSystemHandler save;

    internal PhoneSystemsController(PhoneSystemQueries queries, SavePhoneSystemHandler save)
    {
        this.queries = queries;
        this.save = save;
    }

    /// <summary>Every telephone system, active ones first.</summary>
    [HttpGet]
    [ProducesResponseType<IReadOnlyList<PhoneSystemDetails>>(StatusCodes.Status200OK)]
    public async Task<IReadOnlyList<PhoneSystemDetails>> List(CancellationToken cancellationToken) => await queries.ListAsync(cancellationToken);

    /// <summary>One telephone system. The ETag carries its version.</summary>
    [HttpGet("{id:long}")]
    [ProducesResponseType<PhoneSystemDetails>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound)]
    public async Task<ActionResult<PhoneSystemDetails>> Get(long id, CancellationToken cancellationToken) => await queries.GetAsync(id, cancellationToken);

    /// <summary>
    /// Creates a telephone system and its credential: for Token, <c>webhookPath</c> holds the token (give the whole URL to
    /// the system as its push URL); for Signature, <c>secret</c> is what it signs with. Neither is shown again.
    /// </summary>
    [HttpPost]
    [Idempotent]
    [ProducesResponseType<PhoneSystemCredential>(StatusCodes.Status201Created)]
    [ProducesResponseType<ValidationProblemDetails>(StatusCodes.Status400BadRequest)]
    public async Task<IActionResult> Create(PhoneSystemInput input, CancellationToken cancellationToken)
    {
        var result = await save.CreateAsync(input, cancellationToken);
        return result.Succeeded
            ? CreatedAtAction(nameof(Get), new { id = result.Value!.System.Id }, result.Value)
            : ApiConventions.Failure(result);
    }

    /// <summary>Changes the name, queue numbers and extensions (not the credential).</summary>
    [HttpPut("{id:long}")]
    [IfMatch(Required = false)]
    [ProducesResponseType<PhoneSystemDetails>(StatusCodes.Status200OK)]
    [ProducesResponseType<ValidationProblemDetails>(StatusCodes.Status400BadRequest)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound)]
    public async Task<IActionResult> Update(long id, PhoneSystemInput input, CancellationToken cancellationToken) =>
        await AnswerAsync(await save.UpdateAsync(id, input, ApiConventions.IfMatchVersion(Request), cancellationToken), cancellationToken);

    /// <summary>
    /// Makes a new credential (of the kind named by <c>authentication</c>, else the system's kind): the old token or secret
    /// stops working at once. The answer shows the new one this once.
    /// </summary>
    [HttpPost("{id:long}/credential")]
    [IfMatch(Required = false)]
    [ProducesResponseType<PhoneSystemCredential>(StatusCodes.Status200OK)]
    [ProducesResponseType<ValidationProblemDetails>(StatusCodes.Status400BadRequest)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound)]
    public async Task<IActionResult> NewCredential(long id, [FromQuery] PhoneAuthentication? authentication, CancellationToken cancellationToken)
    {
        var result = await save.NewCredentialAsync(id, authentication, ApiConventions.IfMatchVersion(Request), cancellationToken);
        return result.Succeeded ? Ok(result.Value) : ApiConventions.Failure(result);
    }

    /// <summary>Deactivates a system: its posts are refused from now on; its calls stay.</summary>
    [HttpPost("{id:long}/deactivate")]
    [IfMatch(Required = false)]
    [ProducesResponseType<PhoneSystemDetails>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound)]
    public async Task<IActionResult> Deactivate(long id, CancellationToken cancellationToken) =>
        await AnswerAsync(await save.SetActiveAsync(id, active: false, ApiConventions.IfMatchVersion(Request), cancellationToken), cancellationToken);

    /// <summary>Activates a deactivated system again.</summary>
    [HttpPost("{id:long}/activate")]
    [IfMatch(Required = false)]
    [ProducesResponseType<PhoneSystemDetails>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound)]
    public async Task<IActionResult> Activate(long id, CancellationToken cancellationToken) =>
        await AnswerAsync(await save.SetActiveAsync(id, active: true, ApiConventions.IfMatchVersion(Request), cancellationToken), cancellationToken);

    private async Task<IActionResult> AnswerAsync(CommandResult<long> result, CancellationToken cancellationToken) =>
        result.Succeeded ? Ok(await queries.GetAsync(result.Value, cancellationToken)) : ApiConventions.Failure(result);
}
