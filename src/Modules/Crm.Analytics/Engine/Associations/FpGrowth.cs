namespace Crm.Analytics.Engine.Associations;

/// <summary>
/// FP-Growth (Han, Pei &amp; Yin 2000): all itemsets that occur in at least a minimum number of transactions.
/// </summary>
/// <remarks>
/// <para>Implementation: frequent items are recoded to ranks by descending frequency (ties: lower item id first) and each
/// transaction becomes its distinct frequent ranks, ascending. FP-trees are parallel arrays (item, count, parent per
/// node; a parent always has a smaller index than its children) with header lists (the nodes of each item, by
/// counting sort). The first level reads the prefix paths straight from the recoded transactions through a vertical
/// index (where each rank occurs), which is exactly the first FP-tree's conditional pattern base without building
/// that tree: on sparse data such as retail.dat it hardly compresses (547k nodes for 909k items) and walking it costs
/// a cache miss per node, while the transactions are read sequentially. Every deeper level is a real conditional
/// FP-tree: one pass over the paths above an item's nodes counts the items on them, a second inserts their frequent
/// items (child lookup through an open-addressing hash on (parent, item), skipped once a path has left the existing
/// tree). Local items keep the order of the parent tree, so paths never need re-sorting. A conditional tree that is
/// a single path yields all combinations of its nodes directly. Tree arrays are pooled per recursion depth and all
/// scratch is reused, so mining allocates only while the pools grow.</para>
/// <para>Itemsets go to an <see cref="IItemsetVisitor"/> as they are found; <see cref="FindFrequentItemsets"/> keeps
/// them and <see cref="CountFrequentItemsets"/> only counts them.</para>
/// </remarks>
internal static class FpGrowth
{
    /// <summary>Frequent itemsets with support of at least <paramref name="minSupport"/> (a share of all transactions, exact; see <see cref="SupportThreshold.ToCount"/>).</summary>
    /// <param name="maxLength">Longest itemset to find (at least 1).</param>
    public static FrequentItemsets FindFrequentItemsets(
        TransactionSet transactions,
        decimal minSupport,
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
        decimal minSupport,
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

        // The transactions as ascending distinct ranks, and where each rank occurs in them.
        private int[] _ranked = [];
        private int[] _occurrenceStart = [];
        private int[] _occurrenceTransactionStart = [];
        private int[] _occurrencePosition = [];

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
            var rankOf = lastSeen;
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

            // 4. Where each rank occurs: the start of the transaction and the rank's own position. The prefix before that
            // position (the more frequent items of the transaction) is the rank's prefix path in an FP-tree of the
            // transactions. Reading these in place is the first level of FP-Growth without building the first tree:
            // on sparse data that tree hardly compresses, and walking it costs a cache miss per node.
            _ranked = ranked;
            _occurrenceStart = new int[frequentCount + 1];
            for (var g = 0; g < used; g++)
            {
                _occurrenceStart[ranked[g] + 1]++;
            }

            for (var r = 1; r <= frequentCount; r++)
            {
                _occurrenceStart[r] += _occurrenceStart[r - 1];
            }

            _occurrenceTransactionStart = new int[used];
            _occurrencePosition = new int[used];
            var cursor = _occurrenceStart.AsSpan(0, frequentCount).ToArray();
            for (var t = 0; t < transactionCount; t++)
            {
                for (var g = rankedOffsets[t]; g < rankedOffsets[t + 1]; g++)
                {
                    var k = cursor[ranked[g]]++;
                    _occurrenceTransactionStart[k] = rankedOffsets[t];
                    _occurrencePosition[k] = g;
                }
            }

            _itemCount = new int[frequentCount];
            _touched = new int[frequentCount];
            _localMap = new int[frequentCount];
            _frequent = new int[frequentCount];

            var top = TreeAt(0);
            top.Reset(1, frequentCount);
            for (var r = 0; r < frequentCount; r++)
            {
                top.ItemRank[r] = r;
                top.ItemSupport[r] = supports[_rankToItem[r]];
            }

            for (var j = frequentCount - 1; j >= 0; j--)
            {
                Push(top, j);
                _visitor.Visit(_prefix.AsSpan(0, _prefixLength), top.ItemSupport[j]);
                if (_prefixLength < maxLength && j > 0)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    var conditional = TreeAt(1);
                    if (BuildFromTransactions(top, j, conditional))
                    {
                        MineConditional(conditional, 1);
                    }
                }

                _prefixLength--;
            }

