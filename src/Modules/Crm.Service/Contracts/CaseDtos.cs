using Crm.Kernel;
using Crm.Kernel.Api;

namespace Crm.Service.Contracts;

/// <summary>How urgent a case is.</summary>
public enum CasePriority
{
    Low,
    Normal,
    High,
    Urgent,
}

/// <summary>Where a case stands. Pending statuses wait on someone outside the service desk.</summary>
public enum CaseStatus
{
    New,
    Open,
    PendingCustomer,
    PendingThirdParty,
    Resolved,
    Closed,
}

/// <summary>What an entry of a case's thread is.</summary>
public enum CaseEntryKind
{
    /// <summary>What the customer wrote when the case was opened, or later on its channel.</summary>
    CustomerMessage,

    /// <summary>An agent's answer to the customer, sent on the case's channel.</summary>
    PublicReply,

    /// <summary>For colleagues only: never shown or sent to the customer.</summary>
    InternalNote,

    /// <summary>What happened to the case: opened, assigned, status changed.</summary>
    SystemEvent,
}

/// <summary>How the case list can be sorted.</summary>
public enum CaseSort
{
    Opened,
    LastActivity,
    Priority,
    Number,
}

/// <summary>
/// A case as an agent, a rep or an integration opens it. <see cref="Description"/> is the customer's request as they put it
/// (the first entry of the thread).
/// </summary>
public sealed record CaseInput
{
    public long CustomerId { get; init; }

    public string? Subject { get; init; }

    public string? Description { get; init; }

    /// <summary>The channel the request came in on; replies go out on it (defaults to Phone).</summary>
    public Channel? Channel { get; init; }

    /// <summary>Free text such as "Delivery", "Billing", "Technical".</summary>
    public string? Category { get; init; }

    /// <summary>Defaults to Normal.</summary>
    public CasePriority? Priority { get; init; }

    /// <summary>
    /// The agent who works the case. Empty routes it in its queue: the agent who served the customer last, or the queue's
    /// strategy. Only agents, Managers and Admins may own cases, and only they may name the owner (403 for a SalesRep or a
    /// SalesRep key: their cases are routed).
    /// </summary>
    public string? OwnerId { get; init; }

    /// <summary>
    /// The queue the case goes to (any active queue; whoever may open the case may choose it, a SalesRep too: the case is
    /// then routed in that queue); empty: the queue the queues' rules pick, else the default queue, if one is set.
    /// </summary>
    public long? QueueId { get; init; }

    /// <summary>The case's tags; absent or null: none.</summary>
    public IReadOnlyList<string>? Tags { get; init; }

    /// <summary>The customer's order the case is about (one of theirs).</summary>
    public long? OrderId { get; init; }

    /// <summary>The product the case is about, by its code.</summary>
    public string? ProductCode { get; init; }
}

/// <summary>
/// One entry of a case's thread, oldest first. <see cref="FromCaseNumber"/> names the case merged into this one that the
/// entry belongs to (null for the case's own entries); <see cref="VerificationCode"/> is the "is this really you?" code a
/// public reply went out with. <see cref="Email"/>: for a public reply sent by email, whether it waits in the outbox
/// (Queued) or the mail server took it (Sent); null when it did not go by email.
/// </summary>
public sealed record CaseEntryDto(
    long Id, CaseEntryKind Kind, string Body, Channel? Channel, string AuthorId, string? AuthorName, DateTime AtUtc,
    long? ArticleId = null, int? ArticleRevision = null, string? FromCaseNumber = null, string? VerificationCode = null,
    EmailDelivery? Email = null);

/// <summary>
/// A case in full, with its thread (and those of the cases merged into it) and the statuses it may move to next, the cases
/// linked to it and how often it was reopened. <see cref="Version"/> is the ETag for If-Match on changes.
/// </summary>
public sealed record CaseDetails(
    long Id,
    string Number,
    long CustomerId,
    string? CustomerName,
    string Subject,
    Channel Channel,
    string? Category,
    CasePriority Priority,
    CaseStatus Status,
    string? OwnerId,
    string? OwnerName,
    long? QueueId,
    string? QueueName,
    string? PreferredAgentId,
    string? PreferredAgentName,
    IReadOnlyList<string> Tags,
    long? OrderId,
    string? ProductCode,
    DateTime OpenedAtUtc,
    DateTime? FirstRespondedAtUtc,
    DateTime? ResolvedAtUtc,
    DateTime? ClosedAtUtc,
    DateTime LastActivityAtUtc,
    IReadOnlyList<CaseStatus> NextStatuses,
    IReadOnlyList<CaseEntryDto> Thread,
    CaseSlaDto Sla,
    IReadOnlyList<CaseLinkDto> Links,
    int ReopenCount,
    Guid Version) : IVersioned;

