using System.Globalization;

namespace Crm.Analytics.Features.Shared;

/// <summary>Why the BG/NBD model gives a customer the P(alive) it does, as a code for integrations.</summary>
internal enum AliveReason
{
    /// <summary>Bought on one day only (x = 0): P(alive) is 100% by the model's definition and CLV is the average customer's.</summary>
    OneOrderSoFar,

    /// <summary>Likely active, and the silence since the last purchase is within the customer's usual gap.</summary>
    BuysRegularly,

    /// <summary>Still likely active, although the silence is longer than the customer's usual gap.</summary>
    QuieterThanUsual,

    /// <summary>Likely gone: the silence is long against the customer's usual gap (the more often they bought, the sooner).</summary>
    LongSilence,

    /// <summary>Likely gone although the silence is within the usual gap: too few repeat purchases for the model to trust.</summary>
    FewRepeatPurchases,
}

/// <summary>
/// A short, plain-language reason for a customer's P(alive) (and so their CLV), derived from their own stored figures: the
/// one place that decides it, for the value panel, the lifetime lists, the due list, the customer list and their APIs.
/// </summary>
/// <param name="Code">Which case applies.</param>
/// <param name="Text">One sentence for people, with the customer's own numbers.</param>
internal sealed record AliveExplanation(AliveReason Code, string Text)
{
    /// <summary>At or above this P(alive) the model holds the customer more likely active than not.</summary>
    public const double LikelyActive = 0.5;

    /// <summary>A silence up to this many usual gaps counts as normal (the due list's 1.5 usual intervals).</summary>
    public const double UsualGapFactor = 1.5;

    /// <summary>
    /// The explanation of <paramref name="probabilityAlive"/>, or null without one (no model fitted). BG/NBD judges a
    /// customer by x (repeat purchase days), t_x (first to last purchase day) and T (first purchase day to the as-of date):
    /// with x = 0 it has nothing to go on; otherwise the usual gap is t_x / x days and the silence T - t_x days, and a
    /// silence of many usual gaps makes a frequent buyer look gone, even one the RFM calls loyal.
    /// </summary>
    /// <param name="probabilityAlive">BG/NBD P(alive), 0 to 1.</param>
    /// <param name="repeatPurchases">x: purchase days after the first (same-day orders merged).</param>
    /// <param name="orders">Purchase orders (for the wording only).</param>
    /// <param name="firstPurchase">Day of the first purchase.</param>
    /// <param name="lastPurchase">Day of the last purchase.</param>
    /// <param name="asOf">The day the P(alive) is as of.</param>
    public static AliveExplanation? For(
        double? probabilityAlive, int repeatPurchases, int orders, DateOnly firstPurchase, DateOnly lastPurchase, DateOnly asOf)
    {
        if (probabilityAlive is not { } p)
        {
            return null;
        }

        if (repeatPurchases <= 0)
        {
            var what = orders <= 1 ? "One order so far" : Invariant($"{orders} orders so far, all on one day");
            return new(AliveReason.OneOrderSoFar,
                what + ": the estimate comes from similar customers. With no repeat purchase to judge by, the model counts " +
                "this customer as active and expects what an average customer buys.");
        }

        var gap = (lastPurchase.DayNumber - firstPurchase.DayNumber) / (double)repeatPurchases;
        var silence = Math.Max(0, asOf.DayNumber - lastPurchase.DayNumber);
        var usual = Invariant($"about every {Days(gap)}");
        var since = Invariant($"{silence:N0} day{(silence == 1 ? "" : "s")}");
        var quiet = silence > UsualGapFactor * gap;
        if (p >= LikelyActive)
        {
            return quiet
                ? new(AliveReason.QuieterThanUsual, Invariant(
                    $"Quieter than usual: nothing for {since} after buying {usual}, but the model still thinks this customer more likely buys again than not."))
                : new(AliveReason.BuysRegularly, Invariant(
                    $"Buys regularly and recently: {usual}, last {(silence == 0 ? "on the day of these figures" : since + " ago")}."));
        }

        return quiet
            ? new(AliveReason.LongSilence, Invariant(
                $"Long silence after {(repeatPurchases >= 4 ? "frequent" : "regular")} buying: nothing for {since} after buying {usual}, so the model thinks this customer has probably stopped."))
            : new(AliveReason.FewRepeatPurchases, Invariant(
                $"Few repeat purchases to judge by ({repeatPurchases:N0}): customers like this often stop, so the model thinks this one has more likely stopped, although the last purchase was only {since} ago."));
    }

    private static string Days(double days) => days < 1.5 ? "day" : Invariant($"{Math.Round(days):N0} days");

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
