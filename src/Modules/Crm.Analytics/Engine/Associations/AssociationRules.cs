using System.Globalization;
using System.Text;

namespace Crm.Analytics.Engine.Associations;

/// <summary>
/// Association rules <c>X ⇒ {y}</c> as arules' apriori defines them: the consequent is one item, the antecedent an itemset
/// (empty for <c>{} ⇒ {y}</c>, whose antecedent support is every transaction), and <c>X ∪ {y}</c> a frequent itemset. Support = supp(X ∪ {y}), confidence = supp(X ∪ {y}) / supp(X),
/// lift = confidence / supp({y}) (supports as shares of all transactions). Rule <c>r</c>'s antecedent is
/// <c>AntecedentItems[AntecedentOffsets[r]..AntecedentOffsets[r + 1]]</c>, least frequent item first.
/// </summary>
internal sealed class AssociationRuleSet
{
    internal AssociationRuleSet(
        int[] antecedentOffsets,
        int[] antecedentItems,
        int[] consequents,
        int[] supportCounts,
        int[] antecedentSupportCounts,
        int[] consequentSupportCounts,
        int transactionCount,
        IReadOnlyList<string> itemNames)
    {
        AntecedentOffsets = antecedentOffsets;
        AntecedentItems = antecedentItems;
        Consequents = consequents;
        SupportCounts = supportCounts;
        AntecedentSupportCounts = antecedentSupportCounts;
        ConsequentSupportCounts = consequentSupportCounts;
        TransactionCount = transactionCount;
        ItemNames = itemNames;
        Confidence = new double[consequents.Length];
        Lift = new double[consequents.Length];
        for (var r = 0; r < consequents.Length; r++)
        {
            Confidence[r] = (double)supportCounts[r] / antecedentSupportCounts[r];
            Lift[r] = (double)supportCounts[r] * transactionCount / ((double)antecedentSupportCounts[r] * consequentSupportCounts[r]);
        }
    }

    public int[] AntecedentOffsets { get; }

    public int[] AntecedentItems { get; }

    /// <summary>The consequent item of each rule.</summary>
    public int[] Consequents { get; }

    /// <summary>Transactions containing antecedent and consequent.</summary>
    public int[] SupportCounts { get; }

    /// <summary>Transactions containing the antecedent.</summary>
    public int[] AntecedentSupportCounts { get; }

    /// <summary>Transactions containing the consequent.</summary>
    public int[] ConsequentSupportCounts { get; }

    /// <summary>supp(X ∪ {y}) / supp(X) of each rule.</summary>
    public double[] Confidence { get; }

    /// <summary>confidence / supp({y}) of each rule.</summary>
    public double[] Lift { get; }

    public int TransactionCount { get; }

    public IReadOnlyList<string> ItemNames { get; }

    public int Count => Consequents.Length;

    public ReadOnlySpan<int> Antecedent(int rule) =>
        AntecedentItems.AsSpan(AntecedentOffsets[rule], AntecedentOffsets[rule + 1] - AntecedentOffsets[rule]);

    /// <summary>Relative support (share of transactions) of rule <paramref name="rule"/>.</summary>
    public double Support(int rule) => (double)SupportCounts[rule] / TransactionCount;

    /// <summary>
    /// Rule indices by descending lift, then descending confidence, then descending support, then ascending rule index
    /// (a total, deterministic order).
    /// </summary>
    public int[] OrderByLift()
    {
        var order = new int[Count];
        for (var r = 0; r < order.Length; r++)
        {
            order[r] = r;
        }

        Array.Sort(order, (a, b) =>
        {
            var c = Lift[b].CompareTo(Lift[a]);
            if (c == 0)
            {
                c = Confidence[b].CompareTo(Confidence[a]);
            }

            if (c == 0)
            {
                c = SupportCounts[b].CompareTo(SupportCounts[a]);
            }

            return c != 0 ? c : a.CompareTo(b);
        });
        return order;
    }

    /// <summary>The rule as text in arules' style, antecedent names sorted ordinally: <c>{a,b} => {c}</c>.</summary>
    public string Describe(int rule)
    {
        var names = new List<string>();
        foreach (var item in Antecedent(rule))
        {
            names.Add(ItemNames[item]);
        }

        names.Sort(StringComparer.Ordinal);
        var text = new StringBuilder();
        text.Append('{').AppendJoin(',', names).Append("} => {").Append(ItemNames[Consequents[rule]]).Append('}');
        return text.ToString();
    }

    /// <summary>Support, confidence and lift of a rule as text, for logs and test messages.</summary>
    public string DescribeMeasures(int rule) => string.Create(
        CultureInfo.InvariantCulture,
        $"support {Support(rule):0.######}, confidence {Confidence[rule]:0.######}, lift {Lift[rule]:0.######}");
}

