using Crm.Kernel.Data;
using Crm.Kernel.Errors;
using Crm.Kernel.Identity;
using Crm.Service.Contracts;
using Microsoft.EntityFrameworkCore;

namespace Crm.Service.Features.Knowledge.UpdateArticle;

/// <summary>
/// A writer changes an article's working copy (its draft). Published revisions stay as they are: readers see the change only
/// once it is published as the next revision.
/// </summary>
internal sealed class UpdateArticleHandler(IDbContextFactory<CrmDbContext> contextFactory, ICurrentUser currentUser)
{
    public async Task<CommandResult<long>> UpdateAsync(long id, ArticleInput input, Guid? expectedVersion, CancellationToken cancellationToken = default)
    {
        KnowledgeAccess.EnsureWrite(currentUser);
        var validation = OperationResult.From(await ArticleInputValidator.Instance.ValidateAsync(input, cancellationToken));
        if (!validation.Succeeded)
        {
            return CommandResult.Invalid<long>(validation);
        }

        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var article = await ArticleStore.LoadForWriteAsync(db, id, expectedVersion, cancellationToken);
        if (!article.Edit(ArticleInputValidator.Content(input)))
        {
            return CommandResult.Unchanged(article.Id);
        }

        await ArticleStore.SaveAsync(db, article, cancellationToken);
        return CommandResult.Done(article.Id);
    }
}
