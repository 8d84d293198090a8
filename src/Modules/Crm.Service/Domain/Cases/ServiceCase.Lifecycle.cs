using System.Globalization;
using Crm.Kernel;
using Crm.Kernel.Errors;
using Crm.Service.Contracts;

namespace Crm.Service.Domain.Cases;

/// <summary>
/// A case's life after it opened (docs/adr/0017-case-merge-and-reopen.md): the customer's later messages, reopening within
/// the reopen window, follow-up cases, merging into another case of the customer and splitting a message off into a new
/// case. The links this case starts (follow-up of, merged into, split from) are its <see cref="Links"/>; the other side is
/// read from the linked case's.
/// </summary>
internal sealed partial class ServiceCase
{
    /// <summary>How long after its resolution a customer's message reopens a case, unless configured otherwise.</summary>
    public static readonly TimeSpan DefaultReopenWindow = TimeSpan.FromDays(7);

    /// <summary>How often the case went from Resolved back to Open (by a customer's message or by hand), for the reopen rate.</summary>
    public int ReopenCount { get; private set; }

    /// <summary>The links this case starts: the case it follows up, was merged into, or was split from.</summary>
    public List<CaseLink> Links { get; } = [];

    /// <summary>
    /// What a customer's message at <paramref name="nowUtc"/> does to the case: added (a case still being worked), reopens it
    /// (resolved at most <paramref name="reopenWindow"/> ago), or needs a follow-up case (closed, or resolved longer ago).
    /// </summary>
    public CaseMessageOutcome OutcomeOfMessage(DateTime nowUtc, TimeSpan reopenWindow) => Status switch
    {
        CaseStatus.Closed => CaseMessageOutcome.FollowUpOpened,
        CaseStatus.Resolved when ResolvedAtUtc is { } resolved && nowUtc - resolved <= reopenWindow => CaseMessageOutcome.Reopened,
        CaseStatus.Resolved => CaseMessageOutcome.FollowUpOpened,
        _ => CaseMessageOutcome.Added,
    };

    /// <summary>
    /// The customer's message on the case: a thread entry (it starts the next-response clock once the first response is
    /// met); a case pending the customer becomes Open; a resolved case within the window is reopened. A message that needs
    /// a follow-up case is refused here: <see cref="OpenFollowUp"/> takes it.
    /// </summary>
    public CaseEntry ReceiveMessage(string body, Channel channel, string actorId, DateTime nowUtc, TimeSpan reopenWindow)
    {
        var outcome = OutcomeOfMessage(nowUtc, reopenWindow);
        if (outcome == CaseMessageOutcome.FollowUpOpened)
        {
            throw new ConflictException($"Case {Number} is {CaseStatusNames.Of(Status)}{(Status == CaseStatus.Resolved ? " past its reopen window" : "")}: the message belongs on a follow-up case.");
        }

        var entry = Record(CaseEntryKind.CustomerMessage, body, channel, actorId, nowUtc);
        if (outcome == CaseMessageOutcome.Reopened)
        {
            var resolvedAgo = nowUtc - ResolvedAtUtc!.Value;
            Status = CaseStatus.Open;
            ResolvedAtUtc = null;
            ReopenCount++;
            Record(CaseEntryKind.SystemEvent,
                string.Create(CultureInfo.InvariantCulture, $"Reopened by the customer's message on {channel}, {resolvedAgo.TotalDays:0.#} days after it was resolved."),
                null, actorId, nowUtc).MarkStatus(CaseStatus.Open);
        }
        else if (Status == CaseStatus.PendingCustomer)
        {
            ChangeStatus(CaseStatus.Open, actorId, nowUtc);
        }

        return entry;
    }

    /// <summary>
    /// A new case for the customer's message on <paramref name="previous"/> (closed, or resolved past the window): the same
    /// customer, subject, category, priority, order and product, the message as its first entry, linked to the previous one.
    /// The caller routes and stores it like any new case, then tells the previous one with <see cref="RecordFollowUp"/>.
    /// </summary>
    public static ServiceCase OpenFollowUp(ServiceCase previous, string body, Channel channel, string actorId, DateTime nowUtc)
    {
        ArgumentNullException.ThrowIfNull(previous);
        var followUp = Open(previous.CustomerId, previous.Subject, body, channel, previous.Priority, actorId, nowUtc);
        followUp.Category = previous.Category;
        followUp.Tags = previous.Tags;
        followUp.OrderId = previous.OrderId;
        followUp.ProductCode = previous.ProductCode;
        followUp.Links.Add(CaseLink.To(previous.Id, CaseLinkKind.FollowUp, nowUtc));
        followUp.Record(CaseEntryKind.SystemEvent, $"Follow-up of {previous.Number}: the customer wrote after it was {CaseStatusNames.Of(previous.Status)}.", null, actorId, nowUtc);
        return followUp;
    }

    /// <summary>Records on this (closed or resolved) case that <paramref name="followUp"/> took the customer's message.</summary>
    public void RecordFollowUp(ServiceCase followUp, string actorId, DateTime nowUtc)
    {
        ArgumentNullException.ThrowIfNull(followUp);
        Record(CaseEntryKind.SystemEvent, $"The customer wrote again: follow-up {followUp.Number} opened.", null, actorId, nowUtc);
    }

