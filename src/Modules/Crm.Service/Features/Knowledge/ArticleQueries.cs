using Crm.Kernel;
using Crm.Kernel.Data;
using Crm.Kernel.Errors;
using Crm.Kernel.Identity;
using Crm.Kernel.Text;
using Crm.Service.Contracts;
using Crm.Service.Domain.Knowledge;
using Microsoft.EntityFrameworkCore;

namespace Crm.Service.Features.Knowledge;

/// <summary>What the article list asks for: a search, filters, sort and page.</summary>
internal sealed record ArticleListQuery
{
    /// <summary>Words of the title, text, category or tags; every word must match the start of a word of the article.</summary>
    public string? Search { get; init; }

    public string? Category { get; init; }

    public ArticleVisibility? Visibility { get; init; }

    /// <summary>Writers only: drafts or published articles (readers see published ones only).</summary>
    public ArticleStatus? Status { get; init; }

    public ArticleSort Sort { get; init; } = ArticleSort.Updated;

    public bool Descending { get; init; } = true;

    public int Page { get; init; }

    public int PageSize { get; init; } = 25;

    /// <summary>What the public help page lists: published public articles only, whoever asks.</summary>
    public bool PublicOnly { get; init; }
}

/// <summary>
/// Reads articles for whoever asks: writers see every article's working copy, readers (SalesReps) the latest revision of every
/// published article, anyone else the latest revision of published public ones. Search reads the stored word index
/// (<see cref="ArticleWord"/>): each word of the query is a range seek on its key, on both providers.
/// </summary>
internal sealed class ArticleQueries(IDbContextFactory<CrmDbContext> contextFactory, ICurrentUser currentUser, UserDirectory users)
{
    public const int MaxPageSize = 100;
    public const int MaxSuggestions = 5;

    /// <summary>Words of a search beyond these are ignored.</summary>
    public const int MaxSearchWords = 8;

    /// <summary>A search word with fewer index rows than this is rare enough to drive the query.</summary>
    private const int DrivingLimit = 1_000;

    public async Task<PagedResult<ArticleListItem>> ListAsync(ArticleListQuery query, CancellationToken cancellationToken = default)
    {
        var writer = KnowledgeAccess.IsWriter(currentUser) && !query.PublicOnly;
        var pageSize = Math.Clamp(query.PageSize, 1, MaxPageSize);
        var page = Math.Max(0, query.Page);
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var articles = query.PublicOnly
            ? db.Set<Article>().AsNoTracking().Where(a => a.PublishedVisibility == ArticleVisibility.Public)
            : Visible(db.Set<Article>().AsNoTracking());
        var scope = writer ? ArticleWord.WorkingScope : ArticleWord.PublishedScope;
        if (await MatchingAsync(db, articles, scope, query.Search, cancellationToken) is not { } matching)
        {
            return new PagedResult<ArticleListItem>([], 0, page, pageSize);
        }

        articles = matching;
        if (Trimmed.OrNull(query.Category) is { } category)
        {
            articles = writer ? articles.Where(a => a.Category == category) : articles.Where(a => a.PublishedCategory == category);
        }

        if (query.Visibility is { } visibility)
        {
            articles = writer ? articles.Where(a => a.Visibility == visibility) : articles.Where(a => a.PublishedVisibility == visibility);
        }

        if (writer && query.Status is { } status)
        {
            articles = status == ArticleStatus.Draft ? articles.Where(a => a.PublishedRevision == 0) : articles.Where(a => a.PublishedRevision > 0);
        }

        var total = await articles.CountAsync(cancellationToken);
        articles = (query.Sort, query.Descending, writer) switch
        {
            (ArticleSort.Title, false, true) => articles.OrderBy(a => a.Title).ThenBy(a => a.Id),
            (ArticleSort.Title, true, true) => articles.OrderByDescending(a => a.Title).ThenByDescending(a => a.Id),
            (ArticleSort.Title, false, false) => articles.OrderBy(a => a.PublishedTitle).ThenBy(a => a.Id),
            (ArticleSort.Title, true, false) => articles.OrderByDescending(a => a.PublishedTitle).ThenByDescending(a => a.Id),
            (ArticleSort.Published, false, _) => articles.OrderBy(a => a.PublishedAtUtc).ThenBy(a => a.Id),
            (ArticleSort.Published, true, _) => articles.OrderByDescending(a => a.PublishedAtUtc).ThenByDescending(a => a.Id),
            (_, false, _) => articles.OrderBy(a => a.ModifiedAtUtc).ThenBy(a => a.Id),
            _ => articles.OrderByDescending(a => a.ModifiedAtUtc).ThenByDescending(a => a.Id),
        };
        var rows = await articles.Skip(Paging.Offset(page, pageSize)).Take(pageSize).ToListAsync(cancellationToken);
        var items = rows.Select(a => writer
            ? new ArticleListItem(a.Id, a.Slug, a.Title, a.Category, a.TagList, a.Visibility, a.Status, a.PublishedRevision,
                a.HasUnpublishedChanges, a.PublishedAtUtc, a.ModifiedAtUtc)
            : new ArticleListItem(a.Id, a.Slug, a.PublishedTitle!, a.PublishedCategory, a.PublishedTagList, a.PublishedVisibility!.Value, a.Status,
                a.PublishedRevision, false, a.PublishedAtUtc, a.PublishedAtUtc!.Value)).ToList();
        return new PagedResult<ArticleListItem>(items, total, page, pageSize);
    }

