using Crm.Contacts.Contracts;
using Crm.Kernel;
using Crm.Kernel.Api;
using Crm.Kernel.Errors;
using Crm.Service.Contracts;
using Crm.Service.Features.Cases.AddNote;
using Crm.Service.Features.Cases.AssignCase;
using Crm.Service.Features.Cases.BulkUpdate;
using Crm.Service.Features.Cases.ChangeStatus;
using Crm.Service.Features.Cases.EditCase;
using Crm.Service.Features.Cases.MergeCase;
using Crm.Service.Features.Cases.OpenCase;
using Crm.Service.Features.Cases.ReceiveCustomerMessage;
using Crm.Service.Features.Cases.ReplyToCase;
using Crm.Service.Features.Cases.SplitCase;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace Crm.Service.Features.Cases;

/// <summary>
/// Service cases over REST. ServiceAgents, Managers and Admins see every case; Managers and Admins work every case, a
/// ServiceAgent the cases they own, those in their queues and those in no queue (403 for the others, see CaseAccess); a SalesRep
/// sees the cases of their own customers and may open one for them. Changes take If-Match with the case's ETag (optional; 412 when stale).
/// </summary>
[ApiController]
[Route("api/v1/cases")]
[Authorize(Roles = CaseAccess.Readers)]
[Produces("application/json")]
[Tags("Cases")]
// A SalesRep reads and opens cases of their own customers only, an agent works cases of their queues; the handlers refuse the rest with 403.
[ProducesResponseType<ProblemDetails>(StatusCodes.Status403Forbidden)]
public sealed class CasesController : ControllerBase
{
    private readonly CaseQueries queries;
    private readonly OpenCaseHandler openCase;
    private readonly ReplyToCaseHandler reply;
    private readonly AddNoteHandler addNote;
    private readonly ChangeStatusHandler changeStatus;
    private readonly AssignCaseHandler assign;
    private readonly ReceiveCustomerMessageHandler receive;
    private readonly MergeCaseHandler merge;
    private readonly SplitCaseHandler split;
    private readonly EditCaseHandler edit;
    private readonly BulkUpdateCasesHandler bulk;

    internal CasesController(
        CaseQueries queries, OpenCaseHandler openCase, ReplyToCaseHandler reply, AddNoteHandler addNote, ChangeStatusHandler changeStatus,
        AssignCaseHandler assign, ReceiveCustomerMessageHandler receive, MergeCaseHandler merge, SplitCaseHandler split, EditCaseHandler edit,
        BulkUpdateCasesHandler bulk)
    {
        this.edit = edit;
        this.bulk = bulk;
        this.receive = receive;
        this.merge = merge;
        this.split = split;
        this.queries = queries;
        this.openCase = openCase;
        this.reply = reply;
        this.addNote = addNote;
        this.changeStatus = changeStatus;
        this.assign = assign;
    }

    /// <summary>A page of cases: by status (repeat the parameter for several, or openOnly), SLA state (repeat for several), priority, owner or unassigned, queue or the signed-in user's queues (myQueues), customer, channel, opening date (from inclusive, to exclusive), a search for a case number, subject words or a customer, and sort.</summary>
    /// <param name="from">Opened at or after this time (ISO 8601). A time without an offset or Z is read as UTC.</param>
    /// <param name="to">Opened before this time (ISO 8601). A time without an offset or Z is read as UTC.</param>
    [HttpGet]
    [ProducesResponseType<PagedResult<CaseListItem>>(StatusCodes.Status200OK)]
    public async Task<PagedResult<CaseListItem>> List(
        [FromQuery] CaseStatus[]? status, [FromQuery] bool openOnly, [FromQuery] CasePriority? priority, [FromQuery] string? ownerId,
        [FromQuery] bool unassigned, [FromQuery] long? queueId, [FromQuery] bool myQueues, [FromQuery] long? customerId, [FromQuery] Channel? channel, [FromQuery] DateTime? from,
        [FromQuery] DateTime? to, [FromQuery] string? search, [FromQuery] CaseSort sort = CaseSort.LastActivity,
        [FromQuery] bool descending = true, [FromQuery] int page = 0, [FromQuery] int pageSize = 25, [FromQuery] CaseSlaState[]? slaState = null,
        CancellationToken cancellationToken = default) =>
        await queries.ListAsync(new CaseListQuery
        {
            Statuses = status ?? [],
            OpenOnly = openOnly,
            SlaStates = slaState ?? [],
            Priority = priority,
            OwnerId = ownerId,
            Unassigned = unassigned,
            QueueId = queueId,
            MyQueues = myQueues,
            CustomerId = customerId,
            Channel = channel,
            OpenedFromUtc = QueryTimes.AsUtc(from),
            OpenedToUtc = QueryTimes.AsUtc(to),
            Search = search,
            Sort = sort,
            Descending = descending,
            Page = page,
            PageSize = pageSize,
        }, cancellationToken);

