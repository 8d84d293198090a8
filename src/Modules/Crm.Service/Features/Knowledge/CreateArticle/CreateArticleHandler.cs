using Crm.Kernel.Data;
using Crm.Kernel.Errors;
using Crm.Kernel.Identity;
using Crm.Service.Contracts;
using Crm.Service.Domain.Knowledge;
using Microsoft.EntityFrameworkCore;

namespace Crm.Service.Features.Knowledge.CreateArticle;

/// <summary>A writer starts an article: a draft nobody but writers sees until it is published. Its slug comes from the title, made unique.</summary>
internal sealed class CreateArticleHandler(IDbContextFactory<CrmDbContext> contextFactory, ICurrentUser currentUser)
{
    public async Task<CommandResult<long>> CreateAsync(ArticleInput input, CancellationToken cancellationToken = default)
    {
        KnowledgeAccess.EnsureWrite(currentUser);
        var validation = OperationResult.From(await ArticleInputValidator.Instance.ValidateAsync(input, cancellationToken));
        if (!validation.Succeeded)
        {
            return CommandResult.Invalid<long>(validation);
        }

        var content = ArticleInputValidator.Content(input);
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var slug = Article.SlugOf(content.Title);
        var taken = await db.Set<Article>().Where(a => a.Slug == slug || a.Slug.StartsWith(slug + "-")).Select(a => a.Slug)
            .ToListAsync(cancellationToken);
        var unique = slug;
        for (var n = 2; taken.Contains(unique); n++)
        {
            unique = $"{slug}-{n}";
        }

        var article = Article.Draft(content, unique);
        db.Add(article);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException ex) when (DatabaseDialect.Of(db).IsUniqueViolation(ex))
        {
            return CommandResult.Conflict<long>("Another article with this title was created at the same moment. Try again.");
        }

        return CommandResult.Created(article.Id);
    }
}
