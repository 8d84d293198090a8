namespace Crm.Analytics.Engine.Associations;

/// <summary>Turns a relative minimum support into the minimum number of transactions.</summary>
internal static class SupportThreshold
{
    /// <summary>
    /// <c>ceil(minSupport × transactionCount)</c>, at least 1, computed exactly on the decimal given (see
    /// <see cref="ExactShare"/>): an itemset is frequent when it occurs in at least this many transactions, i.e. when its
    /// support (count / transactions) is at least <paramref name="minSupport"/>. 0.7 of 10 is 7, 0.0005 of 88,162 is 45.
    /// </summary>
    public static int ToCount(decimal minSupport, int transactionCount)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(transactionCount);
        var count = ExactShare.Of(minSupport, nameof(minSupport)).CeilingTimes(transactionCount);
        return (int)Math.Max(1, count);
    }
}
