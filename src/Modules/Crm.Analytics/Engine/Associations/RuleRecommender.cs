namespace Crm.Analytics.Engine.Associations;

/// <summary>A product recommended to a customer and the rule that recommends it.</summary>
/// <param name="Item">The recommended item (the rule's consequent).</param>
/// <param name="Rule">Index of the rule in the <see cref="AssociationRuleSet"/>.</param>
internal readonly record struct ProductRecommendation(int Item, int Rule, double Lift, double Confidence, double Support);

/// <summary>
/// Product recommendations for a customer from association rules: the consequents of the rules whose whole antecedent
/// the customer has bought and whose consequent they have not, ranked by lift, then confidence, then support, then rule
/// index. An item recommended by several rules appears once, with its best rule in that order. Rules with an empty
/// antecedent (<c>{} ⇒ {y}</c>: y is popular) are left out: they say nothing about what this customer bought.
/// Thread-safe: the rule order is computed once and each call uses its own buffers.
/// </summary>
internal sealed class RuleRecommender
{
    private readonly AssociationRuleSet _rules;
    private readonly int[] _order;

    public RuleRecommender(AssociationRuleSet rules)
    {
        ArgumentNullException.ThrowIfNull(rules);
        _rules = rules;
        _order = rules.OrderByLift();
    }

    /// <summary>Up to <paramref name="maxCount"/> recommendations for a customer who has bought <paramref name="boughtItems"/> (item ids; repeats are fine).</summary>
    public IReadOnlyList<ProductRecommendation> Recommend(ReadOnlySpan<int> boughtItems, int maxCount)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxCount);
        var result = new List<ProductRecommendation>(Math.Min(maxCount, 16));
        if (maxCount == 0 || _rules.Count == 0)
        {
            return result;
        }

        // 0 = neither, 1 = bought, 2 = already recommended.
        var state = new byte[_rules.ItemNames.Count];
        foreach (var item in boughtItems)
        {
            if ((uint)item >= (uint)state.Length)
            {
                throw new ArgumentOutOfRangeException(nameof(boughtItems), item, "Not an item id of the rules' transactions.");
            }

            state[item] = 1;
        }

        foreach (var r in _order)
        {
            var consequent = _rules.Consequents[r];
            if (state[consequent] != 0 || _rules.AntecedentOffsets[r] == _rules.AntecedentOffsets[r + 1])
            {
                continue;
            }

            var applies = true;
            foreach (var item in _rules.Antecedent(r))
            {
                if (state[item] != 1)
                {
                    applies = false;
                    break;
                }
            }

            if (!applies)
            {
                continue;
            }

            state[consequent] = 2;
            result.Add(new ProductRecommendation(consequent, r, _rules.Lift[r], _rules.Confidence[r], _rules.Support(r)));
            if (result.Count == maxCount)
            {
                break;
            }
        }

        return result;
    }
}
