using Crm.Service.Contracts;

namespace Crm.Service.Domain.Knowledge;

/// <summary>
/// One published revision of an article: what was published, by whom and when. Immutable: it has no method that changes
/// it, and nothing but <see cref="Article.Publish"/> creates one.
/// A case reply that quoted an article names the revision, so what the customer was told stays readable.
/// </summary>
internal sealed class ArticleRevision
{
    public long Id { get; private set; }

    public long ArticleId { get; private set; }

    public int Number { get; private set; }

    public string Title { get; private set; } = "";

    public string Body { get; private set; } = "";

    public string? Category { get; private set; }

    public string Tags { get; private set; } = "";

    public ArticleVisibility Visibility { get; private set; }

    public string PublishedBy { get; private set; } = "";

    public DateTime PublishedAtUtc { get; private set; }

    public static ArticleRevision Of(Article article, int number, string actorId, DateTime nowUtc) => new()
    {
        ArticleId = article.Id,
        Number = number,
        Title = article.Title,
        Body = article.Body,
        Category = article.Category,
        Tags = article.Tags,
        Visibility = article.Visibility,
        PublishedBy = actorId,
        PublishedAtUtc = nowUtc,
    };

    /// <summary>The revision says what the article's working copy says.</summary>
    public bool Says(Article article) =>
        Title == article.Title && Body == article.Body && Category == article.Category && Tags == article.Tags && Visibility == article.Visibility;
}
