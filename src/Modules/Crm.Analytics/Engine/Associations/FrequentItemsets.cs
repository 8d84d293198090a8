namespace Crm.Analytics.Engine.Associations;

/// <summary>
/// Frequent itemsets kept in compressed-row form: itemset <c>i</c> is <c>Items[Offsets[i]..Offsets[i + 1]]</c>, its items
/// ordered from the least to the most frequent (the canonical order of <see cref="IItemsetVisitor"/>), and it occurs in
/// <c>SupportCounts[i]</c> transactions. Itemsets are in the order FP-Growth found them.
/// </summary>
internal sealed class FrequentItemsets
{
    private FrequentItemsets(
        int[] offsets,
        int[] items,
        int[] supportCounts,
        int transactionCount,
        int minSupportCount,
        int maxLength,
        int[] itemSupportCounts,
        IReadOnlyList<string> itemNames)
    {
        Offsets = offsets;
        Items = items;
        SupportCounts = supportCounts;
        TransactionCount = transactionCount;
        MinSupportCount = minSupportCount;
        MaxLength = maxLength;
        ItemSupportCounts = itemSupportCounts;
        ItemNames = itemNames;
    }

    /// <summary>Start of each itemset in <see cref="Items"/>; <see cref="Count"/> + 1 entries.</summary>
    public int[] Offsets { get; }

    /// <summary>Item ids of all itemsets, one after another.</summary>
    public int[] Items { get; }

    /// <summary>Number of transactions containing each itemset.</summary>
    public int[] SupportCounts { get; }

    /// <summary>Number of transactions mined (the denominator of support).</summary>
    public int TransactionCount { get; }

    /// <summary>The minimum support count used.</summary>
    public int MinSupportCount { get; }

    /// <summary>The longest itemset length asked for (<see cref="int.MaxValue"/> when unlimited).</summary>
    public int MaxLength { get; }

    /// <summary>Support count of every item id over all transactions, frequent or not.</summary>
    public int[] ItemSupportCounts { get; }

    /// <summary>Name of each item id.</summary>
    public IReadOnlyList<string> ItemNames { get; }

    /// <summary>Number of frequent itemsets.</summary>
    public int Count => SupportCounts.Length;

    /// <summary>Items of itemset <paramref name="index"/>, least frequent first.</summary>
    public ReadOnlySpan<int> this[int index] => Items.AsSpan(Offsets[index], Offsets[index + 1] - Offsets[index]);

    /// <summary>Relative support (share of transactions) of itemset <paramref name="index"/>.</summary>
    public double Support(int index) => (double)SupportCounts[index] / TransactionCount;

    /// <summary>Number of itemsets of each length (index = length; index 0 unused).</summary>
    public long[] CountByLength()
    {
        var longest = 0;
        for (var i = 0; i < Count; i++)
        {
            longest = Math.Max(longest, Offsets[i + 1] - Offsets[i]);
        }

        var counts = new long[longest + 1];
        for (var i = 0; i < Count; i++)
        {
            counts[Offsets[i + 1] - Offsets[i]]++;
        }

        return counts;
    }

    /// <summary>Keeps the itemsets that <see cref="FpGrowth"/> streams.</summary>
    internal sealed class Collector : IItemsetVisitor
    {
        private int[] _offsets = new int[1024];
        private int[] _items = new int[4096];
        private int[] _supports = new int[1024];
        private int _count;
        private int _used;

        public void Visit(ReadOnlySpan<int> items, int supportCount)
        {
            if (_count + 1 >= _offsets.Length)
            {
                Array.Resize(ref _offsets, _offsets.Length * 2);
                Array.Resize(ref _supports, _supports.Length * 2);
            }

            if (_used + items.Length > _items.Length)
            {
                Array.Resize(ref _items, Math.Max(_items.Length * 2, _used + items.Length));
            }

            items.CopyTo(_items.AsSpan(_used));
            _used += items.Length;
            _supports[_count++] = supportCount;
            _offsets[_count] = _used;
        }

        public FrequentItemsets ToResult(TransactionSet transactions, int minSupportCount, int maxLength, int[] itemSupportCounts) =>
            new(
                _offsets.AsSpan(0, _count + 1).ToArray(),
                _items.AsSpan(0, _used).ToArray(),
                _supports.AsSpan(0, _count).ToArray(),
                transactions.Count,
                minSupportCount,
                maxLength,
                itemSupportCounts,
                transactions.ItemNames);
    }
}
