using System.Globalization;
using System.Text;

namespace Crm.Service.Domain.Knowledge;

/// <summary>
/// Splits text into the words search stores and looks for: lower case, accents removed, letters and digits only, at least two
/// characters, common English words left out (they match nearly every article and would only slow the search down).
/// </summary>
internal static class SearchWords
{
    private static readonly HashSet<string> StopWords = new(StringComparer.Ordinal)
    {
        "a", "an", "and", "are", "as", "at", "be", "by", "can", "do", "for", "from", "has", "have", "how", "i", "if", "in", "is",
        "it", "its", "my", "no", "not", "of", "on", "or", "our", "so", "that", "the", "their", "this", "to", "was", "we", "what",
        "when", "where", "which", "will", "with", "you", "your",
    };

    /// <summary>The distinct words of the texts, in the order they first appear.</summary>
    public static IReadOnlyList<string> Of(params string?[] texts)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var words = new List<string>();
        var builder = new StringBuilder();
        foreach (var text in texts)
        {
            if (string.IsNullOrEmpty(text))
            {
                continue;
            }

            foreach (var c in text.Normalize(NormalizationForm.FormD))
            {
                if (char.IsLetterOrDigit(c))
                {
                    builder.Append(char.ToLowerInvariant(c));
                }
                else if (CharUnicodeInfo.GetUnicodeCategory(c) != UnicodeCategory.NonSpacingMark)
                {
                    Flush(builder, seen, words);
                }
            }

            Flush(builder, seen, words);
        }

        return words;
    }

    /// <summary>
    /// The exclusive upper bound of the words starting with <paramref name="prefix"/>: the prefix with its last character
    /// raised by one, so a prefix search is a range on the word index on both providers.
    /// </summary>
    public static string UpperBound(string prefix) => prefix[..^1] + (char)(prefix[^1] + 1);

    private static void Flush(StringBuilder builder, HashSet<string> seen, List<string> words)
    {
        if (builder.Length >= 2 && builder.Length <= ArticleWord.MaxWordLength)
        {
            var word = builder.ToString();
            if (!StopWords.Contains(word) && seen.Add(word))
            {
                words.Add(word);
            }
        }

        builder.Clear();
    }
}
