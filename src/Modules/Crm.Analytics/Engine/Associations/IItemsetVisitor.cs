namespace Crm.Analytics.Engine.Associations;

/// <summary>
/// Receives frequent itemsets one at a time as <see cref="FpGrowth"/> finds them, so that results too large to keep
/// need not be materialised. Implement it on a struct for the fastest calls (the miner is generic over it).
/// </summary>
internal interface IItemsetVisitor
{
    /// <summary>
    /// One frequent itemset. <paramref name="items"/> holds item ids, distinct, ordered from the least to the most
    /// frequent item (ties: higher item id first); every itemset is reported exactly once, in this canonical order.
    /// The span is only valid during the call.
    /// </summary>
    void Visit(ReadOnlySpan<int> items, int supportCount);
}

/// <summary>Counts frequent itemsets, overall and by length, without keeping them.</summary>
internal struct ItemsetCounter : IItemsetVisitor
{
    private long[]? _byLength;

    /// <summary>Number of itemsets seen.</summary>
    public long Count { get; private set; }

    /// <summary>Number of itemsets of each length (index = length; index 0 unused).</summary>
    public readonly ReadOnlySpan<long> CountByLength => _byLength;

    public void Visit(ReadOnlySpan<int> items, int supportCount)
    {
        Count++;
        _byLength ??= new long[16];
        if (items.Length >= _byLength.Length)
        {
            Array.Resize(ref _byLength, Math.Max(items.Length + 1, _byLength.Length * 2));
        }

        _byLength[items.Length]++;
    }
}
