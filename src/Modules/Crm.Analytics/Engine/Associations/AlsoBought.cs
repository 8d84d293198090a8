namespace Crm.Analytics.Engine.Associations;

/// <summary>One "customers who bought X also bought Y" entry.</summary>
/// <param name="Item">Y.</param>
/// <param name="SupportCount">Transactions with both X and Y.</param>
/// <param name="Confidence">Share of X's transactions that also have Y.</param>
/// <param name="Lift">Confidence divided by Y's support: how much more often Y goes with X than on its own.</param>
internal readonly record struct AlsoBoughtItem(int Item, int SupportCount, double Confidence, double Lift);

/// <summary>
/// "Customers who bought X also bought Y" for every product X, from the frequent pairs (itemsets of two) of a
/// <see cref="FrequentItemsets"/>: Y is listed for X when {X, Y} occurs in at least the minimum support count of
/// transactions. No confidence threshold applies. Each list is ordered by descending confidence (the share of X's
/// baskets that had Y, which is what the sentence says), then descending lift, then ascending item id.
/// </summary>
internal sealed class AlsoBought
{
    private readonly int[] _offsets;
    private readonly AlsoBoughtItem[] _entries;

    private AlsoBought(int[] offsets, AlsoBoughtItem[] entries)
    {
        _offsets = offsets;
        _entries = entries;
    }

    /// <summary>Builds the lists for all items (an empty list for an item in no frequent pair).</summary>
    public static AlsoBought Build(FrequentItemsets itemsets)
    {
        ArgumentNullException.ThrowIfNull(itemsets);
        var itemCount = itemsets.ItemNames.Count;
        var supports = itemsets.ItemSupportCounts;
        var n = (double)itemsets.TransactionCount;
        var offsets = new int[itemCount + 1];
        for (var s = 0; s < itemsets.Count; s++)
        {
            var set = itemsets[s];
            if (set.Length == 2)
            {
                offsets[set[0] + 1]++;
                offsets[set[1] + 1]++;
            }
        }

        for (var i = 1; i < offsets.Length; i++)
        {
            offsets[i] += offsets[i - 1];
        }

        var entries = new AlsoBoughtItem[offsets[^1]];
        var cursor = offsets.AsSpan(0, itemCount).ToArray();
        for (var s = 0; s < itemsets.Count; s++)
        {
            var set = itemsets[s];
            if (set.Length != 2)
            {
                continue;
            }

            var both = itemsets.SupportCounts[s];
            var (a, b) = (set[0], set[1]);
            var lift = both * n / ((double)supports[a] * supports[b]);
            entries[cursor[a]++] = new AlsoBoughtItem(b, both, (double)both / supports[a], lift);
            entries[cursor[b]++] = new AlsoBoughtItem(a, both, (double)both / supports[b], lift);
        }

        for (var i = 0; i < itemCount; i++)
        {
            entries.AsSpan(offsets[i], offsets[i + 1] - offsets[i]).Sort(static (x, y) =>
            {
                var c = y.Confidence.CompareTo(x.Confidence);
                if (c == 0)
                {
                    c = y.Lift.CompareTo(x.Lift);
                }

                return c != 0 ? c : x.Item.CompareTo(y.Item);
            });
        }

        return new AlsoBought(offsets, entries);
    }

    /// <summary>What the buyers of <paramref name="item"/> also bought, best first.</summary>
    public ReadOnlySpan<AlsoBoughtItem> For(int item) => _entries.AsSpan(_offsets[item], _offsets[item + 1] - _offsets[item]);
}