            return supports;
        }

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

        private void MineConditional(Tree tree, int depth)
        {
            if (tree.IsSinglePath())
            {
                EmitSinglePath(tree, tree.Size, -1);
            }
            else
            {
                MineTree(tree, depth);
            }
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
                        MineConditional(conditional, depth + 1);
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

        /// <summary>The conditional tree of rank <paramref name="rank"/> from the transactions (first level); false when it is empty.</summary>
        private bool BuildFromTransactions(Tree top, int rank, Tree conditional)
        {
            var ranked = _ranked;
            var itemCount = _itemCount;
            var touched = _touched;
            var touchedCount = 0;
            var first = _occurrenceStart[rank];
            var last = _occurrenceStart[rank + 1];

            // Pass 1: count the items on the prefix paths.
            for (var k = first; k < last; k++)
            {
                var end = _occurrencePosition[k];
                for (var g = _occurrenceTransactionStart[k]; g < end; g++)
                {
                    var it = ranked[g];
                    if (itemCount[it]++ == 0)
                    {
                        touched[touchedCount++] = it;
                    }
                }
            }

            if (!SelectFrequent(top, touchedCount, long.MaxValue, conditional, out var maxNodes))
            {
                return false;
            }

            // Pass 2: insert the frequent part of each path, root-down.
            PrepareChildTable(maxNodes);
            var localMap = _localMap;
            for (var k = first; k < last; k++)
            {
                var node = 0;
                var fresh = false;
                var end = _occurrencePosition[k];
                for (var g = _occurrenceTransactionStart[k]; g < end; g++)
                {
                    var local = localMap[ranked[g]];
                    if (local >= 0)
                    {
                        node = Step(conditional, node, local, 1, ref fresh);
                    }
                }
            }

            conditional.BuildHeader();
            return true;
        }

        /// <summary>Builds the conditional tree of local item <paramref name="item"/> of <paramref name="tree"/>; false when it is empty.</summary>
        private bool BuildConditional(Tree tree, int item, Tree conditional)
        {
            var nodeItems = tree.NodeItems;
            var nodeCounts = tree.NodeCounts;
            var nodeParents = tree.NodeParents;
            var itemCount = _itemCount;
            var touched = _touched;
            var touchedCount = 0;

            // Pass 1: the prefix paths (bottom-up) and the item counts on them.
            var pathLength = 0;
            var paths = 0;
            for (var h = tree.HeadStart[item]; h < tree.HeadStart[item + 1]; h++)
            {
                var node = tree.HeadNodes[h];
                var count = nodeCounts[node];
                var start = pathLength;
                for (var p = nodeParents[node]; p != 0; p = nodeParents[p])
                {
                    var it = nodeItems[p];
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

            if (!SelectFrequent(tree, touchedCount, pathLength, conditional, out var maxNodes))
            {
                return false;
            }

            // Pass 2: insert the frequent part of each path, root-down.
            PrepareChildTable(maxNodes);
            var localMap = _localMap;
            var pathItems = _pathItems;
            var pathStart = 0;
            for (var q = 0; q < paths; q++)
            {
                var count = _pathCounts[q];
                var end = _pathEnds[q];
                var node = 0;
                var fresh = false;
                for (var i = end - 1; i >= pathStart; i--)
                {
                    var local = localMap[pathItems[i]];
                    if (local >= 0)
                    {
                        node = Step(conditional, node, local, count, ref fresh);
                    }
                }

                pathStart = end;
            }

            conditional.BuildHeader();
            return true;
        }

        /// <summary>
        /// Picks the touched items of <paramref name="tree"/> whose counts reach the minimum support as the local items of
        /// <paramref name="conditional"/> (keeping their order), sets <see cref="_localMap"/> for every touched item
        /// (-1 = infrequent), clears the counts and resets the conditional tree. False when no item is frequent.
        /// </summary>
        private bool SelectFrequent(Tree tree, int touchedCount, long pathLength, Tree conditional, out int maxNodes)
        {
            var itemCount = _itemCount;
            var touched = _touched;
            var frequent = _frequent;
            var frequentCount = 0;
            maxNodes = 1;
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
                    itemCount[it] = 0;
                }
            }

            if (frequentCount == 0)
            {
                return false;
            }

            var chosen = frequent.AsSpan(0, frequentCount);
            chosen.Sort();

            // At most one new node per occurrence of a frequent item on the paths; the counts are weighted by node counts,
            // so they bound the occurrences from above, and so does the total path length.
            long occurrences = 0;
            for (var i = 0; i < chosen.Length; i++)
            {
                occurrences += itemCount[chosen[i]];
            }

            maxNodes = (int)Math.Min(occurrences, pathLength) + 1;
            conditional.Reset(maxNodes, frequentCount);
            for (var i = 0; i < chosen.Length; i++)
            {
                var it = chosen[i];
                _localMap[it] = i;
                conditional.ItemRank[i] = tree.ItemRank[it];
                conditional.ItemSupport[i] = itemCount[it];
                itemCount[it] = 0;
            }

            return true;
        }

        /// <summary>Moves from <paramref name="node"/> to its child for <paramref name="local"/>, creating it if needed, and adds <paramref name="count"/>.</summary>
        private int Step(Tree conditional, int node, int local, int count, ref bool fresh)
        {
            if (!fresh)
            {
                var child = FindChild(node, local);
                if (child != 0)
                {
                    conditional.NodeCounts[child] += count;
                    return child;
                }

                // A new node has no children yet, so the rest of this path needs no lookups.
                fresh = true;
            }

            var added = conditional.AddNode(node, local, count);
            AddChild(node, local, added);
            return added;
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
}