/// <summary>A row of the case list, with its SLA state and the earliest deadline of its running targets (as last stored).</summary>
public sealed record CaseListItem(
    long Id, string Number, long CustomerId, string? CustomerName, string Subject, Channel Channel, CasePriority Priority,
    CaseStatus Status, string? OwnerId, string? OwnerName, long? QueueId, string? QueueName, DateTime OpenedAtUtc, DateTime LastActivityAtUtc,
    CaseSlaState SlaState, DateTime? SlaDueAtUtc);

/// <summary>
/// A case's own fields as an agent corrects them. PUT replaces the whole editable state: subject, priority and tags are
/// required (400 naming each one missing; send [] for no tags), so leaving one out never resets it; category, order and
/// product are optional, and absent or null clears them. Status, owner and queue change through their own operations.
/// </summary>
public sealed record CaseUpdateInput(string? Subject, CasePriority? Priority, IReadOnlyList<string>? Tags)
{
    /// <summary>Absent or null: no category.</summary>
    public string? Category { get; init; }

    /// <summary>The customer's order the case is about (one of theirs); absent or null: none.</summary>
    public long? OrderId { get; init; }

    /// <summary>The product the case is about, by its code; absent or null: none.</summary>
    public string? ProductCode { get; init; }
}

/// <summary>
/// A public reply to the customer (plain text). It may quote a published revision of a Public article (ArticleId with
/// ArticleRevision); an Internal article is refused with 400, as the customer reads what a reply quotes.
/// </summary>
public sealed record CaseReplyInput(string Body, long? ArticleId = null, int? ArticleRevision = null);

/// <summary>An internal note for colleagues (plain text).</summary>
public sealed record CaseNoteInput(string Body);

/// <summary>The status to move the case to (required: 400 when missing).</summary>
public sealed record CaseStatusInput(CaseStatus? Status);

/// <summary>Who works the case: a user id, or empty to leave it unassigned.</summary>
public sealed record CaseAssignInput(string? OwnerId);

/// <summary>How a case relates to another one.</summary>
public enum CaseRelation
{
    /// <summary>This case was opened for a customer's message on the other one after it was closed or past its reopen window.</summary>
    FollowUpOf,

    /// <summary>The other case was opened for a customer's message on this one.</summary>
    FollowedUpBy,

    /// <summary>This case was merged into the other one and closed; its thread is shown there.</summary>
    MergedInto,

    /// <summary>The other case was merged into this one; its thread is shown here.</summary>
    MergedFrom,

    /// <summary>This case was split off the other one from a customer's message.</summary>
    SplitFrom,

    /// <summary>The other case was split off this one from a customer's message.</summary>
    SplitInto,
}

/// <summary>What a customer's message did to the case it was meant for.</summary>
public enum CaseMessageOutcome
{
    /// <summary>Added to the thread (a case pending the customer is Open again).</summary>
    Added,

    /// <summary>Added to a resolved case within the reopen window, which is Open again.</summary>
    Reopened,

    /// <summary>The case was closed or resolved longer ago than the reopen window: a new case, linked to it, took the message.</summary>
    FollowUpOpened,
}

/// <summary>Another case linked to this one, and how.</summary>
public sealed record CaseLinkDto(CaseRelation Relation, long CaseId, string Number, string Subject, CaseStatus Status, DateTime AtUtc);

/// <summary>
/// A message from the customer that reached an agent outside the case's channel flow (a phone call, a letter): the text as
/// the customer put it and the channel it came on (defaults to the case's channel).
/// </summary>
public sealed record CaseMessageInput(string Body, Channel? Channel = null);

/// <summary>The case a case is merged into: its number (<c>CS-000123</c>) or id. Both cases must be the same customer's.</summary>
public sealed record CaseMergeInput(string Target);

/// <summary>Splits a customer's message off into a new case for the same customer, with the subject given.</summary>
public sealed record CaseSplitInput(long EntryId, string Subject);

/// <summary>Where a customer's message went: the case that holds it now and what happened.</summary>
public sealed record CaseMessageReceipt(long CaseId, string CaseNumber, CaseMessageOutcome Outcome);
