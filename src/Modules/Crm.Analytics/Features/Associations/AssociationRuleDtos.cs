using Crm.Kernel.Errors;

namespace Crm.Analytics.Features.Associations;

/// <summary>How the rules browser orders rules (always highest first).</summary>
internal enum RuleSort
{
    /// <summary>Lift, then confidence, then support.</summary>
    Lift,

    /// <summary>Confidence, then lift, then support.</summary>
    Confidence,

    /// <summary>Support, then confidence, then lift.</summary>
    Support,
}

/// <summary>A product named by a rule: its code and its catalogue name (null when the catalogue no longer has it).</summary>
internal sealed record RuleProduct(string Code, string? Name)
{
    /// <summary>"Name (CODE)", or the code alone when the name is unknown.</summary>
    public string Label => Name is null ? Code : $"{Name} ({Code})";
}

/// <summary>
/// One association rule {antecedent} ⇒ consequent, mined on baskets (purchase orders) by the last recompute.
/// <paramref name="Support"/> is the share of all baskets that hold the antecedent and the consequent
/// (<paramref name="SupportCount"/> baskets); <paramref name="Confidence"/> is the share of the baskets with the antecedent
/// that also hold the consequent; <paramref name="Lift"/> is the confidence divided by the share of all baskets that hold
/// the consequent (above 1: bought together more often than by chance).
/// </summary>
internal sealed record AssociationRuleRow(
    long Id, IReadOnlyList<RuleProduct> Antecedent, RuleProduct Consequent, double Support, int SupportCount, double Confidence, double Lift)
{
    /// <summary>Number of baskets the rules were mined on (support count / support).</summary>
    public int Baskets => Support > 0 ? (int)Math.Round(SupportCount / Support) : 0;
}

/// <summary>A page of rules and the number of rules that match the filters.</summary>
internal sealed record AssociationRulePage(IReadOnlyList<AssociationRuleRow> Items, int TotalCount, int Page, int PageSize);

/// <summary>
/// Filters of the rules browser. <see cref="Product"/> is a product code or part of a code or name: a rule matches when
/// one of the matching products is in its antecedent or is its consequent. Minimums are shares (0 to 1) for support and
/// confidence, held as the decimals given so that a rule exactly at a minimum passes (see
/// <see cref="AssociationRuleQueries"/>), and a ratio (0 or more) for lift.
/// </summary>
internal sealed record AssociationRuleQuery
{
    public const int MaxPageSize = 200;

    /// <summary>
    /// Decimals a minimum confidence may have. The stored confidence is the nearest double to a ratio of counts below 2^31;
    /// two different such ratios, or a ratio and a share of at most 6 decimals, differ by more than 1 / (2^31 × 10^6), far
    /// more than a double's rounding, so comparing the doubles decides exactly as comparing the fractions would.
    /// </summary>
    public const int MaxConfidenceDecimals = 6;

    public string? Product { get; init; }

    public decimal? MinSupport { get; init; }

    public decimal? MinConfidence { get; init; }

    public double? MinLift { get; init; }

    public RuleSort Sort { get; init; } = RuleSort.Lift;

    public int Page { get; init; }

    public int PageSize { get; init; } = 25;

    /// <summary>The problems of these filters, each naming its field (as the API spells it).</summary>
    public OperationResult Validate()
    {
        var errors = new List<ValidationError>();
        if (Product is { Length: > 100 })
        {
            errors.Add(new ValidationError("product", "Give at most 100 characters of a product code or name."));
        }

        if (MinSupport is { } support && !(support >= 0 && support <= 1))
        {
            errors.Add(new ValidationError("minSupport", "Minimum support is a share of baskets from 0 to 1 (0.01 = 1%)."));
        }

        if (MinConfidence is { } confidence && !(confidence >= 0 && confidence <= 1))
        {
            errors.Add(new ValidationError("minConfidence", "Minimum confidence is a share from 0 to 1 (0.5 = 50%)."));
        }
        else if (MinConfidence is { } precise && precise.Scale > MaxConfidenceDecimals && precise != decimal.Round(precise, MaxConfidenceDecimals))
        {
            errors.Add(new ValidationError("minConfidence", $"Give the minimum confidence with at most {MaxConfidenceDecimals} decimals (0.123456 = 12.3456%)."));
        }

        if (MinLift is { } lift && !(lift >= 0 && double.IsFinite(lift)))
        {
            errors.Add(new ValidationError("minLift", "Minimum lift is a number of 0 or more (1 = as often as by chance)."));
        }

        if (Page < 0)
        {
            errors.Add(new ValidationError("page", "The page number starts at 0."));
        }

        if (PageSize is < 1 or > MaxPageSize)
        {
            errors.Add(new ValidationError("pageSize", $"The page size is from 1 to {MaxPageSize}."));
        }

        return new OperationResult(errors);
    }
}

/// <summary>
/// "Customers who bought X also bought Y": a rule whose antecedent is exactly one product. <paramref name="Confidence"/> is the
/// share of baskets with X that also hold Y; <paramref name="Lift"/> how much more often than by chance.
/// </summary>
internal sealed record AlsoBoughtItem(RuleProduct Product, double Confidence, double Lift, double Support, int SupportCount);
