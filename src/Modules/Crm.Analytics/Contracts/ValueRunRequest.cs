// The request body of a public controller action must be public: it lives in the Contracts namespace.
namespace Crm.Analytics.Contracts;

/// <summary>What <c>POST /api/v1/analytics/runs</c> takes.</summary>
/// <param name="AsOf">The date to compute the figures as of (default today); not in the future.</param>
public sealed record ValueRunRequest(DateOnly? AsOf);
