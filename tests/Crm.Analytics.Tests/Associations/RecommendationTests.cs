using Crm.Analytics.Engine.Associations;

namespace Crm.Analytics.Tests.Associations;

public sealed class RecommendationTests
{
    // 10 baskets: beer goes with chips (lift 2), bread with butter (lift 2.5), milk is everywhere.
    private static readonly TransactionSet Shop = TransactionSet.FromBaskets(
    [
        ["beer", "chips", "milk"],
        ["beer", "chips", "milk"],
        ["beer", "chips"],
        ["beer", "chips"],
        ["bread", "butter", "milk"],
        ["bread", "butter", "milk"],
        ["bread", "butter", "milk"],
        ["bread", "butter", "milk"],
        ["chips", "milk"],
        ["milk"],
    ]);

    private static int Id(string name) => Shop.ItemNames.ToList().IndexOf(name);

    private static string[] Names(IEnumerable<ProductRecommendation> recommendations) =>
        recommendations.Select(r => Shop.ItemNames[r.Item]).ToArray();

    [Fact]
    public void A_customer_is_recommended_the_consequents_of_rules_whose_antecedents_they_bought()
    {
        var rules = AssociationRules.Generate(FpGrowth.FindFrequentItemsets(Shop, 2), 0.5m);
        var recommender = new RuleRecommender(rules);

        var forBreadBuyer = recommender.Recommend([Id("bread")], 10);

        Assert.Equal(["butter", "milk"], Names(forBreadBuyer));
        Assert.Equal(2.5, forBreadBuyer[0].Lift, 12);
        Assert.Equal(1.0, forBreadBuyer[0].Confidence, 12);
        Assert.Equal("{bread} => {butter}", rules.Describe(forBreadBuyer[0].Rule));
    }

    [Fact]
    public void Products_already_bought_are_never_recommended()
    {
        var recommender = new RuleRecommender(AssociationRules.Generate(FpGrowth.FindFrequentItemsets(Shop, 2), 0.5m));

        var recommendations = recommender.Recommend([Id("bread"), Id("butter"), Id("milk")], 10);

        Assert.Empty(recommendations);
    }

    [Fact]
    public void Recommendations_are_ranked_by_lift_then_confidence_with_each_product_once()
    {
        var rules = AssociationRules.Generate(FpGrowth.FindFrequentItemsets(Shop, 2), 0.3m);
        var recommender = new RuleRecommender(rules);

        var recommendations = recommender.Recommend([Id("beer"), Id("bread")], 10);

        Assert.Equal(recommendations.Select(r => r.Item).Distinct().Count(), recommendations.Count);
        for (var i = 1; i < recommendations.Count; i++)
        {
            var (previous, current) = (recommendations[i - 1], recommendations[i]);
            Assert.True(previous.Lift > current.Lift || (previous.Lift == current.Lift && previous.Confidence >= current.Confidence));
        }

        Assert.Equal("butter", Shop.ItemNames[recommendations[0].Item]); // lift 2.5 beats chips' 2
        Assert.Contains("chips", Names(recommendations));
    }

    [Fact]
    public void Only_rules_whose_whole_antecedent_was_bought_apply()
    {
        var rules = AssociationRules.Generate(FpGrowth.FindFrequentItemsets(Shop, 2), 0.5m);
        var recommender = new RuleRecommender(rules);

        var recommendations = recommender.Recommend([Id("milk")], 10);

        foreach (var recommendation in recommendations)
        {
            foreach (var item in rules.Antecedent(recommendation.Rule))
            {
                Assert.Equal(Id("milk"), item);
            }
        }
    }

    [Fact]
    public void The_number_of_recommendations_is_capped()
    {
        var recommender = new RuleRecommender(AssociationRules.Generate(FpGrowth.FindFrequentItemsets(Shop, 2), 0.3m));

        Assert.Single(recommender.Recommend([Id("beer"), Id("bread")], 1));
        Assert.Empty(recommender.Recommend([Id("beer")], 0));
    }

    [Fact]
    public void Customers_who_bought_beer_also_bought_chips_first()
    {
        var alsoBought = AlsoBought.Build(FpGrowth.FindFrequentItemsets(Shop, 2));

        var forBeer = alsoBought.For(Id("beer")).ToArray();

        Assert.Equal("chips", Shop.ItemNames[forBeer[0].Item]);
        Assert.Equal(1.0, forBeer[0].Confidence, 12);   // all 4 beer baskets have chips
        Assert.Equal(2.0, forBeer[0].Lift, 12);         // chips are in half of all baskets
        Assert.Equal(4, forBeer[0].SupportCount);
        Assert.Equal("milk", Shop.ItemNames[forBeer[1].Item]);
        Assert.Equal(0.5, forBeer[1].Confidence, 12);
    }

    [Fact]
    public void Also_bought_is_symmetric_in_support_and_lift_but_not_in_confidence()
    {
        var alsoBought = AlsoBought.Build(FpGrowth.FindFrequentItemsets(Shop, 2));

        var chipsFromBeer = alsoBought.For(Id("beer")).ToArray().Single(e => e.Item == Id("chips"));
        var beerFromChips = alsoBought.For(Id("chips")).ToArray().Single(e => e.Item == Id("beer"));

        Assert.Equal(chipsFromBeer.SupportCount, beerFromChips.SupportCount);
        Assert.Equal(chipsFromBeer.Lift, beerFromChips.Lift, 12);
        Assert.Equal(4.0 / 5, beerFromChips.Confidence, 12);
    }

    [Fact]
    public void A_product_in_no_frequent_pair_has_an_empty_also_bought_list()
    {
        var alsoBought = AlsoBought.Build(FpGrowth.FindFrequentItemsets(Shop, 5));

        Assert.True(alsoBought.For(Id("beer")).IsEmpty);
    }
}
