// The body of POST /api/v1/analytics/due/{customerId}/call: part of the module's public API, hence in its Contracts namespace.
namespace Crm.Analytics.Contracts;

/// <summary>What a due-to-buy-again call may add: an outcome note ("will order next week"), at most 200 characters.</summary>
public sealed record DueCallInput
{
    public const int MaxOutcomeLength = 200;

    /// <summary>How the call went; optional, at most 200 characters.</summary>
    public string? Outcome { get; init; }
}
