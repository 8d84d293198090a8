using Crm.Kernel;
using Crm.Kernel.Api;
using Crm.Kernel.Identity;
using Crm.Kernel.Errors;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace Crm.Analytics.Features.Associations;

/// <summary>
/// The product association rules the last recompute mined on baskets (purchase orders), over REST: "customers who bought A
/// (and B) also bought C". Managers and Admins, or an API key with one of those roles.
/// </summary>
[ApiController]
[Route("api/v1/analytics/rules")]
[Authorize(Roles = CrmRoles.AdminOrManager)]
[Tags("Analytics")]
public sealed class AssociationRulesController : ControllerBase
{
    private readonly AssociationRuleQueries queries;
    private readonly ICurrentUser user;

    internal AssociationRulesController(AssociationRuleQueries queries, ICurrentUser user)
    {
        this.queries = queries;
        this.user = user;
    }

    /// <summary>
    /// Rules that pass the filters, one page at a time. Each rule has its antecedent products and its consequent (codes and
    /// catalogue names); support = share of all baskets that hold the antecedent and the consequent (and that number of
    /// baskets, <c>supportCount</c>); confidence = share of the baskets with the antecedent that also hold the consequent;
    /// lift = confidence / share of all baskets with the consequent (above 1: bought together more often than by chance).
    /// A rule with an empty antecedent (<c>{} ⇒ {y}</c>) says that y is in that share of all baskets. An invalid filter is
    /// a 400 naming the field.
    /// </summary>
    /// <param name="product">A product code, or part of a code or name: rules with one of the matching products in the antecedent or as the consequent.</param>
    /// <param name="minSupport">Minimum support, a share from 0 to 1 (0.01 = 1% of baskets); a rule exactly at it passes.</param>
    /// <param name="minConfidence">Minimum confidence, a share from 0 to 1 with at most 6 decimals; a rule exactly at it passes.</param>
    /// <param name="minLift">Minimum lift, 0 or more.</param>
    /// <param name="sort"><c>lift</c> (default), <c>confidence</c> or <c>support</c>; always highest first.</param>
    /// <param name="page">Zero-based page number.</param>
    /// <param name="pageSize">1 to 200 (default 25).</param>
    [HttpGet]
    [ProducesResponseType<AssociationRulePage>(StatusCodes.Status200OK)]
    [ProducesResponseType<ValidationProblemDetails>(StatusCodes.Status400BadRequest)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status403Forbidden)]
    public async Task<IActionResult> List(
        [FromQuery] string? product, [FromQuery] decimal? minSupport, [FromQuery] decimal? minConfidence, [FromQuery] double? minLift,
        [FromQuery] string? sort, [FromQuery] int page = 0, [FromQuery] int pageSize = 25, CancellationToken cancellationToken = default)
    {
        var (query, validation) = Build(product, minSupport, minConfidence, minLift, sort, page, pageSize);
        return validation.Succeeded ? Ok(await queries.ListAsync(query, cancellationToken)) : ApiConventions.Validation(validation);
    }

    /// <summary>
    /// Every rule that passes the filters (same parameters and order as the list) as CSV for a spreadsheet. Text cells that a
    /// spreadsheet would run as a formula are written with a leading apostrophe.
    /// </summary>
    /// <param name="product">A product code, or part of a code or name.</param>
    /// <param name="minSupport">Minimum support, a share from 0 to 1.</param>
    /// <param name="minConfidence">Minimum confidence, a share from 0 to 1.</param>
    /// <param name="minLift">Minimum lift, 0 or more.</param>
    /// <param name="sort"><c>lift</c> (default), <c>confidence</c> or <c>support</c>.</param>
    [HttpGet("export")]
    [Produces("text/csv")]
    [ProducesResponseType(StatusCodes.Status200OK)]
    [ProducesResponseType<ValidationProblemDetails>(StatusCodes.Status400BadRequest)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status403Forbidden)]
    public async Task<IActionResult> Export(
        [FromQuery] string? product, [FromQuery] decimal? minSupport, [FromQuery] decimal? minConfidence, [FromQuery] double? minLift,
        [FromQuery] string? sort, CancellationToken cancellationToken = default)
    {
        var (query, validation) = Build(product, minSupport, minConfidence, minLift, sort, 0, 1);
        if (!validation.Succeeded)
        {
            return ApiConventions.Validation(validation);
        }

        AssociationRuleQueries.EnsureBrowse(user);
        Response.ContentType = "text/csv; charset=utf-8";
        Response.Headers.ContentDisposition = $"attachment; filename=association-rules-{DateTime.UtcNow:yyyyMMdd-HHmm}.csv";
        await AssociationRuleCsv.WriteAsync(queries.ExportAsync(query, cancellationToken), Response.Body, cancellationToken);
        return new EmptyResult();
    }

    private static (AssociationRuleQuery Query, OperationResult Validation) Build(
        string? product, decimal? minSupport, decimal? minConfidence, double? minLift, string? sort, int page, int pageSize)
    {
        var sortErrors = new List<ValidationError>();
        var order = RuleSort.Lift;
        if (!string.IsNullOrWhiteSpace(sort) && (!Enum.TryParse(sort.Trim(), ignoreCase: true, out order) || !Enum.IsDefined(order)))
        {
            sortErrors.Add(new ValidationError("sort", $"'{sort}' is no sort order. Use lift, confidence or support."));
        }

        var query = new AssociationRuleQuery
        {
            Product = string.IsNullOrWhiteSpace(product) ? null : product.Trim(),
            MinSupport = minSupport,
            MinConfidence = minConfidence,
            MinLift = minLift,
            Sort = order,
            Page = page,
            PageSize = pageSize,
        };
        return (query, new OperationResult([.. sortErrors, .. query.Validate().Errors]));
    }
}