/// <summary>Generates association rules from frequent itemsets.</summary>
internal static class AssociationRules
{
    /// <summary>
    /// Every rule <c>X ⇒ {y}</c> whose itemset <c>X ∪ {y}</c> is in <paramref name="itemsets"/> and whose confidence
    /// <c>supp(X ∪ {y}) / supp(X)</c> is at least <paramref name="minConfidence"/>, compared exactly on the counts (see
    /// <see cref="ExactShare"/>): a rule at exactly 0.7 is kept although 0.7 has no binary form. X may be empty, as in arules'
    /// apriori (its default minlen = 1) and Borgelt's programs: <c>{} ⇒ {y}</c> has confidence supp({y}) and lift 1, and says
    /// that y is in at least that share of all baskets. supp(X) is looked up in a hash map from
    /// itemset to support count built over all the frequent itemsets (Zobrist hashing: the XOR of a 64-bit random value
    /// per item, so removing one item from a key costs one XOR). Rules come out per itemset in itemset order, and within
    /// an itemset by the consequent's position.
    /// </summary>
    public static AssociationRuleSet Generate(FrequentItemsets itemsets, decimal minConfidence, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(itemsets);
        var threshold = ExactShare.Of(minConfidence, nameof(minConfidence));

        var count = itemsets.Count;
        var offsets = itemsets.Offsets;
        var items = itemsets.Items;
        var supports = itemsets.SupportCounts;

        var itemHash = new long[itemsets.ItemNames.Count];
        var state = 0x5DEECE66DUL;
        for (var i = 0; i < itemHash.Length; i++)
        {
            itemHash[i] = (long)SplitMix64(ref state);
        }

        // Hash map: itemset hash -> itemset index (+1; 0 = empty), open addressing with linear probing.
        var size = 16;
        while (size < count * 2)
        {
            size <<= 1;
        }

        var mask = size - 1;
        var table = new int[size];
        var setHash = new long[count];
        for (var s = 0; s < count; s++)
        {
            long h = 0;
            for (var p = offsets[s]; p < offsets[s + 1]; p++)
            {
                h ^= itemHash[items[p]];
            }

            setHash[s] = h;
            var slot = SlotOf(h, mask);
            while (table[slot] != 0)
            {
                slot = (slot + 1) & mask;
            }

            table[slot] = s + 1;
        }

        cancellationToken.ThrowIfCancellationRequested();

        var ruleOffsets = new List<int> { 0 };
        var ruleItems = new List<int>();
        var consequents = new List<int>();
        var ruleSupports = new List<int>();
        var antecedentSupports = new List<int>();
        var consequentSupports = new List<int>();
        var itemSupports = itemsets.ItemSupportCounts;

        for (var s = 0; s < count; s++)
        {
            if ((s & 0x3FFF) == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }

            var set = items.AsSpan(offsets[s], offsets[s + 1] - offsets[s]);
            var support = supports[s];
            if (set.Length == 1)
            {
                // {} => {y}: the antecedent is every transaction.
                if (threshold.IsReachedBy(support, itemsets.TransactionCount))
                {
                    ruleOffsets.Add(ruleItems.Count);
                    consequents.Add(set[0]);
                    ruleSupports.Add(support);
                    antecedentSupports.Add(itemsets.TransactionCount);
                    consequentSupports.Add(itemSupports[set[0]]);
                }

                continue;
            }

            for (var p = 0; p < set.Length; p++)
            {
                var consequent = set[p];
                var antecedentSupport = FindSupport(setHash[s] ^ itemHash[consequent], set, p, table, mask, setHash, offsets, items, supports);
                if (threshold.IsReachedBy(support, antecedentSupport))
                {
                    for (var q = 0; q < set.Length; q++)
                    {
                        if (q != p)
                        {
                            ruleItems.Add(set[q]);
                        }
                    }

                    ruleOffsets.Add(ruleItems.Count);
                    consequents.Add(consequent);
                    ruleSupports.Add(support);
                    antecedentSupports.Add(antecedentSupport);
                    consequentSupports.Add(itemSupports[consequent]);
                }
            }
        }

        return new AssociationRuleSet(
            [.. ruleOffsets],
            [.. ruleItems],
            [.. consequents],
            [.. ruleSupports],
            [.. antecedentSupports],
            [.. consequentSupports],
            itemsets.TransactionCount,
            itemsets.ItemNames);
    }

    /// <summary>Support count of <paramref name="set"/> without its item at <paramref name="skip"/>.</summary>
    private static int FindSupport(long hash, ReadOnlySpan<int> set, int skip, int[] table, int mask, long[] setHash, int[] offsets, int[] items, int[] supports)
    {
        var length = set.Length - 1;
        for (var slot = SlotOf(hash, mask); ; slot = (slot + 1) & mask)
        {
            var entry = table[slot];
            if (entry == 0)
            {
                // Cannot happen for itemsets from FP-Growth (every subset of a frequent itemset is frequent).
                throw new InvalidOperationException("A subset of a frequent itemset is missing from the itemsets.");
            }

            var candidate = entry - 1;
            if (setHash[candidate] != hash || offsets[candidate + 1] - offsets[candidate] != length)
            {
                continue;
            }

            // Both are in canonical order, so the subset matches position by position.
            var equal = true;
            for (int a = offsets[candidate], b = 0; b < set.Length; b++)
            {
                if (b == skip)
                {
                    continue;
                }

                if (items[a++] != set[b])
                {
                    equal = false;
                    break;
                }
            }

            if (equal)
            {
                return supports[candidate];
            }
        }
    }

    private static int SlotOf(long hash, int mask) => (int)((ulong)hash >> 32 ^ (ulong)hash) & mask;

    private static ulong SplitMix64(ref ulong state)
    {
        var z = state += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
