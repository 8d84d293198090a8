using Crm.Kernel;
using Crm.Kernel.Api;
using Crm.Service.Contracts;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace Crm.Service.Features.Telephony.CallLog;

/// <summary>The call log: agents see their own calls, Managers and Admins everyone's.</summary>
[ApiController]
[Route("api/v1/telephony/calls")]
[Authorize(Roles = TelephonyAccess.CallTakers)]
[Produces("application/json")]
[Tags("Telephony")]
[ProducesResponseType<ProblemDetails>(StatusCodes.Status403Forbidden)]
public sealed class CallsController : ControllerBase
{
    private readonly CallLogQueries queries;
    private readonly CalledBackHandler calledBack;

    internal CallsController(CallLogQueries queries, CalledBackHandler calledBack)
    {
        this.queries = queries;
        this.calledBack = calledBack;
    }

    /// <summary>
    /// Calls, a page at a time (pageSize at most 100): <c>filter</c> All, Missed or ToCallBack (missed calls of known
    /// customers not yet called back); <c>sort</c> Newest (default), Oldest, Status or Direction; <c>agentId</c> narrows a
    /// Manager's log to one agent (an agent always sees their own).
    /// </summary>
    [HttpGet]
    [ProducesResponseType<PagedResult<CallRecordView>>(StatusCodes.Status200OK)]
    public async Task<PagedResult<CallRecordView>> List([FromQuery] CallFilter filter = CallFilter.All, [FromQuery] CallSort sort = CallSort.Newest,
        [FromQuery] string? agentId = null, [FromQuery] int page = 0, [FromQuery] int pageSize = 25, CancellationToken cancellationToken = default) =>
        await queries.ListAsync(filter, sort, agentId, page, pageSize, cancellationToken);

    /// <summary>Marks a missed call as called back (If-Match optional, 412 when stale). 400 when it is not waiting for one.</summary>
    [HttpPost("{id:long}/called-back")]
    [IfMatch(Required = false)]
    [ProducesResponseType(StatusCodes.Status204NoContent)]
    [ProducesResponseType<ValidationProblemDetails>(StatusCodes.Status400BadRequest)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound)]
    public async Task<IActionResult> CalledBack(long id, CancellationToken cancellationToken)
    {
        var result = await calledBack.MarkAsync(id, ApiConventions.IfMatchVersion(Request), cancellationToken);
        return result.Succeeded ? NoContent() : ApiConventions.Failure(result);
    }
}