    /// <summary>
    /// The articles with every word of the search (each as the start of a word) in the scope; null when a word matches no
    /// article at all. The plan follows the words' selectivity, found by counting at most <see cref="DrivingLimit"/> index
    /// rows per word: the rarest word, when it is rare, drives (<c>Id IN (its articles)</c>, a small set) and the others
    /// are probed per candidate (<c>EXISTS</c> on the (ArticleId, Scope, Word) index); when every word is common, all are
    /// probed while the articles are read in the list's order, so a page stops after its rows.
    /// </summary>
    private static async Task<IQueryable<Article>?> MatchingAsync(
        CrmDbContext db, IQueryable<Article> articles, char scope, string? search, CancellationToken cancellationToken)
    {
        var terms = new List<(string Term, string Upper, int Rows)>();
        foreach (var term in SearchWords.Of(search).Take(MaxSearchWords))
        {
            var upper = SearchWords.UpperBound(term);
            var rows = await db.Set<ArticleWord>()
                .Where(w => w.Scope == scope && string.Compare(w.Word, term) >= 0 && string.Compare(w.Word, upper) < 0)
                .OrderBy(w => w.Word).ThenBy(w => w.ArticleId).Take(DrivingLimit).CountAsync(cancellationToken);
            if (rows == 0)
            {
                return null;
            }

            terms.Add((term, upper, rows));
        }

        terms.Sort((a, b) => a.Rows.CompareTo(b.Rows));
        foreach (var (term, upper, rows) in terms)
        {
            if (rows < DrivingLimit && term == terms[0].Term)
            {
                var driving = db.Set<ArticleWord>()
                    .Where(w => w.Scope == scope && string.Compare(w.Word, term) >= 0 && string.Compare(w.Word, upper) < 0)
                    .Select(w => w.ArticleId);
                articles = articles.Where(a => driving.Contains(a.Id));
            }
            else
            {
                articles = articles.Where(a => a.Words.Any(w => w.Scope == scope && string.Compare(w.Word, term) >= 0 && string.Compare(w.Word, upper) < 0));
            }
        }

        return articles;
    }

