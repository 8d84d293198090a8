using Crm.Kernel.Api;
using Crm.Service.Contracts;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;

namespace Crm.Service.Features.Telephony.ReceiveCallEvent;

/// <summary>
/// The webhook telephone systems push call events to, in the generic CTI format of sipgate.io and Zammad (see
/// docs/telephony.md). Anonymous: the system proves itself by its token in the URL, or by signing the body. Not under the
/// API's per-caller rate limit: one telephone system sends several events per call from one address, hundreds a second at
/// peak, and a refused post costs one indexed look-up.
/// </summary>
[ApiController]
[Route(Route)]
[AllowAnonymous]
[IgnoreAntiforgeryToken]
[DisableRateLimiting]
[Tags("Telephony")]
public sealed class CtiController : ControllerBase
{
    /// <summary>The webhook's route; the segment after it carries a token, which the host's request log leaves out.</summary>
    public const string Route = "api/v1/telephony/cti";

    /// <summary>The header of a signed post: <c>sha256=</c> and the hex of HMAC-SHA256(secret, raw body).</summary>
    public const string SignatureHeader = "X-Cti-Signature";

    private readonly CtiEventHandler handler;

    internal CtiController(CtiEventHandler handler) => this.handler = handler;

    /// <summary>
    /// Receives one call event: <c>event</c> (newCall, answer, hangup), <c>callId</c>, <c>from</c>, <c>to</c>,
    /// <c>direction</c> (in, out), <c>user[]</c>, <c>answeringNumber</c>, and for hangup <c>cause</c> (normalClearing, busy,
    /// cancel, noAnswer, congestion, notFound, forwarded). The <c>credential</c> in the path is the system's token
    /// (<c>key.secret</c>), or only its key when the post is signed in the <c>X-Cti-Signature</c> header. Answers 200 with
    /// the call and, for a newCall, the agent it is for (a system that routes by it rings that agent's extension); the same
    /// event again is answered the same way (<c>duplicate</c>: true) and changes nothing. 400 names the field at fault, 401 a
    /// wrong token or signature, 404 an unknown or deactivated system; nothing is written then.
    /// </summary>
    [HttpPost("{credential}")]
    [Consumes(typeof(CtiEventForm), "application/x-www-form-urlencoded", "application/json")]
    [Produces("application/json")]
    [ProducesResponseType<CtiEventAnswer>(StatusCodes.Status200OK)]
    [ProducesResponseType<ValidationProblemDetails>(StatusCodes.Status400BadRequest)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status401Unauthorized)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status413PayloadTooLarge)]
    public async Task<IActionResult> Receive()
    {
        // No bound parameters: MVC's form value provider would read (and use up) the body before the signature is checked
        // over its raw bytes, so the credential comes from the route values and the body is read here once.
        var cancellationToken = HttpContext.RequestAborted;
        var credential = Request.RouteValues["credential"] as string ?? "";
        if (Request.ContentLength > CtiEvent.MaxBodyBytes)
        {
            return TooLarge();
        }

        // Read at most one byte more than allowed: a longer body is refused without being held in memory.
        var buffer = new byte[CtiEvent.MaxBodyBytes + 1];
        var length = 0;
        int read;
        while (length < buffer.Length && (read = await Request.Body.ReadAsync(buffer.AsMemory(length), cancellationToken)) > 0)
        {
            length += read;
        }

        if (length > CtiEvent.MaxBodyBytes)
        {
            return TooLarge();
        }

        var json = Request.ContentType?.Contains("json", StringComparison.OrdinalIgnoreCase) == true;
        var outcome = await handler.HandleAsync(credential, Request.Headers[SignatureHeader].FirstOrDefault(), buffer[..length], json, cancellationToken);
        if (outcome.Answer is { } answer)
        {
            return Ok(answer);
        }

        return outcome.Status == StatusCodes.Status400BadRequest
            ? ApiConventions.Validation(Crm.Kernel.Errors.OperationResult.Failure(outcome.Field ?? "", outcome.Problem!))
            : ApiConventions.Problem(outcome.Status, outcome.Problem!);
    }

    private static ProblemResult TooLarge() =>
        ApiConventions.Problem(StatusCodes.Status413PayloadTooLarge, $"A call event has at most {CtiEvent.MaxBodyBytes} bytes.");
}
