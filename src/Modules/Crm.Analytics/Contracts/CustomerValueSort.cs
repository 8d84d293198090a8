// A query parameter of a public controller action must be public: it lives in the Contracts namespace.
namespace Crm.Analytics.Contracts;

/// <summary>How the customer-value list is sorted.</summary>
public enum CustomerValueSort
{
    Monetary,
    Frequency,
    RecencyDays,
    RecencyScore,
    FrequencyScore,
    MonetaryScore,
    Segment,
    SpendTier,
    ProfitTier,
    Clv,
    ProbabilityAlive,
    CustomerId,
}
