using Crm.Kernel;
using Crm.Kernel.Api;
using Crm.Kernel.Errors;
using Crm.Service.Contracts;
using Crm.Service.Features.Knowledge.CreateArticle;
using Crm.Service.Features.Knowledge.PublishArticle;
using Crm.Service.Features.Knowledge.UpdateArticle;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace Crm.Service.Features.Knowledge;

/// <summary>
/// The knowledge base over REST. Reading is open: without credentials the latest revision of published public articles,
/// SalesReps every published article, ServiceAgents, Managers and Admins every article's working copy; those three also
/// create, edit (If-Match) and publish. An article nobody may show the caller is a 404.
/// </summary>
[ApiController]
[Route("api/v1/kb/articles")]
[Produces("application/json")]
[Tags("Knowledge base")]
public sealed class ArticlesController : ControllerBase
{
    private readonly ArticleQueries queries;
    private readonly CreateArticleHandler create;
    private readonly UpdateArticleHandler update;
    private readonly PublishArticleHandler publish;

    internal ArticlesController(ArticleQueries queries, CreateArticleHandler create, UpdateArticleHandler update, PublishArticleHandler publish)
    {
        this.queries = queries;
        this.create = create;
        this.update = update;
        this.publish = publish;
    }

    /// <summary>A page of the articles the caller may read: a search (every word matches the start of a word of the title, text, category or tags), category, visibility, status (writers), and sort. Open without credentials (public published articles then).</summary>
    [HttpGet]
    [AllowAnonymous]
    [ProducesResponseType<PagedResult<ArticleListItem>>(StatusCodes.Status200OK)]
    public async Task<PagedResult<ArticleListItem>> List(
        [FromQuery] string? search, [FromQuery] string? category, [FromQuery] ArticleVisibility? visibility, [FromQuery] ArticleStatus? status,
        [FromQuery] ArticleSort sort = ArticleSort.Updated, [FromQuery] bool descending = true, [FromQuery] int page = 0,
        [FromQuery] int pageSize = 25, CancellationToken cancellationToken = default) =>
        await queries.ListAsync(new ArticleListQuery
        {
            Search = search,
            Category = category,
            Visibility = visibility,
            Status = status,
            Sort = sort,
            Descending = descending,
            Page = page,
            PageSize = pageSize,
        }, cancellationToken);

    /// <summary>One article: writers get the working copy and every revision, readers the latest published revision. Open without credentials for published public articles. The ETag carries its version (If-Match for updates).</summary>
    [HttpGet("{id:long}")]
    [AllowAnonymous]
    [ProducesResponseType<ArticleDetails>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound)]
    public async Task<ActionResult<ArticleDetails>> Get(long id, CancellationToken cancellationToken) =>
        await queries.GetAsync(id, cancellationToken);

    /// <summary>One published revision exactly as it was published (revisions never change). Open without credentials for the latest revision of a published public article.</summary>
    [HttpGet("{id:long}/revisions/{number:int}")]
    [AllowAnonymous]
    [ProducesResponseType<ArticleRevisionDetails>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound)]
    public async Task<ActionResult<ArticleRevisionDetails>> Revision(long id, int number, CancellationToken cancellationToken) =>
        await queries.GetRevisionAsync(id, number, cancellationToken);

    /// <summary>Starts an article as a draft (not visible to readers until published). Send an Idempotency-Key to retry safely.</summary>
    [HttpPost]
    [Authorize(Roles = KnowledgeAccess.Writers)]
    [Idempotent]
    [ProducesResponseType<ArticleDetails>(StatusCodes.Status201Created)]
    [ProducesResponseType<ValidationProblemDetails>(StatusCodes.Status400BadRequest)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status409Conflict)]
    public async Task<IActionResult> Create(ArticleInput input, CancellationToken cancellationToken)
    {
        var result = await create.CreateAsync(input, cancellationToken);
        if (!result.Succeeded)
        {
            return ApiConventions.Failure(result);
        }

        var created = await queries.GetAsync(result.Value, cancellationToken);
        return CreatedAtAction(nameof(Get), new { id = created.Id }, created);
    }

    /// <summary>Changes the article's working copy (If-Match with its ETag). Published revisions stay as they are until the next publish.</summary>
    [HttpPut("{id:long}")]
    [Authorize(Roles = KnowledgeAccess.Writers)]
    [IfMatch]
    [ProducesResponseType<ArticleDetails>(StatusCodes.Status200OK)]
    [ProducesResponseType<ValidationProblemDetails>(StatusCodes.Status400BadRequest)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound)]
    public async Task<IActionResult> Update(long id, ArticleInput input, CancellationToken cancellationToken) =>
        await AnswerAsync(await update.UpdateAsync(id, input, ApiConventions.IfMatchVersion(Request), cancellationToken), cancellationToken);

    /// <summary>Publishes the working copy as the next revision (If-Match with the ETag of the version you reviewed). 409 when the latest revision already says the same.</summary>
    [HttpPost("{id:long}/publish")]
    [Authorize(Roles = KnowledgeAccess.Writers)]
    [IfMatch]
    [ProducesResponseType<ArticleDetails>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status409Conflict)]
    public async Task<IActionResult> Publish(long id, CancellationToken cancellationToken)
    {
        var result = await publish.PublishAsync(id, ApiConventions.IfMatchVersion(Request), cancellationToken);
        return result.Succeeded ? Ok(await queries.GetAsync(id, cancellationToken)) : ApiConventions.Failure(result);
    }

    private async Task<IActionResult> AnswerAsync(CommandResult<long> result, CancellationToken cancellationToken) =>
        result.Succeeded ? Ok(await queries.GetAsync(result.Value, cancellationToken)) : ApiConventions.Failure(result);
}
