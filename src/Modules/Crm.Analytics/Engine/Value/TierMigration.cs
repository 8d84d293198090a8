namespace Crm.Analytics.Engine.Value;

/// <summary>A customer whose tier dropped between the periods (including to <see cref="ValueTier.None"/>: absent afterwards).</summary>
internal readonly record struct FallenCustomer(int CustomerId, ValueTier From, ValueTier To, double ValueBefore, double ValueAfter)
{
    /// <summary>Value before minus value after (may be negative when the value grew yet the tier fell).</summary>
    public double ValueLost => ValueBefore - ValueAfter;
}

/// <summary>
/// Customers moving between tiers from one period to the next: a 5 × 5 matrix over <see cref="ValueTier"/> (None,
/// Bronze, Silver, Gold, Platinum), with the number of customers in each cell and their value in each period. Row
/// <see cref="ValueTier.None"/> holds the new customers (absent before), column None the customers gone (absent after).
/// </summary>
internal sealed class TierMigrationResult
{
    private const int Tiers = 5;
    private readonly int[] _counts;
    private readonly double[] _valueBefore;
    private readonly double[] _valueAfter;

    internal TierMigrationResult(int[] counts, double[] valueBefore, double[] valueAfter, FallenCustomer[] fallen)
    {
        _counts = counts;
        _valueBefore = valueBefore;
        _valueAfter = valueAfter;
        Fallen = fallen;
    }

    /// <summary>Customers in tier <paramref name="from"/> before and <paramref name="to"/> after.</summary>
    public int Count(ValueTier from, ValueTier to) => _counts[Cell(from, to)];

    /// <summary>Their total value in the first period (0 for new customers).</summary>
    public double ValueBefore(ValueTier from, ValueTier to) => _valueBefore[Cell(from, to)];

    /// <summary>Their total value in the second period (0 for customers gone).</summary>
    public double ValueAfter(ValueTier from, ValueTier to) => _valueAfter[Cell(from, to)];

    /// <summary>Customers whose tier fell, by descending value lost, then ascending customer id.</summary>
    public FallenCustomer[] Fallen { get; }

    private static int Cell(ValueTier from, ValueTier to)
    {
        if ((uint)from >= Tiers || (uint)to >= Tiers)
        {
            throw new ArgumentOutOfRangeException(nameof(from), $"Unknown tier {from} or {to}.");
        }

        return ((int)from * Tiers) + (int)to;
    }
}

/// <summary>Compares the tiers of two periods.</summary>
internal static class TierMigration
{
    /// <summary>
    /// Matches customers by id (ids unique within each period) and counts the moves. A customer listed with tier None
    /// counts as absent. Values are whatever the tiers were ranked by (spend or profit).
    /// </summary>
    public static TierMigrationResult Compare(
        ReadOnlySpan<int> customerIdsBefore,
        ReadOnlySpan<ValueTier> tiersBefore,
        ReadOnlySpan<double> valuesBefore,
        ReadOnlySpan<int> customerIdsAfter,
        ReadOnlySpan<ValueTier> tiersAfter,
        ReadOnlySpan<double> valuesAfter,
        CancellationToken cancellationToken)
    {
        if (tiersBefore.Length != customerIdsBefore.Length || valuesBefore.Length != customerIdsBefore.Length)
        {
            throw new ArgumentException("customerIdsBefore, tiersBefore and valuesBefore must have the same length.");
        }

        if (tiersAfter.Length != customerIdsAfter.Length || valuesAfter.Length != customerIdsAfter.Length)
        {
            throw new ArgumentException("customerIdsAfter, tiersAfter and valuesAfter must have the same length.");
        }

        var before = SortedById(customerIdsBefore, nameof(customerIdsBefore));
        var after = SortedById(customerIdsAfter, nameof(customerIdsAfter));
        cancellationToken.ThrowIfCancellationRequested();

        var counts = new int[25];
        var valueBefore = new double[25];
        var valueAfter = new double[25];
        var fallen = new List<FallenCustomer>();
        int a = 0, b = 0;
        while (a < before.Length || b < after.Length)
        {
            int id;
            ValueTier from = ValueTier.None, to = ValueTier.None;
            double vFrom = 0, vTo = 0;
            var idBefore = a < before.Length ? customerIdsBefore[before[a]] : int.MaxValue;
            var idAfter = b < after.Length ? customerIdsAfter[after[b]] : int.MaxValue;
            var takeBefore = a < before.Length && (b >= after.Length || idBefore <= idAfter);
            var takeAfter = b < after.Length && (a >= before.Length || idAfter <= idBefore);
            if (takeBefore)
            {
                id = idBefore;
                from = tiersBefore[before[a]];
                vFrom = from == ValueTier.None ? 0 : valuesBefore[before[a]];
                a++;
            }
            else
            {
                id = idAfter;
            }

            if (takeAfter)
            {
                to = tiersAfter[after[b]];
                vTo = to == ValueTier.None ? 0 : valuesAfter[after[b]];
                b++;
            }

            if (from == ValueTier.None && to == ValueTier.None)
            {
                continue;
            }

            var cell = ((int)CheckTier(from) * 5) + (int)CheckTier(to);
            counts[cell]++;
            valueBefore[cell] += vFrom;
            valueAfter[cell] += vTo;
            if (to < from)
            {
                fallen.Add(new FallenCustomer(id, from, to, vFrom, vTo));
            }
        }

        fallen.Sort(static (x, y) =>
        {
            var c = y.ValueLost.CompareTo(x.ValueLost);
            return c != 0 ? c : x.CustomerId.CompareTo(y.CustomerId);
        });
        return new TierMigrationResult(counts, valueBefore, valueAfter, [.. fallen]);
    }

    /// <summary>The same comparison from two rankings and the customer ids of their positions.</summary>
    public static TierMigrationResult Compare(
        ReadOnlySpan<int> customerIdsBefore,
        ValueRanking before,
        ReadOnlySpan<int> customerIdsAfter,
        ValueRanking after,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(before);
        ArgumentNullException.ThrowIfNull(after);
        return Compare(customerIdsBefore, before.Tiers, before.Values, customerIdsAfter, after.Tiers, after.Values, cancellationToken);
    }

    private static ValueTier CheckTier(ValueTier tier) =>
        tier <= ValueTier.Platinum ? tier : throw new ArgumentOutOfRangeException(nameof(tier), tier, "Unknown tier.");

    /// <summary>Positions ordered by id; throws on a repeated id.</summary>
    private static int[] SortedById(ReadOnlySpan<int> ids, string parameter)
    {
        var keys = new ulong[ids.Length];
        var order = new int[ids.Length];
        for (var i = 0; i < ids.Length; i++)
        {
            keys[i] = SortKeys.Of(ids[i]);
            order[i] = i;
        }

        SortKeys.RadixSort(keys, order, new ulong[ids.Length], new int[ids.Length]);
        for (var i = 1; i < keys.Length; i++)
        {
            if (keys[i] == keys[i - 1])
            {
                throw new ArgumentException($"Customer id {ids[order[i]]} appears twice.", parameter);
            }
        }

        return order;
    }
}
