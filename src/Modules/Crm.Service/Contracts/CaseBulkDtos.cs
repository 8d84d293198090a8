namespace Crm.Service.Contracts;

/// <summary>What a bulk update does to each case chosen.</summary>
public enum CaseBulkAction
{
    /// <summary>Hands every case to the user named by the argument (a user id), or leaves them unassigned with an empty argument.</summary>
    Assign,

    /// <summary>Moves every case to the status named by the argument (e.g. <c>Resolved</c>) where the case's rules allow it.</summary>
    ChangeStatus,

    /// <summary>Adds the tag given as the argument to every case.</summary>
    AddTag,
}

/// <summary>
/// One action for up to 200 cases (<c>MaxCases</c>): their ids, the action and its argument (the new owner's user id, empty
/// for unassigned; the status; or the tag).
/// </summary>
public sealed record CaseBulkInput(IReadOnlyList<long> CaseIds, CaseBulkAction Action, string? Argument)
{
    public const int MaxCases = 200;
}

/// <summary>What the bulk update did to one case.</summary>
public enum CaseBulkOutcome
{
    /// <summary>The case changed, exactly as by the single action: on its thread (and the customer's timeline where that action writes there).</summary>
    Changed,

    /// <summary>The case was that way already: nothing changed.</summary>
    Unchanged,

    /// <summary>The case's rules or the user's rights refused the change (see the reason): nothing changed on it.</summary>
    Skipped,
}

public sealed record CaseBulkItemResult(long CaseId, string Number, CaseBulkOutcome Outcome, string? Reason);

/// <summary>The counts and each case's outcome, in the order the ids were given (each id once).</summary>
public sealed record CaseBulkResult(int Changed, int Unchanged, int Skipped, IReadOnlyList<CaseBulkItemResult> Cases);