    /// <summary>
    /// Applies one action to up to 200 cases (caseIds): Assign (argument: the new owner's user id, empty for unassigned),
    /// ChangeStatus (argument: the status, e.g. Resolved) or AddTag (argument: the tag). Each case goes through the single
    /// action's rules, in its own transaction: 200 with every case's outcome, Changed, Unchanged or Skipped with the reason
    /// (a transition its status does not allow, a closed case, a case the user may not work, an unknown id). 400 for a bad
    /// request (no cases, more than 200, an unknown action, status or owner, a bad tag): nothing changes.
    /// </summary>
    [HttpPost("bulk")]
    [Authorize(Roles = CaseAccess.Workers)]
    [ProducesResponseType<CaseBulkResult>(StatusCodes.Status200OK)]
    [ProducesResponseType<ValidationProblemDetails>(StatusCodes.Status400BadRequest)]
    public async Task<IActionResult> Bulk(CaseBulkInput input, CancellationToken cancellationToken)
    {
        var result = await bulk.UpdateAsync(input, cancellationToken);
        return result.Succeeded ? Ok(result.Value) : ApiConventions.Failure(result);
    }

    /// <summary>One case with its whole thread (customer messages, public replies, internal notes, events). The ETag carries its version.</summary>
    [HttpGet("{id:long}")]
    [ProducesResponseType<CaseDetails>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound)]
    public async Task<ActionResult<CaseDetails>> Get(long id, CancellationToken cancellationToken) =>
        await queries.GetAsync(id, cancellationToken);

    /// <summary>Opens a case for a customer with the request as the first entry of its thread, and puts it on the customer's timeline. Send an Idempotency-Key to retry safely.</summary>
    [HttpPost]
    [Idempotent]
    [ProducesResponseType<CaseDetails>(StatusCodes.Status201Created)]
    [ProducesResponseType<ValidationProblemDetails>(StatusCodes.Status400BadRequest)]
    public async Task<IActionResult> Open(CaseInput input, CancellationToken cancellationToken)
    {
        var result = await openCase.OpenAsync(input, cancellationToken);
        if (!result.Succeeded)
        {
            return ApiConventions.Failure(result);
        }

        var opened = await queries.GetAsync(result.Value, cancellationToken);
        return CreatedAtAction(nameof(Get), new { id = opened.Id }, opened);
    }

    /// <summary>Replies publicly to the customer on the case's channel (the first reply is the first response; a new case becomes Open). On the customer's timeline too.</summary>
    [HttpPost("{id:long}/replies")]
    [Authorize(Roles = CaseAccess.Workers)]
    [IfMatch(Required = false)]
    [ProducesResponseType<CaseDetails>(StatusCodes.Status200OK)]
    [ProducesResponseType<ValidationProblemDetails>(StatusCodes.Status400BadRequest)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status409Conflict)]
    public async Task<IActionResult> Reply(long id, CaseReplyInput input, CancellationToken cancellationToken) =>
        await AnswerAsync(await reply.ReplyAsync(id, input, ApiConventions.IfMatchVersion(Request), cancellationToken), cancellationToken);

    /// <summary>Adds an internal note for colleagues: never shown or sent to the customer, no effect on response times.</summary>
    [HttpPost("{id:long}/notes")]
    [Authorize(Roles = CaseAccess.Workers)]
    [IfMatch(Required = false)]
    [ProducesResponseType<CaseDetails>(StatusCodes.Status200OK)]
    [ProducesResponseType<ValidationProblemDetails>(StatusCodes.Status400BadRequest)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status409Conflict)]
    public async Task<IActionResult> Note(long id, CaseNoteInput input, CancellationToken cancellationToken) =>
        await AnswerAsync(await addNote.AddAsync(id, input, ApiConventions.IfMatchVersion(Request), cancellationToken), cancellationToken);

    /// <summary>Moves the case to another status. New, Open and the Pending statuses move among themselves and to Resolved; Resolved reopens to Open or becomes Closed; Closed is final (409 naming the allowed statuses otherwise).</summary>
    [HttpPost("{id:long}/status")]
    [Authorize(Roles = CaseAccess.Workers)]
    [IfMatch(Required = false)]
    [ProducesResponseType<CaseDetails>(StatusCodes.Status200OK)]
    [ProducesResponseType<ValidationProblemDetails>(StatusCodes.Status400BadRequest)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status409Conflict)]
    public async Task<IActionResult> Status(long id, CaseStatusInput input, CancellationToken cancellationToken) =>
        await AnswerAsync(await changeStatus.ChangeAsync(id, input, ApiConventions.IfMatchVersion(Request), cancellationToken), cancellationToken);

    /// <summary>
    /// Corrects the case's subject, category, priority, tags, order and product (every field as it should be). Needs If-Match
    /// with the case's ETag: 428 without it, 412 when someone changed the case since. The change is an event on the thread.
    /// </summary>
    [HttpPut("{id:long}")]
    [Authorize(Roles = CaseAccess.Workers)]
    [IfMatch]
    [ProducesResponseType<CaseDetails>(StatusCodes.Status200OK)]
    [ProducesResponseType<ValidationProblemDetails>(StatusCodes.Status400BadRequest)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status409Conflict)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status412PreconditionFailed)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status428PreconditionRequired)]
    public async Task<IActionResult> Update(long id, CaseUpdateInput input, CancellationToken cancellationToken) =>
        await AnswerAsync(await edit.EditAsync(id, input, ApiConventions.RequiredIfMatchVersion(Request), cancellationToken), cancellationToken);

    /// <summary>Hands the case to a ServiceAgent, Manager or Admin (ownerId), or with an empty ownerId leaves it unassigned.</summary>
    [HttpPost("{id:long}/assign")]
    [Authorize(Roles = CaseAccess.Workers)]
    [IfMatch(Required = false)]
    [ProducesResponseType<CaseDetails>(StatusCodes.Status200OK)]
    [ProducesResponseType<ValidationProblemDetails>(StatusCodes.Status400BadRequest)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status409Conflict)]
    public async Task<IActionResult> Assign(long id, CaseAssignInput input, CancellationToken cancellationToken) =>
        await AnswerAsync(await assign.AssignAsync(id, input, ApiConventions.IfMatchVersion(Request), cancellationToken), cancellationToken);

    /// <summary>
    /// Records a customer's message that reached an agent (a call, a letter) on the case: 200 with the case when it joined the
    /// thread (a case pending the customer becomes Open; a case resolved within the reopen window, Service:ReopenDays, is
    /// reopened); 201 with the new case when the case was closed or resolved longer ago, so a follow-up case linked to it took
    /// the message. On the customer's timeline; it starts the next-response clock. Send an Idempotency-Key to retry safely.
    /// </summary>
    [HttpPost("{id:long}/messages")]
    [Authorize(Roles = CaseAccess.Workers)]
    [Idempotent]
    [IfMatch(Required = false)]
    [ProducesResponseType<CaseDetails>(StatusCodes.Status200OK)]
    [ProducesResponseType<CaseDetails>(StatusCodes.Status201Created)]
    [ProducesResponseType<ValidationProblemDetails>(StatusCodes.Status400BadRequest)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status409Conflict)]
    public async Task<IActionResult> Message(long id, CaseMessageInput input, CancellationToken cancellationToken)
    {
        var result = await receive.ReceiveAsync(id, input, ApiConventions.IfMatchVersion(Request), cancellationToken: cancellationToken);
        if (!result.Succeeded)
        {
            return ApiConventions.Failure(result);
        }

        var holder = await queries.GetAsync(result.Value!.CaseId, cancellationToken);
        return result.Outcome == CommandOutcome.Created ? CreatedAtAction(nameof(Get), new { id = holder.Id }, holder) : Ok(holder);
    }

    /// <summary>
    /// Merges the case into another case of the same customer (target: its number or id): this case is Closed with a "merged
    /// into" event and a link; the target gets a "merged from" event and shows this case's thread. Answers the target. 400 for
    /// the same case or another customer's, 409 when either case is closed.
    /// </summary>
    [HttpPost("{id:long}/merge")]
    [Authorize(Roles = CaseAccess.Workers)]
    [IfMatch(Required = false)]
    [ProducesResponseType<CaseDetails>(StatusCodes.Status200OK)]
    [ProducesResponseType<ValidationProblemDetails>(StatusCodes.Status400BadRequest)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status409Conflict)]
    public async Task<IActionResult> Merge(long id, CaseMergeInput input, CancellationToken cancellationToken) =>
        await AnswerAsync(await merge.MergeAsync(id, input, ApiConventions.IfMatchVersion(Request), cancellationToken), cancellationToken);

    /// <summary>
    /// Splits a customer's message (entryId) off the case into a new case for the same customer with the subject given: the new
    /// case starts with a copy of the message, is routed like any new case, and both cases are linked. 201 with the new case;
    /// 400 for an entry that is not a customer message of the case, 409 on a closed case. Send an Idempotency-Key to retry safely.
    /// </summary>
    [HttpPost("{id:long}/split")]
    [Authorize(Roles = CaseAccess.Workers)]
    [Idempotent]
    [IfMatch(Required = false)]
    [ProducesResponseType<CaseDetails>(StatusCodes.Status201Created)]
    [ProducesResponseType<ValidationProblemDetails>(StatusCodes.Status400BadRequest)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status409Conflict)]
    public async Task<IActionResult> Split(long id, CaseSplitInput input, CancellationToken cancellationToken)
    {
        var result = await split.SplitAsync(id, input, ApiConventions.IfMatchVersion(Request), cancellationToken);
        if (!result.Succeeded)
        {
            return ApiConventions.Failure(result);
        }

        var created = await queries.GetAsync(result.Value, cancellationToken);
        return CreatedAtAction(nameof(Get), new { id = created.Id }, created);
    }

    private async Task<IActionResult> AnswerAsync(CommandResult<long> result, CancellationToken cancellationToken) =>
        result.Succeeded ? Ok(await queries.GetAsync(result.Value, cancellationToken)) : ApiConventions.Failure(result);
}
