using Crm.Analytics.Engine.Associations;

namespace Crm.Analytics.Tests.Associations;

/// <summary>Slow, obviously correct counterparts of the engine, for cross-checking it.</summary>
internal static class Reference
{
    /// <summary>Canonical text of an itemset: its item ids ascending, comma-separated.</summary>
    public static string Key(ReadOnlySpan<int> items)
    {
        var sorted = items.ToArray();
        Array.Sort(sorted);
        return string.Join(',', sorted);
    }

    /// <summary>The engine's itemsets as key -> support count; fails on an itemset reported twice.</summary>
    public static Dictionary<string, int> AsMap(FrequentItemsets itemsets)
    {
        var map = new Dictionary<string, int>();
        for (var i = 0; i < itemsets.Count; i++)
        {
            Assert.True(map.TryAdd(Key(itemsets[i]), itemsets.SupportCounts[i]), "itemset reported twice: " + Key(itemsets[i]));
        }

        return map;
    }

    /// <summary>Support count of every itemset occurring at all, by enumerating all subsets of every transaction.</summary>
    public static Dictionary<string, int> CountAllSubsets(TransactionSet data)
    {
        var counts = new Dictionary<string, int>();
        for (var t = 0; t < data.Count; t++)
        {
            var distinct = data[t].ToArray().Distinct().Order().ToArray();
            Assert.True(distinct.Length <= 16, "brute force is for short transactions");
            for (var mask = 1; mask < 1 << distinct.Length; mask++)
            {
                var subset = new List<int>();
                for (var b = 0; b < distinct.Length; b++)
                {
                    if ((mask & (1 << b)) != 0)
                    {
                        subset.Add(distinct[b]);
                    }
                }

                var key = string.Join(',', subset);
                counts[key] = counts.GetValueOrDefault(key) + 1;
            }
        }

        return counts;
    }

    /// <summary>The frequent itemsets among all counted subsets.</summary>
    public static Dictionary<string, int> Frequent(Dictionary<string, int> allCounts, int minCount, int maxLength) =>
        allCounts
            .Where(kv => kv.Value >= minCount && kv.Key.Split(',').Length <= maxLength)
            .ToDictionary(kv => kv.Key, kv => kv.Value);

    /// <summary>
    /// Rules "antecedent=>consequent" -> (support count, antecedent support count) from frequent itemsets by definition, as
    /// arules' apriori (minlen 1) gives them: the empty antecedent ("=>y") stands for all <paramref name="transactions"/>.
    /// Confidence is compared in decimal arithmetic, which is exact for these counts and thresholds.
    /// </summary>
    public static Dictionary<string, (int Support, int AntecedentSupport)> Rules(Dictionary<string, int> frequent, decimal minConfidence, int transactions)
    {
        var rules = new Dictionary<string, (int, int)>();
        foreach (var (key, support) in frequent)
        {
            var items = key.Split(',').Select(int.Parse).ToArray();
            foreach (var consequent in items)
            {
                var antecedent = string.Join(',', items.Where(i => i != consequent));
                var antecedentSupport = antecedent.Length == 0 ? transactions : frequent[antecedent];
                if (support >= minConfidence * antecedentSupport)
                {
                    rules.Add(antecedent + "=>" + consequent, (support, antecedentSupport));
                }
            }
        }

        return rules;
    }

    /// <summary>The engine's rules in the same form as <see cref="Rules"/>; fails on a rule reported twice.</summary>
    public static Dictionary<string, (int Support, int AntecedentSupport)> AsMap(AssociationRuleSet rules)
    {
        var map = new Dictionary<string, (int, int)>();
        for (var r = 0; r < rules.Count; r++)
        {
            var key = Key(rules.Antecedent(r)) + "=>" + rules.Consequents[r];
            Assert.True(map.TryAdd(key, (rules.SupportCounts[r], rules.AntecedentSupportCounts[r])), "rule reported twice: " + key);
        }

        return map;
    }

