using Crm.Kernel.Api;

namespace Crm.Service.Contracts;

/// <summary>Who may read an article once it is published.</summary>
public enum ArticleVisibility
{
    /// <summary>Staff only: agents, reps, managers.</summary>
    Internal,

    /// <summary>Also the public help page and anyone over the API without a key.</summary>
    Public,
}

/// <summary>Draft: never published. Published: at least one revision is published (the working copy may have changes since).</summary>
public enum ArticleStatus
{
    Draft,
    Published,
}

/// <summary>How the article list can be sorted.</summary>
public enum ArticleSort
{
    Updated,
    Title,
    Published,
}

/// <summary>An article as a writer creates it or changes its working copy. The body is Markdown.</summary>
public sealed record ArticleInput
{
    public string? Title { get; init; }

    /// <summary>Markdown. Raw HTML is allowed but sanitised when shown: no scripts, event handlers, styles or javascript:/data: links.</summary>
    public string? Body { get; init; }

    /// <summary>Free text such as "Orders", "Delivery", "Account".</summary>
    public string? Category { get; init; }

    public IReadOnlyList<string> Tags { get; init; } = [];

    /// <summary>Defaults to Internal.</summary>
    public ArticleVisibility? Visibility { get; init; }
}

/// <summary>A row of the article list. For readers title, category, tags and visibility are those of the latest published revision.</summary>
public sealed record ArticleListItem(
    long Id, string Slug, string Title, string? Category, IReadOnlyList<string> Tags, ArticleVisibility Visibility, ArticleStatus Status,
    int PublishedRevision, bool HasUnpublishedChanges, DateTime? PublishedAtUtc, DateTime ModifiedAtUtc);

/// <summary>One published revision: who published it when (the text is read with the revision's number).</summary>
public sealed record ArticleRevisionSummary(int Number, string Title, ArticleVisibility Visibility, string PublishedBy, string? PublishedByName, DateTime PublishedAtUtc);

/// <summary>
/// An article as the caller may see it. Writers get the working copy (<see cref="Title"/>, <see cref="Body"/>...) and the
/// revisions; readers and the public get the latest published revision only (<see cref="Revision"/> is its number).
/// <see cref="Html"/> is the body rendered and sanitised. <see cref="Version"/> is the ETag for If-Match on updates.
/// </summary>
public sealed record ArticleDetails(
    long Id,
    string Slug,
    string Title,
    string Body,
    string Html,
    string? Category,
    IReadOnlyList<string> Tags,
    ArticleVisibility Visibility,
    ArticleStatus Status,
    int Revision,
    int PublishedRevision,
    bool HasUnpublishedChanges,
    DateTime? PublishedAtUtc,
    string? PublishedByName,
    DateTime ModifiedAtUtc,
    IReadOnlyList<ArticleRevisionSummary> Revisions,
    Guid Version) : IVersioned;

/// <summary>One revision's text as it was published.</summary>
public sealed record ArticleRevisionDetails(
    long ArticleId, string Slug, int Number, string Title, string Body, string Html, string? Category, IReadOnlyList<string> Tags,
    ArticleVisibility Visibility, string PublishedBy, string? PublishedByName, DateTime PublishedAtUtc);

/// <summary>An article suggested for a case: its latest published revision, to quote as a link or as text.</summary>
public sealed record ArticleSuggestion(long Id, string Slug, string Title, int Revision, ArticleVisibility Visibility, string Body);

/// <summary>What an agent inserts into a reply from an article: the text to add and the article revision it quotes.</summary>
public sealed record ArticleQuote(long ArticleId, int Revision, string Title, string Text);
