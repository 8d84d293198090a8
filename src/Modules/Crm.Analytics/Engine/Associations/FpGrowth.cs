namespace Crm.Analytics.Engine.Associations;

/// <summary>
/// FP-Growth (Han, Pei &amp; Yin 2000): all itemsets that occur in at least a minimum number of transactions.
/// </summary>
/// <remarks>
/// <para>Implementation: frequent items are recoded to ranks by descending frequency (ties: lower item id first) and each
/// transaction becomes its distinct frequent ranks, ascending. The FP-tree is a set of parallel arrays (item, count,
/// parent per node) with header lists (the nodes of each item, by counting sort). The first tree is built from the
/// transactions sorted lexicographically, so that each shares the prefix with the previous one and no child lookup is
/// needed. A conditional tree for an item is built from the paths above that item's nodes: one pass counts the items
/// on them, a second inserts the frequent ones (child lookup through an open-addressing hash on (parent, item)). Local
/// items keep the order of the parent tree, so paths never need re-sorting. A conditional tree that is a single path
/// yields all combinations of its nodes directly. Tree arrays are pooled per recursion depth, so mining allocates only
/// while the pools grow.</para>
/// <para>Itemsets go to an <see cref="IItemsetVisitor"/> as they are found; <see cref="FindFrequentItemsets"/> keeps
/// them and <see cref="CountFrequentItemsets"/> only counts them.</para>
/// </remarks>
internal static class FpGrowth
{
    /// <summary>Frequent itemsets with support of at least <paramref name="minSupport"/> (a fraction of all transactions; see <see cref="SupportThreshold.ToCount"/>).</summary>
    /// <param name="maxLength">Longest itemset to find (at least 1).</param>
    public static FrequentItemsets FindFrequentItemsets(
        TransactionSet transactions,
        double minSupport,
        int maxLength = int.MaxValue,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(transactions);
        return FindFrequentItemsets(transactions, SupportThreshold.ToCount(minSupport, transactions.Count), maxLength, cancellationToken);
    }

    /// <summary>Frequent itemsets that occur in at least <paramref name="minSupportCount"/> transactions (values below 1 count as 1).</summary>
    public static FrequentItemsets FindFrequentItemsets(
        TransactionSet transactions,
        int minSupportCount,
        int maxLength = int.MaxValue,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(transactions);
        var collector = new FrequentItemsets.Collector();
        var itemSupports = Mine(transactions, minSupportCount, maxLength, ref collector, cancellationToken);
        return collector.ToResult(transactions, Math.Max(1, minSupportCount), maxLength, itemSupports);
    }

    /// <summary>Counts the frequent itemsets without keeping them.</summary>
    public static ItemsetCounter CountFrequentItemsets(
        TransactionSet transactions,
        double minSupport,
        int maxLength = int.MaxValue,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(transactions);
        var counter = new ItemsetCounter();
        Mine(transactions, SupportThreshold.ToCount(minSupport, transactions.Count), maxLength, ref counter, cancellationToken);
        return counter;
    }

