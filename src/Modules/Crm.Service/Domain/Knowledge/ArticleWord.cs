namespace Crm.Service.Domain.Knowledge;

/// <summary>
/// One word of an article, the stored index that search reads on both providers: the words of the working copy
/// (<see cref="WorkingScope"/>, what writers search) and of the latest published revision (<see cref="PublishedScope"/>, what
/// readers, the help page and case suggestions search), each word once per article and scope.
/// </summary>
internal sealed class ArticleWord
{
    public const char WorkingScope = 'W';
    public const char PublishedScope = 'P';
    public const int MaxWordLength = 40;

    public long ArticleId { get; private set; }

    public char Scope { get; private set; }

    public string Word { get; private set; } = "";

    public static ArticleWord Of(long articleId, char scope, string word) => new() { ArticleId = articleId, Scope = scope, Word = word };
}
