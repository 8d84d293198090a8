using System.Text.RegularExpressions;

namespace Crm.Analytics.Features.Shared;

/// <summary>
/// Which stored figures a dashboard reads: the current ones (<c>live</c>: the last recompute plus real-time updates,
/// table <c>Analytics_CustomerValues</c>) or a quarter's snapshot (<c>2026-Q4</c>, table <c>Analytics_SnapshotCustomers</c>).
/// It travels in URLs as <c>?source=live</c> or <c>?source=2026-Q4</c>.
/// </summary>
internal sealed partial record ValueSource(string? Period)
{
    public const string LiveKey = "live";

    public static ValueSource Live { get; } = new((string?)null);

    public bool IsLive => Period is null;

    public string Key => Period ?? LiveKey;

    /// <summary>Parses a URL value; anything that is not a period ("yyyy-Qn") means live.</summary>
    public static ValueSource Parse(string? value) =>
        value is not null && PeriodPattern().IsMatch(value) ? new ValueSource(value) : Live;

    public override string ToString() => Key;

    [GeneratedRegex(@"^\d{4}-Q[1-4]$")]
    private static partial Regex PeriodPattern();
}

/// <summary>Display names of the value tiers as stored (0 None, 1 Bronze, 2 Silver, 3 Gold, 4 Platinum).</summary>
internal static class TierNames
{
    public static IReadOnlyList<string> All { get; } = ["None", "Bronze", "Silver", "Gold", "Platinum"];

    public static string Of(byte? tier) => tier is { } t && t < All.Count ? All[t] : "—";

    /// <summary>Parses "Gold" (any case) or "3"; null when unknown.</summary>
    public static byte? Parse(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        if (byte.TryParse(value, out var number) && number < All.Count)
        {
            return number;
        }

        for (var t = 0; t < All.Count; t++)
        {
            if (string.Equals(All[t], value.Trim(), StringComparison.OrdinalIgnoreCase))
            {
                return (byte)t;
            }
        }

        return null;
    }
}
