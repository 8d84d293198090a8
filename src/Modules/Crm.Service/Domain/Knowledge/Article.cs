using System.Globalization;
using System.Text;
using Crm.Kernel.Auditing;
using Crm.Kernel.Errors;
using Crm.Service.Contracts;

namespace Crm.Service.Domain.Knowledge;

/// <summary>
/// A knowledge-base article: a working copy (title, Markdown body, category, tags, visibility) that writers edit, and the
/// immutable revisions published from it. Publishing copies the working copy into revision 1, 2, ...; what readers and the
/// public help page see is always the latest revision, never the working copy. The slug is fixed when the article is
/// created, so links in sent replies keep working whatever the title becomes.
/// </summary>
internal sealed class Article : AuditableEntity
{
    public const int MaxTitleLength = 200;
    public const int MaxBodyLength = 50_000;
    public const int MaxCategoryLength = 100;
    public const int MaxTags = 10;
    public const int MaxTagLength = 40;
    public const int MaxSlugLength = 120;

    public long Id { get; private set; }

    public string Slug { get; private set; } = "";

    public string Title { get; private set; } = "";

    public string Body { get; private set; } = "";

    public string? Category { get; private set; }

    /// <summary>Tags joined by '|'.</summary>
    public string Tags { get; private set; } = "";

    public ArticleVisibility Visibility { get; private set; }

    /// <summary>The number of the latest published revision; 0 while the article was never published.</summary>
    public int PublishedRevision { get; private set; }

    /// <summary>The visibility of the latest published revision (what readers and the help page go by).</summary>
    public ArticleVisibility? PublishedVisibility { get; private set; }

    public string? PublishedTitle { get; private set; }

    /// <summary>
    /// The category and tags of the latest published revision: readers list and filter by these, never by the working copy's,
    /// so an unpublished edit (even one making the article Internal) shows nowhere before it is published.
    /// </summary>
    public string? PublishedCategory { get; private set; }

    /// <summary>The latest published revision's tags joined by '|' ("" while never published).</summary>
    public string PublishedTags { get; private set; } = "";

    public DateTime? PublishedAtUtc { get; private set; }

    /// <summary>The working copy differs from the latest revision (or was never published).</summary>
    public bool HasUnpublishedChanges { get; private set; }

    public List<ArticleRevision> Revisions { get; } = [];

    /// <summary>The search index of this article: the words of the working copy and of the latest revision.</summary>
    public List<ArticleWord> Words { get; } = [];

    public ArticleStatus Status => PublishedRevision == 0 ? ArticleStatus.Draft : ArticleStatus.Published;

    public IReadOnlyList<string> TagList => Split(Tags);

    public IReadOnlyList<string> PublishedTagList => Split(PublishedTags);

    public static Article Draft(ArticleContent content, string slug) => new Article { Slug = slug }.Apply(content);

    /// <summary>Changes the working copy. A published article keeps its revisions as they were until the next publish.</summary>
    public bool Edit(ArticleContent content)
    {
        var before = (Title, Body, Category, Tags, Visibility);
        Apply(content);
        return before != (Title, Body, Category, Tags, Visibility);
    }

    /// <summary>
    /// Publishes the working copy as the next revision. Refused (a conflict) when nothing changed since the latest revision,
    /// so every revision says something new.
    /// </summary>
    public ArticleRevision Publish(string actorId, DateTime nowUtc)
    {
        if (!HasUnpublishedChanges)
        {
            throw new ConflictException($"Revision {PublishedRevision} already says this: edit the article before publishing again.");
        }

        var revision = ArticleRevision.Of(this, PublishedRevision + 1, actorId, nowUtc);
        Revisions.Add(revision);
        PublishedRevision = revision.Number;
        PublishedVisibility = Visibility;
        PublishedTitle = Title;
        PublishedCategory = Category;
        PublishedTags = Tags;
        PublishedAtUtc = nowUtc;
        HasUnpublishedChanges = false;
        IndexWords(ArticleWord.PublishedScope, SearchWords.Of(Title, Body, Category, Tags.Replace('|', ' ')));
        return revision;
    }

    /// <summary>Whether someone with these rights may read the published article: the public anything public, readers every published one.</summary>
    public static bool Readable(ArticleVisibility? publishedVisibility, bool internalReader) =>
        publishedVisibility == ArticleVisibility.Public || (internalReader && publishedVisibility is not null);

    /// <summary>A slug from a title: lower-case ASCII letters and digits joined by single hyphens ("article" for none).</summary>
    public static string SlugOf(string title)
    {
        var builder = new StringBuilder();
        foreach (var c in title.Normalize(NormalizationForm.FormD))
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark)
            {
                continue;
            }

            var lower = char.ToLowerInvariant(c);
            if (lower is >= 'a' and <= 'z' or >= '0' and <= '9')
            {
                builder.Append(lower);
            }
            else if (builder.Length > 0 && builder[^1] != '-')
            {
                builder.Append('-');
            }
        }

        var slug = builder.ToString().Trim('-');
        if (slug.Length > MaxSlugLength - 8)
        {
            slug = slug[..(MaxSlugLength - 8)].TrimEnd('-');
        }

        return slug.Length == 0 ? "article" : slug;
    }

    private static IReadOnlyList<string> Split(string tags) => tags.Length == 0 ? [] : tags.Split('|');

    private Article Apply(ArticleContent content)
    {
        Title = content.Title;
        Body = content.Body;
        Category = content.Category;
        Tags = string.Join('|', content.Tags);
        Visibility = content.Visibility;
        // Revisions must be loaded to tell; without them the working copy counts as changed (publishing then says so).
        HasUnpublishedChanges = Revisions.MaxBy(r => r.Number) is not { } latest || latest.Number != PublishedRevision || !latest.Says(this);
        IndexWords(ArticleWord.WorkingScope, SearchWords.Of(Title, Body, Category, Tags.Replace('|', ' ')));
        return this;
    }

    /// <summary>Makes the stored words of a scope these: removes the ones gone, adds the new ones (the rest stay untouched).</summary>
    private void IndexWords(char scope, IReadOnlyList<string> words)
    {
        var wanted = words.ToHashSet(StringComparer.Ordinal);
        Words.RemoveAll(w => w.Scope == scope && !wanted.Contains(w.Word));
        var have = Words.Where(w => w.Scope == scope).Select(w => w.Word).ToHashSet(StringComparer.Ordinal);
        Words.AddRange(words.Where(w => !have.Contains(w)).Select(w => ArticleWord.Of(Id, scope, w)));
    }
}

/// <summary>The editable part of an article, already trimmed and checked.</summary>
internal sealed record ArticleContent(string Title, string Body, string? Category, IReadOnlyList<string> Tags, ArticleVisibility Visibility);
