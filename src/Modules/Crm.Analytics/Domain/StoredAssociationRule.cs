namespace Crm.Analytics.Domain;

/// <summary>
/// A product association rule {antecedent} => {consequent} mined by the last recompute (table <c>Analytics_Rules</c>).
/// </summary>
internal sealed class StoredAssociationRule
{
    public long Id { get; set; }

    /// <summary>The antecedent's product codes, sorted ordinally, joined by '|' and wrapped in '|' ("|A|B|") for LIKE filters.</summary>
    public string Antecedent { get; set; } = "";

    public int AntecedentSize { get; set; }

    public string Consequent { get; set; } = "";

    public double Support { get; set; }

    public int SupportCount { get; set; }

    public double Confidence { get; set; }

    public double Lift { get; set; }

    public IReadOnlyList<string> AntecedentCodes => Antecedent.Trim('|').Split('|', StringSplitOptions.RemoveEmptyEntries);

    public static string Key(IEnumerable<string> codes) => "|" + string.Join('|', codes.Order(StringComparer.Ordinal)) + "|";
}
