using Crm.Analytics.Engine.Lifetime;
using Crm.Analytics.Features.Shared;

namespace Crm.Analytics.Tests.Features;

/// <summary>The one rule that explains a customer's P(alive) and CLV in plain words, from their own purchase days.</summary>
public sealed class AliveExplanationTests
{
    private static readonly DateOnly AsOf = new(2026, 6, 30);

    // The published BG/NBD fit on the CDNOW sample (Fader, Hardie & Lee 2005), in weeks.
    private static readonly BgNbdParameters Cdnow = new(0.243, 4.414, 0.793, 2.426);

    private static double PAlive(int x, double txDays, double tDays) =>
        BgNbdModel.ProbabilityAlive(Cdnow, CalibrationSummary.FromArrays([x], [txDays / 7], [tDays / 7]))[0];

    [Fact]
    public void One_order_so_far_says_the_estimate_comes_from_similar_customers()
    {
        // x = 0: BG/NBD gives P(alive) = 1 whatever the silence, and the CLV is the average customer's.
        var p = PAlive(0, 0, 400);
        var why = AliveExplanation.For(p, 0, 1, AsOf.AddDays(-400), AsOf.AddDays(-400), AsOf)!;

        Assert.Equal(1.0, p, 12);
        Assert.Equal(AliveReason.OneOrderSoFar, why.Code);
        Assert.StartsWith("One order so far: the estimate comes from similar customers.", why.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Several_orders_on_one_day_are_still_no_repeat_buying()
    {
        var why = AliveExplanation.For(1.0, 0, 3, AsOf.AddDays(-20), AsOf.AddDays(-20), AsOf)!;

        Assert.Equal(AliveReason.OneOrderSoFar, why.Code);
        Assert.StartsWith("3 orders so far, all on one day:", why.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void A_frequent_buyer_silent_for_many_usual_gaps_is_a_long_silence_however_loyal()
    {
        // 40 purchase days a week apart (x = 39 over 273 days), then 120 days of silence: the model gives about 0%.
        var first = AsOf.AddDays(-393);
        var last = AsOf.AddDays(-120);
        var p = PAlive(39, 273, 393);
        var why = AliveExplanation.For(p, 39, 40, first, last, AsOf)!;

        Assert.True(p < 0.01, p.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(AliveReason.LongSilence, why.Code);
        Assert.Equal(
            "Long silence after frequent buying: nothing for 120 days after buying about every 7 days, so the model thinks this customer has probably stopped.",
            why.Text);
    }

    [Fact]
    public void A_customer_within_their_usual_gap_buys_regularly_and_recently()
    {
        // 10 purchase days 30 days apart, the last 20 days ago.
        var p = PAlive(9, 270, 290);
        var why = AliveExplanation.For(p, 9, 10, AsOf.AddDays(-290), AsOf.AddDays(-20), AsOf)!;

        Assert.True(p > 0.8, p.ToString(System.Globalization.CultureInfo.InvariantCulture)); // about 88%
        Assert.Equal(AliveReason.BuysRegularly, why.Code);
        Assert.Equal("Buys regularly and recently: about every 30 days, last 20 days ago.", why.Text);
    }

    [Fact]
    public void A_quiet_spell_the_model_still_forgives_is_quieter_than_usual()
    {
        // Two purchase days 10 days apart, then 40 days: four usual gaps, yet with so little history P(alive) stays high.
        var p = PAlive(1, 10, 50);
        var why = AliveExplanation.For(p, 1, 2, AsOf.AddDays(-50), AsOf.AddDays(-40), AsOf)!;

        Assert.True(p >= AliveExplanation.LikelyActive, p.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(AliveReason.QuieterThanUsual, why.Code);
        Assert.Contains("nothing for 40 days after buying about every 10 days", why.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void A_low_p_alive_without_a_long_silence_is_put_down_to_few_repeat_purchases()
    {
        var why = AliveExplanation.For(0.3, 1, 2, AsOf.AddDays(-40), AsOf.AddDays(-10), AsOf)!;

        Assert.Equal(AliveReason.FewRepeatPurchases, why.Code);
        Assert.Contains("only 10 days ago", why.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Without_a_p_alive_there_is_nothing_to_explain() =>
        Assert.Null(AliveExplanation.For(null, 3, 4, AsOf.AddDays(-100), AsOf.AddDays(-10), AsOf));
}