    /// <summary>Why this case cannot be merged into <paramref name="target"/> at all (the request is wrong): null when it can be asked.</summary>
    public string? MergeProblem(ServiceCase target)
    {
        ArgumentNullException.ThrowIfNull(target);
        return target.Id == Id ? $"A case cannot be merged into itself: choose another case of the customer than {Number}."
            : target.CustomerId != CustomerId ? $"{Number} and {target.Number} are cases of different customers: only cases of the same customer merge."
            : null;
    }

    /// <summary>Why the cases as they stand cannot be merged: null when they can.</summary>
    public string? MergeConflict(ServiceCase target)
    {
        ArgumentNullException.ThrowIfNull(target);
        return Status == CaseStatus.Closed ? $"Case {Number} is closed: only a case still being worked can be merged into another."
            : target.Status == CaseStatus.Closed ? $"Case {target.Number} is closed: merge into a case that is still being worked."
            : null;
    }

    /// <summary>
    /// Merges this case into <paramref name="target"/>: this one is Closed with a "merged into" event and a link, the target
    /// gets a "merged from" event. Thread entries stay where they were written; the target shows this case's (ADR 0017).
    /// </summary>
    public void MergeInto(ServiceCase target, string actorId, DateTime nowUtc)
    {
        ArgumentNullException.ThrowIfNull(target);
        if ((MergeProblem(target) ?? MergeConflict(target)) is { } refusal)
        {
            throw new ConflictException(refusal);
        }

        Links.Add(CaseLink.To(target.Id, CaseLinkKind.Merge, nowUtc));
        var from = Status;
        Status = CaseStatus.Closed;
        ClosedAtUtc = nowUtc;
        Record(CaseEntryKind.SystemEvent, $"Merged into {target.Number} (it was {CaseStatusNames.Of(from)}); its thread is shown there.", null, actorId, nowUtc)
            .MarkStatus(CaseStatus.Closed);
        target.Record(CaseEntryKind.SystemEvent, $"Merged from {Number}: its thread is shown here.", null, actorId, nowUtc);
    }

    /// <summary>The customer's message <paramref name="entryId"/> of this case, to split off: refused unless it is one of its customer messages.</summary>
    public string? SplitProblem(CaseEntry? entry, long entryId) =>
        entry is null || (entry.CaseId != Id && !Thread.Contains(entry)) ? $"Case {Number} has no entry {entryId}."
        : entry.Kind != CaseEntryKind.CustomerMessage ? "Only a customer's message can be split off into a new case."
        : null;

    /// <summary>
    /// A new case for the same customer with <paramref name="subject"/> and a copy of the customer's <paramref name="message"/>
    /// as its first entry (the original stays on this case's record), linked to this case. The caller routes and stores it
    /// like any new case, then records the split here with <see cref="RecordSplit"/>.
    /// </summary>
    public ServiceCase SplitOff(CaseEntry message, string subject, string actorId, DateTime nowUtc)
    {
        ArgumentNullException.ThrowIfNull(message);
        EnsureEditable();
        if (SplitProblem(message, message.Id) is { } problem)
        {
            throw new ConflictException(problem);
        }

        var split = Open(CustomerId, subject, message.Body, message.Channel ?? Channel, Priority, actorId, nowUtc);
        split.Links.Add(CaseLink.To(Id, CaseLinkKind.Split, nowUtc));
        split.Record(CaseEntryKind.SystemEvent,
            $"Split from {Number}: the customer's message of {message.AtUtc.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)} UTC.", null, actorId, nowUtc);
        return split;
    }

    /// <summary>Records on this case that the customer's message of <paramref name="message"/> went on as <paramref name="split"/>.</summary>
    public void RecordSplit(ServiceCase split, CaseEntry message, string actorId, DateTime nowUtc)
    {
        ArgumentNullException.ThrowIfNull(split);
        ArgumentNullException.ThrowIfNull(message);
        EnsureEditable();
        Record(CaseEntryKind.SystemEvent,
            $"Split into {split.Number}: the customer's message of {message.AtUtc.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)} UTC goes on there.",
            null, actorId, nowUtc);
    }
}

/// <summary>How a case is linked to another: the case that starts the link is the follow-up, the merged one, the split-off one.</summary>
internal enum CaseLinkKind
{
    FollowUp,
    Merge,
    Split,
}

/// <summary>A link from a case (its owner) to another case. Links are never changed or removed.</summary>
internal sealed class CaseLink
{
    public long Id { get; private set; }

    /// <summary>The case that starts the link: the follow-up, the case merged, the case split off.</summary>
    public long CaseId { get; private set; }

    /// <summary>The case followed up, merged into, split from.</summary>
    public long LinkedCaseId { get; private set; }

    public CaseLinkKind Kind { get; private set; }

    public DateTime AtUtc { get; private set; }

    public static CaseLink To(long linkedCaseId, CaseLinkKind kind, DateTime atUtc) =>
        new() { LinkedCaseId = linkedCaseId, Kind = kind, AtUtc = atUtc };

    /// <summary>The relation as the case that starts the link sees it (<paramref name="outgoing"/>) or as the linked case sees it.</summary>
    public static CaseRelation Relation(CaseLinkKind kind, bool outgoing) => (kind, outgoing) switch
    {
        (CaseLinkKind.FollowUp, true) => CaseRelation.FollowUpOf,
        (CaseLinkKind.FollowUp, false) => CaseRelation.FollowedUpBy,
        (CaseLinkKind.Merge, true) => CaseRelation.MergedInto,
        (CaseLinkKind.Merge, false) => CaseRelation.MergedFrom,
        (CaseLinkKind.Split, true) => CaseRelation.SplitFrom,
        _ => CaseRelation.SplitInto,
    };
}
