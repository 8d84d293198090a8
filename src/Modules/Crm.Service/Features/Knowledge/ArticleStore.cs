using Crm.Kernel.Data;
using Crm.Kernel.Errors;
using Crm.Service.Domain.Knowledge;
using Microsoft.EntityFrameworkCore;

namespace Crm.Service.Features.Knowledge;

/// <summary>What the writing use cases share: loading an article with its revisions and words under the version read, and saving.</summary>
internal static class ArticleStore
{
    public static async Task<Article> LoadForWriteAsync(CrmDbContext db, long id, Guid? expectedVersion, CancellationToken cancellationToken)
    {
        var article = await db.Set<Article>().Include(a => a.Revisions).Include(a => a.Words).AsSplitQuery()
            .SingleOrDefaultAsync(a => a.Id == id, cancellationToken)
            ?? throw new NotFoundException($"No article with id {id}.");
        if (expectedVersion is { } version && version != article.Version)
        {
            throw new ConflictException($"Someone else changed the article \"{article.Title}\" since you opened it. Reload and try again.");
        }

        return article;
    }

    public static Task SaveAsync(CrmDbContext db, Article article, CancellationToken cancellationToken) =>
        db.SaveOrConflictAsync($"Someone else changed the article \"{article.Title}\" at the same time. Reload and try again.", cancellationToken);
}