    /// <summary>
    /// Streams every itemset occurring in at least <paramref name="minSupportCount"/> transactions (values below 1 count
    /// as 1) and of at most <paramref name="maxLength"/> items to <paramref name="visitor"/>.
    /// </summary>
    /// <returns>The support count of every item id over all transactions (an item counts once per transaction).</returns>
    public static int[] Mine<TVisitor>(
        TransactionSet transactions,
        int minSupportCount,
        int maxLength,
        ref TVisitor visitor,
        CancellationToken cancellationToken)
        where TVisitor : IItemsetVisitor
    {
        ArgumentNullException.ThrowIfNull(transactions);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxLength, 1);
        var miner = new Miner<TVisitor>(Math.Max(1, minSupportCount), maxLength, visitor, cancellationToken);
        var supports = miner.Run(transactions);
        visitor = miner.Visitor;
        return supports;
    }

    /// <summary>One FP-tree as parallel arrays. Node 0 is the root; a node's parent always has a smaller index.</summary>
    private sealed class Tree
    {
        public int Size;
        public int[] NodeItems = new int[64];
        public int[] NodeCounts = new int[64];
        public int[] NodeParents = new int[64];

        /// <summary>Number of local items; local item <c>i</c> has global rank <see cref="ItemRank"/>[i], ascending in <c>i</c>.</summary>
        public int ItemCount;
        public int[] ItemRank = new int[16];
        public int[] ItemSupport = new int[16];

        /// <summary>Nodes of local item <c>i</c>: <c>HeadNodes[HeadStart[i]..HeadStart[i + 1]]</c>.</summary>
        public int[] HeadStart = new int[17];
        public int[] HeadNodes = new int[64];

        public void Reset(int maxNodes, int itemCount)
        {
            if (NodeItems.Length < maxNodes)
            {
                var size = Math.Max(maxNodes, NodeItems.Length * 2);
                NodeItems = new int[size];
                NodeCounts = new int[size];
                NodeParents = new int[size];
                HeadNodes = new int[size];
            }

            if (ItemRank.Length < itemCount)
            {
                var size = Math.Max(itemCount, ItemRank.Length * 2);
                ItemRank = new int[size];
                ItemSupport = new int[size];
                HeadStart = new int[size + 1];
            }

            ItemCount = itemCount;
            Size = 1;
            NodeItems[0] = -1;
            NodeCounts[0] = 0;
            NodeParents[0] = -1;
        }

        public int AddNode(int parent, int item, int count)
        {
            var node = Size++;
            NodeItems[node] = item;
            NodeCounts[node] = count;
            NodeParents[node] = parent;
            return node;
        }

        public void BuildHeader()
        {
            var start = HeadStart.AsSpan(0, ItemCount + 1);
            start.Clear();
            var items = NodeItems.AsSpan(0, Size);
            for (var n = 1; n < items.Length; n++)
            {
                start[items[n] + 1]++;
            }

            for (var i = 1; i < start.Length; i++)
            {
                start[i] += start[i - 1];
            }

            // Fill back to front so that each header list ends up in ascending node order.
            var heads = HeadNodes;
            for (var n = items.Length - 1; n >= 1; n--)
            {
                heads[--start[items[n] + 1]] = n;
            }

            // Each start[i + 1] was moved down to the first node of item i; shift back to start[i] = first node of item i.
            for (var i = 0; i < ItemCount; i++)
            {
                start[i] = start[i + 1];
            }

            start[ItemCount] = Size - 1;
        }

        /// <summary>True when every node has at most one child (nodes are then created root-down, so parent = index - 1).</summary>
        public bool IsSinglePath()
        {
            var parents = NodeParents.AsSpan(1, Size - 1);
            for (var n = 0; n < parents.Length; n++)
            {
                if (parents[n] != n)
                {
                    return false;
                }
            }

            return true;
        }
    }

    private sealed class Miner<TVisitor>(int minSupport, int maxLength, TVisitor visitor, CancellationToken cancellationToken)
        where TVisitor : IItemsetVisitor
    {
        private readonly List<Tree> _trees = [];
        // Not readonly: a struct visitor must be called in place, not on a defensive copy.
#pragma warning disable IDE0044
        private TVisitor _visitor = visitor;
#pragma warning restore IDE0044
        private int[] _rankToItem = [];
        private int[] _prefix = new int[16];
        private int _prefixLength;

        // Scratch for building one conditional tree at a time.
        private int[] _itemCount = [];
        private int[] _touched = [];
        private int[] _localMap = [];
        private int[] _frequent = [];
        private int[] _pathItems = new int[1024];
        private int[] _pathEnds = new int[256];
        private int[] _pathCounts = new int[256];

        // Child lookup: key = (parent << 32 | item) + 1 (0 = empty slot), value = child node.
        private long[] _childKeys = new long[1024];
        private int[] _childNodes = new int[1024];
        private int _childMask;

        public TVisitor Visitor => _visitor;

        public int[] Run(TransactionSet transactions)
        {
            var itemCount = transactions.ItemCount;
            var offsets = transactions.Offsets;
            var items = transactions.Items;
            var transactionCount = transactions.Count;

            // 1. Item supports, each item counted once per transaction.
            var supports = new int[itemCount];
            var lastSeen = new int[itemCount];
            lastSeen.AsSpan().Fill(-1);
            for (var t = 0; t < transactionCount; t++)
            {
                for (var p = offsets[t]; p < offsets[t + 1]; p++)
                {
                    var item = items[p];
                    if (lastSeen[item] != t)
                    {
                        lastSeen[item] = t;
                        supports[item]++;
                    }
                }
            }

            var swT = System.Diagnostics.Stopwatch.StartNew();
            // 2. Ranks of the frequent items by descending support, ties by ascending id.
            var frequentCount = 0;
            for (var i = 0; i < itemCount; i++)
            {
                if (supports[i] >= minSupport)
                {
                    frequentCount++;
                }
            }

            if (frequentCount == 0)
            {
                return supports;
            }

            _rankToItem = new int[frequentCount];
            var sortKeys = new long[frequentCount];
            for (int i = 0, r = 0; i < itemCount; i++)
            {
                if (supports[i] >= minSupport)
                {
                    // Descending support, then ascending id, as one ascending key.
                    sortKeys[r] = ((long)(int.MaxValue - supports[i]) << 32) | (uint)i;
                    _rankToItem[r++] = i;
                }
            }

            Array.Sort(sortKeys, _rankToItem);
            var rankOf = new int[itemCount];
            rankOf.AsSpan().Fill(-1);
            for (var r = 0; r < frequentCount; r++)
            {
                rankOf[_rankToItem[r]] = r;
            }

            cancellationToken.ThrowIfCancellationRequested();

            // 3. Transactions as ascending distinct ranks.
            var rankedOffsets = new int[transactionCount + 1];
            var ranked = new int[items.Length];
            var used = 0;
            for (var t = 0; t < transactionCount; t++)
            {
                var start = used;
                for (var p = offsets[t]; p < offsets[t + 1]; p++)
                {
                    var rank = rankOf[items[p]];
                    if (rank >= 0)
                    {
                        ranked[used++] = rank;
                    }
                }

                var span = ranked.AsSpan(start, used - start);
                if (span.Length > 1)
                {
                    span.Sort();
                    var distinct = 1;
                    for (var i = 1; i < span.Length; i++)
                    {
                        if (span[i] != span[distinct - 1])
                        {
                            span[distinct++] = span[i];
                        }
                    }

                    used = start + distinct;
                }

                rankedOffsets[t + 1] = used;
            }

            Console.WriteLine($"recoded {swT.Elapsed.TotalMilliseconds}");
            // 4. The first tree: transactions in lexicographic order share their prefix with the previous one.
            var order = new int[transactionCount];
            var nonEmpty = 0;
            for (var t = 0; t < transactionCount; t++)
            {
                if (rankedOffsets[t + 1] > rankedOffsets[t])
                {
                    order[nonEmpty++] = t;
                }
            }

            Array.Sort(order, 0, nonEmpty, new LexicographicComparer(rankedOffsets, ranked));
            Console.WriteLine($"sorted {swT.Elapsed.TotalMilliseconds}");
            cancellationToken.ThrowIfCancellationRequested();

            var tree = TreeAt(0);
            tree.Reset(used + 1, frequentCount);
            for (var r = 0; r < frequentCount; r++)
            {
                tree.ItemRank[r] = r;
                tree.ItemSupport[r] = supports[_rankToItem[r]];
            }

            var path = new int[frequentCount + 1];
            var pathLength = 0;
            var previousStart = 0;
            var previousLength = 0;
            for (var o = 0; o < nonEmpty; o++)
            {
                var t = order[o];
                var start = rankedOffsets[t];
                var length = rankedOffsets[t + 1] - start;
                var shared = 0;
                var limit = Math.Min(length, previousLength);
                while (shared < limit && ranked[start + shared] == ranked[previousStart + shared])
                {
                    shared++;
                }

                pathLength = shared;
                var node = shared == 0 ? 0 : path[shared - 1];
                for (var d = 0; d < shared; d++)
                {
                    tree.NodeCounts[path[d]]++;
                }

                for (var d = shared; d < length; d++)
                {
                    node = tree.AddNode(node, ranked[start + d], 1);
                    path[pathLength++] = node;
                }

                previousStart = start;
                previousLength = length;
            }

            tree.BuildHeader();
            Console.WriteLine($"prep {swT.Elapsed.TotalMilliseconds} nodes {tree.Size} items {frequentCount}");
            _itemCount = new int[frequentCount];
            _touched = new int[frequentCount];
            _localMap = new int[frequentCount];
            _frequent = new int[frequentCount];

            if (tree.IsSinglePath())
            {
                EmitSinglePath(tree, tree.Size, -1);
            }
            else
            {
                MineTree(tree, 0);
            }

            Console.WriteLine($"mine {swT.Elapsed.TotalMilliseconds} builds {Builds} pathlen {PathTotal} distinct {Distinct} nodes {NodesTotal}");
            return supports;
        }
        public long Builds, PathTotal, NodesTotal, Distinct; public long[] Stamp = new long[1000000];

        private Tree TreeAt(int depth)
        {
            while (_trees.Count <= depth)
            {
                _trees.Add(new Tree());
            }

            return _trees[depth];
        }

        private void Push(Tree tree, int localItem)
        {
            if (_prefixLength == _prefix.Length)
            {
                Array.Resize(ref _prefix, _prefix.Length * 2);
            }

            _prefix[_prefixLength++] = _rankToItem[tree.ItemRank[localItem]];
        }

        private void MineTree(Tree tree, int depth)
        {
            for (var j = tree.ItemCount - 1; j >= 0; j--)
            {
                Push(tree, j);
                _visitor.Visit(_prefix.AsSpan(0, _prefixLength), tree.ItemSupport[j]);
                if (_prefixLength < maxLength && j > 0)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    var conditional = TreeAt(depth + 1);
                    if (BuildConditional(tree, j, conditional))
                    {
                        if (conditional.IsSinglePath())
                        {
                            EmitSinglePath(conditional, conditional.Size, -1);
                        }
                        else
                        {
                            MineTree(conditional, depth + 1);
                        }
                    }
                }

                _prefixLength--;
            }
        }

        /// <summary>
        /// Every non-empty combination of the chain nodes below <paramref name="limit"/>; the support of a combination is the
        /// count of its deepest node (counts never grow downwards). Deeper (rarer) nodes are pushed first, keeping the
        /// canonical least-frequent-first order.
        /// </summary>
        private void EmitSinglePath(Tree tree, int limit, int support)
        {
            for (var node = limit - 1; node >= 1; node--)
            {
                var count = support < 0 ? tree.NodeCounts[node] : support;
                Push(tree, tree.NodeItems[node]);
                _visitor.Visit(_prefix.AsSpan(0, _prefixLength), count);
                if (_prefixLength < maxLength && node > 1)
                {
                    EmitSinglePath(tree, node, count);
                }

                _prefixLength--;
            }
        }

        /// <summary>Builds the conditional tree of local item <paramref name="item"/> of <paramref name="tree"/>; false when it is empty.</summary>
        private bool BuildConditional(Tree tree, int item, Tree conditional)
        {
            var nodeItem = tree.NodeItems;
            var nodeCount = tree.NodeCounts;
            var nodeParent = tree.NodeParents;
            var itemCount = _itemCount;
            var touched = _touched;
            var touchedCount = 0;

            // Pass 1: the prefix paths (bottom-up) and the item counts on them.
            var pathLength = 0;
            var paths = 0;
            for (var h = tree.HeadStart[item]; h < tree.HeadStart[item + 1]; h++)
            {
                var node = tree.HeadNodes[h];
                var count = nodeCount[node];
                var start = pathLength;
                for (var p = nodeParent[node]; p != 0; p = nodeParent[p])
                {
                    var it = nodeItem[p];
                    if (itemCount[it] == 0)
                    {
                        touched[touchedCount++] = it;
                    }

                    itemCount[it] += count;
                    if (pathLength == _pathItems.Length)
                    {
                        Array.Resize(ref _pathItems, _pathItems.Length * 2);
                    }

                    _pathItems[pathLength++] = it;
                }

                for (var p = nodeParent[node]; p != 0 && Stamp[p] != Builds + 1; p = nodeParent[p]) { Stamp[p] = Builds + 1; Distinct++; }
                if (pathLength > start)
                {
                    if (paths == _pathEnds.Length)
                    {
                        Array.Resize(ref _pathEnds, paths * 2);
                        Array.Resize(ref _pathCounts, paths * 2);
                    }

                    _pathEnds[paths] = pathLength;
                    _pathCounts[paths++] = count;
                }
            }

            // The frequent ones become the local items of the conditional tree, in the same order.
            var frequent = _frequent;
            var frequentCount = 0;
            for (var i = 0; i < touchedCount; i++)
            {
                var it = touched[i];
                if (itemCount[it] >= minSupport)
                {
                    frequent[frequentCount++] = it;
                }
                else
                {
                    _localMap[it] = -1;
                }
            }

            if (frequentCount == 0)
            {
                for (var i = 0; i < touchedCount; i++)
                {
                    itemCount[touched[i]] = 0;
                }

                return false;
            }

            frequent.AsSpan(0, frequentCount).Sort();
            conditional.Reset(pathLength + 1, frequentCount);
            for (var i = 0; i < frequentCount; i++)
            {
                var it = frequent[i];
                _localMap[it] = i;
                conditional.ItemRank[i] = tree.ItemRank[it];
                conditional.ItemSupport[i] = itemCount[it];
            }

            for (var i = 0; i < touchedCount; i++)
            {
                itemCount[touched[i]] = 0;
            }

            // Pass 2: insert the frequent part of each path, root-down.
            PrepareChildTable(pathLength);
            var pathStart = 0;
            for (var q = 0; q < paths; q++)
            {
                var count = _pathCounts[q];
                var end = _pathEnds[q];
                var node = 0;
                var fresh = false;
                for (var i = end - 1; i >= pathStart; i--)
                {
                    var local = _localMap[_pathItems[i]];
                    if (local < 0)
                    {
                        continue;
                    }

                    if (!fresh)
                    {
                        var child = FindChild(node, local);
                        if (child != 0)
                        {
                            conditional.NodeCounts[child] += count;
                            node = child;
                            continue;
                        }

                        fresh = true;
                    }

                    var added = conditional.AddNode(node, local, count);
                    AddChild(node, local, added);
                    node = added;
                }

                pathStart = end;
            }

            conditional.BuildHeader();
            Builds++; PathTotal += pathLength; NodesTotal += conditional.Size;
            return true;
        }

        private void PrepareChildTable(int maxNodes)
        {
            var size = 16;
            while (size < maxNodes * 2)
            {
                size <<= 1;
            }

            if (_childKeys.Length < size)
            {
                _childKeys = new long[size];
                _childNodes = new int[size];
            }
            else
            {
                _childKeys.AsSpan(0, size).Clear();
            }

            _childMask = size - 1;
        }

        private static int Slot(long key, int mask) => (int)((ulong)(key * unchecked((long)0x9E3779B97F4A7C15)) >> 32) & mask;

        private int FindChild(int parent, int item)
        {
            var key = (((long)parent << 32) | (uint)item) + 1;
            var keys = _childKeys;
            var mask = _childMask;
            for (var slot = Slot(key, mask); ; slot = (slot + 1) & mask)
            {
                var k = keys[slot];
                if (k == key)
                {
                    return _childNodes[slot];
                }

                if (k == 0)
                {
                    return 0;
                }
            }
        }

        private void AddChild(int parent, int item, int child)
        {
            var key = (((long)parent << 32) | (uint)item) + 1;
            var keys = _childKeys;
            var mask = _childMask;
            var slot = Slot(key, mask);
            while (keys[slot] != 0)
            {
                slot = (slot + 1) & mask;
            }

            keys[slot] = key;
            _childNodes[slot] = child;
        }
    }

    private sealed class LexicographicComparer(int[] offsets, int[] ranks) : IComparer<int>
    {
        public int Compare(int x, int y)
        {
            var a = ranks.AsSpan(offsets[x], offsets[x + 1] - offsets[x]);
            var b = ranks.AsSpan(offsets[y], offsets[y + 1] - offsets[y]);
            var c = a.SequenceCompareTo(b);
            return c != 0 ? c : x.CompareTo(y);
        }
    }
}
