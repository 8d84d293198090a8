using Crm.Kernel.Auditing;
using Crm.Kernel.Errors;
using Crm.Sales.Contracts;

namespace Crm.Sales.Domain;

/// <summary>A step of the pipeline. Configurable; the defaults are Prospecting .. Negotiation, Won and Lost.</summary>
internal sealed class PipelineStage
{
    public int Id { get; set; }

    public string Name { get; set; } = "";

    /// <summary>Position on the board, left to right.</summary>
    public int Position { get; set; }

    /// <summary>Default win probability (percent) of an opportunity entering the stage.</summary>
    public int Probability { get; set; }

    public StageKind Kind { get; set; }

    public bool IsActive { get; set; } = true;

    /// <summary>The probability an opportunity takes in a stage of <paramref name="kind"/>: Won 100, Lost 0, else <paramref name="probability"/>.</summary>
    public static int ProbabilityOf(StageKind kind, int probability) => kind switch
    {
        StageKind.Won => 100,
        StageKind.Lost => 0,
        _ => probability,
    };

    /// <summary>Renames the stage and sets its default probability; its kind stays (a closed stage keeps 100 or 0).</summary>
    public void Rename(string name, int probability)
    {
        Name = name.Trim();
        Probability = ProbabilityOf(Kind, probability);
    }

    /// <summary>
    /// Why the stage cannot be deactivated, or null when it can: the pipeline keeps an active stage of every kind
    /// (<paramref name="otherActiveOfKind"/> counts the others), and an open stage is emptied first
    /// (<paramref name="opportunitiesIn"/>). Closed stages keep the opportunities closed in them.
    /// </summary>
    public string? DeactivateRefusal(int otherActiveOfKind, int opportunitiesIn) =>
        !IsActive ? null
        : otherActiveOfKind == 0 ? $"The pipeline needs at least one active {(Kind == StageKind.Open ? "open" : Kind.ToString())} stage."
        : Kind == StageKind.Open && opportunitiesIn > 0 ? $"Move the {opportunitiesIn} opportunities in {Name} to another stage first."
        : null;
}

/// <summary>A possible sale to a customer, moving through the pipeline stages to Won or Lost.</summary>
internal sealed class Opportunity : AuditableEntity
{
    public long Id { get; set; }

    public string Name { get; set; } = "";

    /// <summary>The Contacts customer (plain id).</summary>
    public long CustomerId { get; set; }

    public int StageId { get; set; }

    public decimal Amount { get; set; }

    /// <summary>Amount x probability / 100, computed on write (the forecast sums it).</summary>
    public decimal WeightedAmount { get; set; }

    public DateOnly ExpectedCloseDate { get; set; }

    /// <summary>Percent, 0-100.</summary>
    public int Probability { get; set; }

    public string OwnerId { get; set; } = "";

    /// <summary>Why it was won or lost (required when closing).</summary>
    public string? CloseReason { get; set; }

    public DateTime? ClosedAtUtc { get; set; }

    public long? LeadId { get; set; }

    public string? Notes { get; set; }

    public List<OpportunityProduct> Products { get; set; } = [];

    /// <summary>The longest close reason kept.</summary>
    public const int MaxReasonLength = 500;

    public bool IsClosed => ClosedAtUtc is not null;

    /// <summary>True when the opportunity may be put in <paramref name="stage"/>: an active one, or the inactive one it is in.</summary>
    public bool CanEnter(PipelineStage stage) => stage.IsActive || stage.Id == StageId;

    /// <summary>Why <paramref name="reason"/> cannot close an opportunity in a stage of <paramref name="kind"/>, or null when it can.</summary>
    public static string? CloseReasonRefusal(StageKind kind, string? reason) =>
        kind != StageKind.Open && string.IsNullOrWhiteSpace(reason) ? $"Say why the opportunity was {(kind == StageKind.Won ? "won" : "lost")}."
        : reason?.Trim().Length > MaxReasonLength ? $"The reason may have at most {MaxReasonLength} characters."
        : null;

    /// <summary>
    /// Replaces the product lines; the amount is <paramref name="amount"/> when given, else the sum of the lines, and the
    /// weighted amount follows.
    /// </summary>
    public void SetProducts(IEnumerable<OpportunityProduct> lines, decimal? amount)
    {
        Products.Clear();
        Products.AddRange(lines);
        Amount = amount ?? Products.Sum(p => OpportunityMath.LineAmount(p.Quantity, p.UnitPrice));
        WeightedAmount = OpportunityMath.Weighted(Amount, Probability);
    }

    /// <summary>
    /// Puts the opportunity in <paramref name="stage"/> as the form and the API save it: the probability is the one given
    /// or the stage's (Won 100, Lost 0); a Won or Lost stage takes the reason and closes it (a move between them keeps
    /// the first close time); an open stage reopens it (reason and close time go). The caller has checked
    /// <see cref="CanEnter"/> and <see cref="CloseReasonRefusal"/>: a refused stage or reason is a bug.
    /// </summary>
    public void PutIn(PipelineStage stage, int? probability, string? closeReason, DateTime nowUtc)
    {
        if (!CanEnter(stage) || CloseReasonRefusal(stage.Kind, closeReason) is not null)
        {
            throw new InvalidOperationException($"Opportunity {Id} cannot enter stage {stage.Id} with that reason.");
        }

        StageId = stage.Id;
        Probability = PipelineStage.ProbabilityOf(stage.Kind, probability ?? stage.Probability);
        if (stage.Kind == StageKind.Open)
        {
            CloseReason = null;
            ClosedAtUtc = null;
        }
        else
        {
            CloseReason = closeReason!.Trim();
            ClosedAtUtc ??= nowUtc;
        }

        WeightedAmount = OpportunityMath.Weighted(Amount, Probability);
    }

    /// <summary>
    /// The board's move to <paramref name="stage"/> with the stage's probability: false when it is there already (nothing
    /// changes, no reason asked); problems named as in <see cref="MoveStageInput"/> for an inactive stage or a missing or
    /// too long reason (nothing changes then either).
    /// </summary>
    public OperationResult MoveTo(PipelineStage stage, string? reason, DateTime nowUtc, out bool moved)
    {
        moved = false;
        if (!CanEnter(stage))
        {
            return OperationResult.Failure(nameof(MoveStageInput.StageId), $"There is no active stage {stage.Id}.");
        }

        if (stage.Id == StageId)
        {
            return OperationResult.Success;
        }

        if (CloseReasonRefusal(stage.Kind, reason) is { } refusal)
        {
            return OperationResult.Failure(nameof(MoveStageInput.Reason), refusal);
        }

        PutIn(stage, null, reason, nowUtc);
        moved = true;
        return OperationResult.Success;
    }
}

internal sealed class OpportunityProduct
{
    public long Id { get; set; }

    public long OpportunityId { get; set; }

    public long ProductId { get; set; }

    public decimal Quantity { get; set; }

    public decimal UnitPrice { get; set; }
}
