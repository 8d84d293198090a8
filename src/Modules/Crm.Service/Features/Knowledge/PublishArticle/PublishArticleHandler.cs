using Crm.Kernel.Data;
using Crm.Kernel.Errors;
using Crm.Kernel.Identity;
using Microsoft.EntityFrameworkCore;

namespace Crm.Service.Features.Knowledge.PublishArticle;

/// <summary>
/// A writer publishes the working copy as the article's next revision (1, 2, ...). Earlier revisions stay readable and
/// unchanged; readers, the help page and case suggestions show the new one from now on.
/// </summary>
internal sealed class PublishArticleHandler(IDbContextFactory<CrmDbContext> contextFactory, ICurrentUser currentUser, TimeProvider clock)
{
    /// <summary>The number of the revision published.</summary>
    public async Task<CommandResult<int>> PublishAsync(long id, Guid? expectedVersion, CancellationToken cancellationToken = default)
    {
        KnowledgeAccess.EnsureWrite(currentUser);
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var article = await ArticleStore.LoadForWriteAsync(db, id, expectedVersion, cancellationToken);
        if (!article.HasUnpublishedChanges)
        {
            return CommandResult.Conflict<int>($"Revision {article.PublishedRevision} already says this: edit the article before publishing again.");
        }

        var revision = article.Publish(currentUser.ActorId, clock.GetUtcNow().UtcDateTime);
        await ArticleStore.SaveAsync(db, article, cancellationToken);
        return CommandResult.Done(revision.Number);
    }
}
