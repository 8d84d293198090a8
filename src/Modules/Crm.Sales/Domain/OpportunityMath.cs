namespace Crm.Sales.Domain;

/// <summary>Amounts computed in C# on write (SQLite stores money as fixed-point integers, so queries only sum and sort them).</summary>
internal static class OpportunityMath
{
    public static decimal Weighted(decimal amount, int probability) =>
        decimal.Round(amount * probability / 100m, 4, MidpointRounding.AwayFromZero);

    public static decimal LineAmount(decimal quantity, decimal unitPrice) =>
        decimal.Round(quantity * unitPrice, 4, MidpointRounding.AwayFromZero);
}
