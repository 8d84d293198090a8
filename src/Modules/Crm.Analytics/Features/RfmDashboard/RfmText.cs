using System.Globalization;

namespace Crm.Analytics.Features.RfmDashboard;

/// <summary>The definitions the RFM dashboard's tooltips show.</summary>
internal static class RfmText
{
    public const string Overview =
        "RFM scores every customer who bought on or before the as-of date by Recency (days since the last purchase), Frequency " +
        "(purchase orders) and Monetary value (what they spent), each in quintiles from 1 to 5. The segment follows from R and F.";

    public const string Recency =
        "R = whole days from the customer's last purchase day to the as-of date, scored in quintiles: 5 = the most recent fifth of customers, 1 = the least recent.";

    public const string Frequency =
        "Purchase orders (sales, not returns or cancelled orders) on or before the as-of date. F scores them in quintiles: 5 = the fifth with the most orders.";

    public const string Revenue =
        "Monetary value: the sum of the purchase orders' line amounts with a positive quantity, from the first purchase up to the as-of date, over the customers counted.";

    public const string AverageOrderValue =
        "Revenue / purchase orders (the sum of the customers' frequencies) of the same customers.";

    public const string HeatMap =
        "Rows: recency score R from 5 (bought most recently) down to 1; columns: frequency score F from 1 to 5 (most orders). " +
        "Each cell shows its customers and their revenue; the colour is darker the more customers it holds. Hover a cell for its segment.";

    public const string Segments =
        "Segments from the R and F scores (the usual RFM grid): Champions R5 F4-5, Loyal R3-4 F4-5, Potential loyalist R4-5 F2-3, New R5 F1, " +
        "Promising R4 F1, Need attention R3 F3, About to sleep R3 F1-2, At risk R1-2 F3-4, Can't lose them R1-2 F5, Hibernating R1-2 F1-2 " +
        "except R1 F1, which is Lost. Click a segment for its customers.";

    public static string RecencyScore(int score) => score switch
    {
        5 => "R 5: the most recent fifth of customers (fewest days since their last purchase). " + Recency,
        1 => "R 1: the fifth whose last purchase is longest ago. " + Recency,
        _ => $"R {score.ToString(CultureInfo.InvariantCulture)}: a middle fifth by days since the last purchase. " + Recency,
    };

    public static string FrequencyScore(int score) => score switch
    {
        5 => "F 5: the fifth of customers with the most purchase orders. " + Frequency,
        1 => "F 1: the fifth with the fewest purchase orders (often a single one). " + Frequency,
        _ => $"F {score.ToString(CultureInfo.InvariantCulture)}: a middle fifth by number of purchase orders. " + Frequency,
    };

    /// <summary>What a segment means for the business.</summary>
    public static string SegmentMeaning(string segment) => segment switch
    {
        "Champions" => "Bought recently and often: the best customers.",
        "Loyal" => "Buy often and fairly recently.",
        "Potential loyalist" => "Recent customers with a few orders: could become loyal.",
        "New" => "Bought very recently for the first time (or once).",
        "Promising" => "Recent, but only one or very few orders.",
        "Need attention" => "Average recency and frequency: slipping unless engaged.",
        "About to sleep" => "Few orders and not very recent.",
        "At risk" => "Used to buy fairly often, but not for a long time.",
        "Can't lose them" => "Bought the most often, but long ago: win them back.",
        "Hibernating" => "Few orders, long ago.",
        "Lost" => "One of the fewest orders and the longest ago (R 1, F 1).",
        _ => segment + ".",
    };
}