    /// <summary>The categories in use, for the list's filter: writers' working copies, readers' published revisions.</summary>
    public async Task<IReadOnlyList<string>> CategoriesAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var articles = Visible(db.Set<Article>().AsNoTracking());
        var categories = KnowledgeAccess.IsWriter(currentUser) ? articles.Select(a => a.Category) : articles.Select(a => a.PublishedCategory);
        return await categories.Where(c => c != null).Select(c => c!).Distinct().OrderBy(c => c).ToListAsync(cancellationToken);
    }

    /// <summary>
    /// One article: a writer gets the working copy with every revision, anyone else the latest revision they may read.
    /// Unknown, or not readable by the caller: not found (a draft's existence is nobody else's business).
    /// </summary>
    public async Task<ArticleDetails> GetAsync(long id, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var article = await Visible(db.Set<Article>().AsNoTracking()).SingleOrDefaultAsync(a => a.Id == id, cancellationToken)
            ?? throw new NotFoundException($"No article with id {id}.");
        return await DetailsAsync(db, article, cancellationToken);
    }

    /// <summary>The latest revision of a published public article, by its slug: the help page.</summary>
    public async Task<ArticleRevisionDetails> GetPublicAsync(string slug, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var article = await db.Set<Article>().AsNoTracking()
            .SingleOrDefaultAsync(a => a.Slug == slug && a.PublishedVisibility == ArticleVisibility.Public, cancellationToken)
            ?? throw new NotFoundException($"No public article '{slug}'.");
        return await RevisionAsync(db, article, article.PublishedRevision, cancellationToken);
    }

    /// <summary>One published revision as it was published. Readers may read old revisions of articles they may read now.</summary>
    public async Task<ArticleRevisionDetails> GetRevisionAsync(long id, int number, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var article = await Visible(db.Set<Article>().AsNoTracking()).SingleOrDefaultAsync(a => a.Id == id, cancellationToken)
            ?? throw new NotFoundException($"No article with id {id}.");
        return await RevisionAsync(db, article, number, cancellationToken);
    }

    /// <summary>
    /// Published articles that may answer a case with this subject, best first: the more of the subject's words (cut to their
    /// first five letters, so "returned" finds "returns") an article has, the better. Staff only.
    /// </summary>
    public async Task<IReadOnlyList<ArticleSuggestion>> SuggestAsync(string subject, CancellationToken cancellationToken = default)
    {
        if (!KnowledgeAccess.IsInternalReader(currentUser))
        {
            throw new ForbiddenException("Sign in as staff to see article suggestions.");
        }

        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var stems = SearchWords.Of(subject).Where(w => w.Length >= 3).Select(w => w.Length > 5 ? w[..5] : w).Distinct().Take(12).ToList();
        var hits = new Dictionary<long, int>();
        foreach (var stem in stems)
        {
            var upper = SearchWords.UpperBound(stem);
            var ids = await db.Set<ArticleWord>().Where(w => w.Scope == ArticleWord.PublishedScope
                    && string.Compare(w.Word, stem) >= 0 && string.Compare(w.Word, upper) < 0)
                .Select(w => w.ArticleId).Distinct().OrderBy(id => id).Take(DrivingLimit).ToListAsync(cancellationToken);
            foreach (var hit in ids)
            {
                hits[hit] = hits.GetValueOrDefault(hit) + 1;
            }
        }

        var best = hits.OrderByDescending(h => h.Value).ThenByDescending(h => h.Key).Take(MaxSuggestions).Select(h => h.Key).ToList();
        var articles = await db.Set<Article>().AsNoTracking().Where(a => best.Contains(a.Id) && a.PublishedRevision > 0)
            .ToDictionaryAsync(a => a.Id, cancellationToken);
        var suggestions = new List<ArticleSuggestion>();
        foreach (var id in best.Where(articles.ContainsKey))
        {
            var article = articles[id];
            var body = await db.Set<ArticleRevision>().Where(r => r.ArticleId == id && r.Number == article.PublishedRevision)
                .Select(r => r.Body).SingleAsync(cancellationToken);
            suggestions.Add(new ArticleSuggestion(id, article.Slug, article.PublishedTitle!, article.PublishedRevision, article.PublishedVisibility!.Value, body));
        }

        return suggestions;
    }

    /// <summary>
    /// Whether a published revision may be quoted to a customer: null when there is no such revision, false when it was
    /// published Internal or the article is Internal now (its help page is gone), true when both are Public.
    /// </summary>
    public static async Task<bool?> RevisionIsPublicAsync(CrmDbContext db, long articleId, int number, CancellationToken cancellationToken)
    {
        var quoted = await db.Set<ArticleRevision>().Where(r => r.ArticleId == articleId && r.Number == number)
            .Select(r => new
            {
                r.Visibility,
                Now = db.Set<Article>().Where(a => a.Id == articleId).Select(a => a.PublishedVisibility).FirstOrDefault(),
            })
            .SingleOrDefaultAsync(cancellationToken);
        return quoted is null ? null : quoted.Visibility == ArticleVisibility.Public && quoted.Now == ArticleVisibility.Public;
    }

    /// <summary>The articles the caller may see at all: writers every one, readers the published, the public the published public.</summary>
    private IQueryable<Article> Visible(IQueryable<Article> articles) =>
        KnowledgeAccess.IsWriter(currentUser) ? articles
        : KnowledgeAccess.IsInternalReader(currentUser) ? articles.Where(a => a.PublishedRevision > 0)
        : articles.Where(a => a.PublishedVisibility == ArticleVisibility.Public);

    private async Task<ArticleDetails> DetailsAsync(CrmDbContext db, Article article, CancellationToken cancellationToken)
    {
        var revisions = await db.Set<ArticleRevision>().AsNoTracking().Where(r => r.ArticleId == article.Id).OrderByDescending(r => r.Number)
            .ToListAsync(cancellationToken);
        var names = await users.NamesAsync(revisions.Select(r => r.PublishedBy), cancellationToken);
        var summaries = revisions.Select(r => new ArticleRevisionSummary(r.Number, r.Title, r.Visibility, r.PublishedBy,
            names.GetValueOrDefault(r.PublishedBy), r.PublishedAtUtc)).ToList();
        var latest = revisions.FirstOrDefault();
        if (KnowledgeAccess.IsWriter(currentUser))
        {
            return new ArticleDetails(article.Id, article.Slug, article.Title, article.Body, ArticleHtml.Render(article.Body), article.Category,
                article.TagList, article.Visibility, article.Status, 0, article.PublishedRevision, article.HasUnpublishedChanges,
                article.PublishedAtUtc, latest is null ? null : names.GetValueOrDefault(latest.PublishedBy), article.ModifiedAtUtc, summaries,
                article.Version);
        }

        var shown = latest!;
        return new ArticleDetails(article.Id, article.Slug, shown.Title, shown.Body, ArticleHtml.Render(shown.Body), shown.Category,
            Split(shown.Tags), shown.Visibility, ArticleStatus.Published, shown.Number, shown.Number, false, shown.PublishedAtUtc,
            KnowledgeAccess.IsInternalReader(currentUser) ? names.GetValueOrDefault(shown.PublishedBy) : null, shown.PublishedAtUtc,
            KnowledgeAccess.IsInternalReader(currentUser) ? summaries : [], article.Version);
    }

    private async Task<ArticleRevisionDetails> RevisionAsync(CrmDbContext db, Article article, int number, CancellationToken cancellationToken)
    {
        var revision = await db.Set<ArticleRevision>().AsNoTracking().SingleOrDefaultAsync(r => r.ArticleId == article.Id && r.Number == number, cancellationToken)
            ?? throw new NotFoundException($"The article has no revision {number}.");
        if (!KnowledgeAccess.IsInternalReader(currentUser) && number != article.PublishedRevision)
        {
            throw new NotFoundException($"The article has no revision {number} you may read.");
        }

        var names = await users.NamesAsync([revision.PublishedBy], cancellationToken);
        return new ArticleRevisionDetails(article.Id, article.Slug, revision.Number, revision.Title, revision.Body, ArticleHtml.Render(revision.Body),
            revision.Category, Split(revision.Tags), revision.Visibility, KnowledgeAccess.IsInternalReader(currentUser) ? revision.PublishedBy : "",
            KnowledgeAccess.IsInternalReader(currentUser) ? names.GetValueOrDefault(revision.PublishedBy) : null, revision.PublishedAtUtc);
    }

    private static IReadOnlyList<string> Split(string tags) => tags.Length == 0 ? [] : tags.Split('|');
}
