namespace Crm.Analytics.Engine.Associations;

/// <summary>
/// Market-basket transactions in compressed-row form: the items of transaction <c>t</c> are
/// <c>Items[Offsets[t]..Offsets[t + 1]]</c>. One transaction is the distinct products of one order.
/// Item ids are dense, <c>0 .. ItemCount - 1</c>, and <see cref="ItemNames"/>[id] names item <c>id</c>.
/// </summary>
/// <remarks>
/// A transaction may list an item more than once (for example one order line per unit); every algorithm in this
/// namespace counts an item at most once per transaction. Empty transactions are allowed and count in the
/// transaction total (they lower every support).
/// </remarks>
internal sealed class TransactionSet
{
    /// <summary>Wraps existing arrays without copying them (the caller must not change them afterwards).</summary>
    /// <param name="offsets">Start of each transaction in <paramref name="items"/>; one more entry than transactions, starting at 0, non-decreasing, ending at <c>items.Length</c>.</param>
    /// <param name="items">Item ids, each in <c>0 .. itemNames.Count - 1</c>.</param>
    /// <param name="itemNames">Name of each item id.</param>
    public TransactionSet(int[] offsets, int[] items, IReadOnlyList<string> itemNames)
    {
        ArgumentNullException.ThrowIfNull(offsets);
        ArgumentNullException.ThrowIfNull(items);
        ArgumentNullException.ThrowIfNull(itemNames);
        if (offsets.Length == 0 || offsets[0] != 0 || offsets[^1] != items.Length)
        {
            throw new ArgumentException("offsets must start at 0, end at items.Length and have one more entry than transactions.", nameof(offsets));
        }

        for (var t = 1; t < offsets.Length; t++)
        {
            if (offsets[t] < offsets[t - 1])
            {
                throw new ArgumentException($"offsets must be non-decreasing (offsets[{t}] = {offsets[t]} < {offsets[t - 1]}).", nameof(offsets));
            }
        }

        var itemCount = itemNames.Count;
        for (var i = 0; i < items.Length; i++)
        {
            if ((uint)items[i] >= (uint)itemCount)
            {
                throw new ArgumentException($"items[{i}] = {items[i]} is not an item id in 0..{itemCount - 1}.", nameof(items));
            }
        }

        Offsets = offsets;
        Items = items;
        ItemNames = itemNames;
    }

    /// <summary>Start of each transaction in <see cref="Items"/>; <see cref="Count"/> + 1 entries.</summary>
    public int[] Offsets { get; }

    /// <summary>Item ids of all transactions, one after another.</summary>
    public int[] Items { get; }

    /// <summary>Name of each item id.</summary>
    public IReadOnlyList<string> ItemNames { get; }

    /// <summary>Number of transactions (empty ones included).</summary>
    public int Count => Offsets.Length - 1;

    /// <summary>Number of distinct item ids (length of <see cref="ItemNames"/>).</summary>
    public int ItemCount => ItemNames.Count;

    /// <summary>The item ids of transaction <paramref name="transaction"/>.</summary>
    public ReadOnlySpan<int> this[int transaction] => Items.AsSpan(Offsets[transaction], Offsets[transaction + 1] - Offsets[transaction]);

    /// <summary>
    /// Builds a transaction set from baskets of item names. Item ids are given in order of first appearance;
    /// a name repeated within one basket is kept once. Names are compared ordinally and used as given.
    /// </summary>
    public static TransactionSet FromBaskets(IEnumerable<IEnumerable<string>> baskets)
    {
        ArgumentNullException.ThrowIfNull(baskets);
        var ids = new Dictionary<string, int>(StringComparer.Ordinal);
        var names = new List<string>();
        var offsets = new List<int> { 0 };
        var items = new List<int>();
        foreach (var basket in baskets)
        {
            var start = items.Count;
            foreach (var name in basket)
            {
                ArgumentNullException.ThrowIfNull(name, nameof(baskets));
                if (!ids.TryGetValue(name, out var id))
                {
                    id = names.Count;
                    ids.Add(name, id);
                    names.Add(name);
                }

                if (items.IndexOf(id, start) < 0)
                {
                    items.Add(id);
                }
            }

            offsets.Add(items.Count);
        }

        return new TransactionSet([.. offsets], [.. items], names);
    }
}
