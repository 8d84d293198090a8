using Crm.Analytics.Contracts;
using Crm.Contacts.Contracts;
using Crm.Kernel;
using Crm.Kernel.Api;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace Crm.Analytics.Features.Runs;

/// <summary>A recompute that was started.</summary>
/// <param name="RunId">Its id: follow it with <c>GET /api/v1/analytics/runs/{runId}</c>.</param>
/// <param name="AsOf">The date the figures are computed as of.</param>
internal sealed record ValueRunStarted(long RunId, DateOnly AsOf);

/// <summary>
/// The customer-value recompute over REST (Managers and Admins, or an API key with one of those roles): the history of
/// runs, an on-demand run (one at a time) and its cancellation.
/// </summary>
[ApiController]
[Route("api/v1/analytics/runs")]
[Authorize(Roles = CrmRoles.AdminOrManager)]
[Tags("Analytics")]
public sealed class ValueRunsController : ControllerBase
{
    private readonly ValueRunQueries queries;

    internal ValueRunsController(ValueRunQueries queries)
    {
        this.queries = queries;
    }

    /// <summary>
    /// The recomputes, newest first: trigger, who asked, as-of date, status (Running, Succeeded, Failed, Cancelled), stage,
    /// start and end (UTC), customers scored, rules stored and the message of a failed or cancelled run. The running one
    /// carries its progress in percent when its stage has a known size.
    /// </summary>
    /// <param name="page">Zero-based page number.</param>
    /// <param name="pageSize">1 to 200 (default 25).</param>
    [HttpGet]
    [ProducesResponseType(typeof(PagedResult<ValueRunItem>), StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status403Forbidden)]
    public async Task<IActionResult> List([FromQuery] int page = 0, [FromQuery] int pageSize = 25, CancellationToken cancellationToken = default) =>
        Ok(await queries.ListAsync(page, pageSize, cancellationToken));

    /// <summary>One recompute by id (poll it to follow a run you started).</summary>
    /// <param name="id">The run's id.</param>
    [HttpGet("{id:long}")]
    [ProducesResponseType(typeof(ValueRunItem), StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status403Forbidden)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound)]
    public async Task<IActionResult> Get(long id, CancellationToken cancellationToken) =>
        await queries.GetAsync(id, cancellationToken) is { } run
            ? Ok(run)
            : ApiConventions.Problem(StatusCodes.Status404NotFound, $"There is no recompute {id}.");

    /// <summary>
    /// Starts a full recompute as of <c>asOf</c> (default today) in the background and answers 202 with its id. It replaces
    /// the current figures and stores the snapshot of the as-of date's quarter. Only one runs at a time: while another
    /// runs the answer is 409, naming it (<c>runId</c>). An as-of date in the future is a 400.
    /// </summary>
    [HttpPost]
    [ProducesResponseType(typeof(ValueRunStarted), StatusCodes.Status202Accepted)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status400BadRequest)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status403Forbidden)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status409Conflict)]
    public async Task<IActionResult> Start(ValueRunRequest? request, CancellationToken cancellationToken)
    {
        var asOf = request?.AsOf ?? queries.Today;
        if (queries.AsOfProblem(asOf) is { } problem)
        {
            return ApiConventions.Problem(StatusCodes.Status400BadRequest, problem);
        }

        var start = await queries.StartAsync(asOf, cancellationToken);
        if (start.AlreadyRunning)
        {
            var running = queries.Current;
            return ApiConventions.Problem(
                StatusCodes.Status409Conflict,
                $"Recompute {start.RunId} is running{(running is null ? "" : $" (as of {running.AsOf:yyyy-MM-dd}, {running.Stage})")}; wait for it to end or cancel it.",
                new Dictionary<string, object?> { ["runId"] = start.RunId });
        }

        return AcceptedAtAction(nameof(Get), new { id = start.RunId }, new ValueRunStarted(start.RunId, asOf));
    }

    /// <summary>
    /// Asks the running recompute to stop (202). The figures of the previous run stay as they were. 409 when this run is
    /// not the one running (it ended already), 404 when there is no such run.
    /// </summary>
    /// <param name="id">The running recompute's id.</param>
    [HttpPost("{id:long}/cancel")]
    [ProducesResponseType(typeof(ValueRunItem), StatusCodes.Status202Accepted)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status403Forbidden)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status409Conflict)]
    public async Task<IActionResult> Cancel(long id, CancellationToken cancellationToken)
    {
        if (queries.Cancel(id))
        {
            return Accepted(await queries.GetAsync(id, cancellationToken));
        }

        return await queries.GetAsync(id, cancellationToken) is { } run
            ? ApiConventions.Problem(StatusCodes.Status409Conflict, $"Recompute {id} is not running (it is {run.Status}).")
            : ApiConventions.Problem(StatusCodes.Status404NotFound, $"There is no recompute {id}.");
    }
}