    /// <summary>Eclat over sorted transaction-id lists: an independent miner for data too big to enumerate subsets.</summary>
    public static Dictionary<string, int> Eclat(TransactionSet data, int minCount)
    {
        var tids = new List<int>[data.ItemCount];
        for (var i = 0; i < tids.Length; i++)
        {
            tids[i] = [];
        }

        for (var t = 0; t < data.Count; t++)
        {
            foreach (var item in data[t])
            {
                var list = tids[item];
                if (list.Count == 0 || list[^1] != t)
                {
                    list.Add(t);
                }
            }
        }

        // Pairs counted straight from the transactions prune the first level, where most candidate pairs are rare.
        var pairCounts = new Dictionary<long, int>(); // key a × ItemCount + b (a long key a << 32 | b would hash to a ^ b and collide)
        for (var t = 0; t < data.Count; t++)
        {
            var frequentItems = data[t].ToArray().Distinct().Where(i => tids[i].Count >= minCount).Order().ToArray();
            for (var a = 0; a < frequentItems.Length; a++)
            {
                for (var b = a + 1; b < frequentItems.Length; b++)
                {
                    var key = ((long)frequentItems[a] * data.ItemCount) + frequentItems[b];
                    pairCounts[key] = pairCounts.GetValueOrDefault(key) + 1;
                }
            }
        }

        var partners = new Dictionary<int, List<int>>();
        foreach (var (key, count) in pairCounts)
        {
            if (count >= minCount)
            {
                var a = (int)(key / data.ItemCount);
                if (!partners.TryGetValue(a, out var list))
                {
                    partners[a] = list = [];
                }

                list.Add((int)(key % data.ItemCount));
            }
        }

        var result = new Dictionary<string, int>();
        var roots = Enumerable.Range(0, data.ItemCount).Where(i => tids[i].Count >= minCount).ToArray();
        foreach (var a in roots)
        {
            result.Add(a.ToString(System.Globalization.CultureInfo.InvariantCulture), tids[a].Count);
            var tidsA = tids[a].ToArray();
            var next = partners.GetValueOrDefault(a, []).Order().Select(b => (b, Intersect(tidsA, [.. tids[b]]))).ToList();
            if (next.Count > 0)
            {
                Extend([a], next, minCount, result);
            }
        }

        return result;
    }

    private static void Extend(List<int> prefix, List<(int Item, int[] Tids)> candidates, int minCount, Dictionary<string, int> result)
    {
        for (var a = 0; a < candidates.Count; a++)
        {
            var (item, tidsA) = candidates[a];
            prefix.Add(item);
            result.Add(Key(prefix.ToArray()), tidsA.Length);
            var next = new List<(int, int[])>();
            for (var b = a + 1; b < candidates.Count; b++)
            {
                if (IntersectionReaches(tidsA, candidates[b].Tids, minCount))
                {
                    next.Add((candidates[b].Item, Intersect(tidsA, candidates[b].Tids)));
                }
            }

            if (next.Count > 0)
            {
                Extend(prefix, next, minCount, result);
            }

            prefix.RemoveAt(prefix.Count - 1);
        }
    }

    /// <summary>Whether the sorted lists share at least <paramref name="minCount"/> ids (stops as soon as that is decided).</summary>
    private static bool IntersectionReaches(int[] x, int[] y, int minCount)
    {
        int i = 0, j = 0, both = 0;
        while (i < x.Length && j < y.Length)
        {
            if (both + Math.Min(x.Length - i, y.Length - j) < minCount)
            {
                return false;
            }

            if (x[i] < y[j])
            {
                i++;
            }
            else if (x[i] > y[j])
            {
                j++;
            }
            else if (++both >= minCount)
            {
                return true;
            }
            else
            {
                i++;
                j++;
            }
        }

        return both >= minCount;
    }

    private static int[] Intersect(int[] x, int[] y)
    {
        var result = new List<int>();
        int i = 0, j = 0;
        while (i < x.Length && j < y.Length)
        {
            if (x[i] < y[j])
            {
                i++;
            }
            else if (x[i] > y[j])
            {
                j++;
            }
            else
            {
                result.Add(x[i]);
                i++;
                j++;
            }
        }

        return [.. result];
    }

    /// <summary>Seeded random baskets: <paramref name="items"/> items with skewed popularity, some repeated within a basket.</summary>
    public static TransactionSet RandomBaskets(int seed, int transactions, int items, int maxLength, double density)
    {
        var random = new Random(seed);
        var offsets = new List<int> { 0 };
        var list = new List<int>();
        for (var t = 0; t < transactions; t++)
        {
            var length = random.Next(maxLength + 1);
            var start = list.Count;
            var picked = 0;
            for (var i = 0; i < items && picked < length; i++)
            {
                // Item i is popular in proportion to density / (1 + i / 4): a few common items and a long tail.
                if (random.NextDouble() < density / (1 + (i / 4.0)))
                {
                    list.Add(i);
                    picked++;
                    if (random.Next(10) == 0)
                    {
                        list.Add(i); // a repeated line of the same product
                    }
                }
            }

            random.Shuffle(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(list)[start..]);
            offsets.Add(list.Count);
        }

        var names = Enumerable.Range(0, items).Select(i => "item" + i).ToArray();
        return new TransactionSet([.. offsets], [.. list], names);
    }
}
