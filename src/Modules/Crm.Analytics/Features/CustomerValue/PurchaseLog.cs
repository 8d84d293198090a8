using Crm.Analytics.Contracts;
using Crm.Sales.Contracts;

namespace Crm.Analytics.Features.CustomerValue;

/// <summary>
/// The purchase orders of a period as the engine wants them, read in one pass from <see cref="ISalesHistory"/>:
/// per order the customer's dense index (0..n-1 in ascending customer id order), its UTC day and amount; per customer the
/// id, last purchase day, number of orders, exact revenue and cost of goods, and whether that cost is known.
/// </summary>
internal sealed class PurchaseLog
{
    private const int ProgressEvery = 100_000;

    private PurchaseLog()
    {
    }

    /// <summary>Customer ids by dense index, ascending.</summary>
    public long[] CustomerIds { get; private set; } = [];

    /// <summary>Dense customer index of each order.</summary>
    public int[] OrderCustomer { get; private set; } = [];

    /// <summary>UTC day of each order as <see cref="DateOnly.DayNumber"/>.</summary>
    public int[] OrderDay { get; private set; } = [];

    /// <summary>Purchase amount of each order.</summary>
    public double[] OrderAmount { get; private set; } = [];

    /// <summary>Last purchase day of each customer.</summary>
    public int[] LastDay { get; private set; } = [];

    /// <summary>Purchase orders of each customer.</summary>
    public int[] Orders { get; private set; } = [];

    /// <summary>Sum of the purchase amounts of each customer (exact).</summary>
    public decimal[] Revenue { get; private set; } = [];

    /// <summary>Cost of goods of each customer; meaningful only where <see cref="CostKnown"/>.</summary>
    public decimal[] Cost { get; private set; } = [];

    /// <summary>
    /// Per customer: true when the cost of goods of every one of their purchase orders is known. A product without a unit
    /// cost makes only its buyers' profit unknown, not everybody's.
    /// </summary>
    public bool[] CostKnown { get; private set; } = [];

    /// <summary>Customers whose cost of goods is known (see <see cref="CostKnown"/>).</summary>
    public int CustomersWithCost { get; private set; }

    public int CustomerCount => CustomerIds.Length;

    public int OrderCount => OrderDay.Length;

    /// <summary>Reads the purchase orders of days up to and including <paramref name="lastDay"/> (all when null).</summary>
    public static async Task<PurchaseLog> ReadAsync(
        ISalesHistory history, DateOnly? lastDay, IProgress<AnalyticsProgress>? progress, CancellationToken cancellationToken)
    {
        DateTime? before = lastDay is { } day ? day.AddDays(1).ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc) : null;
        var orderCustomer = new Buffer<int>();
        var orderDay = new Buffer<int>();
        var orderAmount = new Buffer<double>();
        var customerIds = new Buffer<long>();
        var lastDays = new Buffer<int>();
        var orders = new Buffer<int>();
        var revenue = new Buffer<decimal>();
        var cost = new Buffer<decimal>();
        var costKnown = new Buffer<bool>();
        long previous = long.MinValue;
        var customer = -1;
        long read = 0;
        progress?.Report(new AnalyticsProgress("Reading purchase orders", 0, null));
        await foreach (var purchase in history.StreamPurchasesAsync(before, cancellationToken).WithCancellation(cancellationToken))
        {
            if (purchase.CustomerId != previous)
            {
                if (purchase.CustomerId < previous)
                {
                    throw new InvalidOperationException("The sales history must stream purchases ordered by customer id.");
                }

                previous = purchase.CustomerId;
                customer++;
                customerIds.Add(purchase.CustomerId);
                lastDays.Add(int.MinValue);
                orders.Add(0);
                revenue.Add(0);
                cost.Add(0);
                costKnown.Add(true);
            }

            var dayNumber = DateOnly.FromDateTime(purchase.OrderedAtUtc).DayNumber;
            orderCustomer.Add(customer);
            orderDay.Add(dayNumber);
            orderAmount.Add((double)purchase.PurchaseAmount);
            ref var last = ref lastDays.Last;
            last = Math.Max(last, dayNumber);
            orders.Last++;
            revenue.Last += purchase.PurchaseAmount;
            if (purchase.PurchaseCost is { } c)
            {
                cost.Last += c;
            }
            else
            {
                costKnown.Last = false;
            }

            if (++read % ProgressEvery == 0)
            {
                progress?.Report(new AnalyticsProgress("Reading purchase orders", read, null));
            }
        }

        progress?.Report(new AnalyticsProgress("Reading purchase orders", read, read));
        var known = costKnown.ToArray();
        return new PurchaseLog
        {
            CustomerIds = customerIds.ToArray(),
            OrderCustomer = orderCustomer.ToArray(),
            OrderDay = orderDay.ToArray(),
            OrderAmount = orderAmount.ToArray(),
            LastDay = lastDays.ToArray(),
            Orders = orders.ToArray(),
            Revenue = revenue.ToArray(),
            Cost = cost.ToArray(),
            CostKnown = known,
            CustomersWithCost = known.Count(k => k),
        };
    }

    /// <summary>A growable array that hands out its backing array without a copy when full.</summary>
    private sealed class Buffer<T>
    {
        private T[] items = new T[1024];
        private int count;

        public ref T Last => ref items[count - 1];

        public void Add(T item)
        {
            if (count == items.Length)
            {
                Array.Resize(ref items, items.Length * 2);
            }

            items[count++] = item;
        }

        public T[] ToArray() => count == items.Length ? items : items.AsSpan(0, count).ToArray();
    }
}
