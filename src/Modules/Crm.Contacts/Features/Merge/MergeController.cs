using Crm.Contacts.Contracts;
using Crm.Contacts.Features.Customers.Browse;
using Crm.Kernel;
using Crm.Kernel.Api;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace Crm.Contacts.Features.Merge;

/// <summary>Duplicate review and merge over REST, for Managers and Admins (checked in the handlers).</summary>
[ApiController]
[Route("api/v1/customers")]
[Authorize(Roles = CrmRoles.AdminOrManager)]
[Produces("application/json")]
[Tags("Customers")]
// Reps work their own records and ServiceAgents only some; the handlers refuse the rest with 403.
[ProducesResponseType<ProblemDetails>(StatusCodes.Status403Forbidden)]
public sealed class MergeController : ControllerBase
{
    private readonly DuplicateReview review;
    private readonly CustomerMerge merger;
    private readonly CustomerQueries queries;

    internal MergeController(DuplicateReview review, CustomerMerge merger, CustomerQueries queries)
    {
        this.review = review;
        this.merger = merger;
        this.queries = queries;
    }

    /// <summary>
    /// A page of likely duplicate pairs across all active customers (same email, same phone, same name in the same city or
    /// company), newest first.
    /// </summary>
    [HttpGet("duplicates")]
    [ProducesResponseType<PagedResult<DuplicatePair>>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status403Forbidden)]
    public async Task<PagedResult<DuplicatePair>> Duplicates(
        [FromQuery] int page = 0, [FromQuery] int pageSize = 25, CancellationToken cancellationToken = default) =>
        await review.ListAsync(page, pageSize, cancellationToken);

    /// <summary>
    /// Merges <c>mergedId</c> into this customer: the survivor keeps its values except the fields listed in
    /// <c>takeFromMerged</c>, gets the union of emails, phones and tags, the newer consent per channel, every interaction
    /// and contact person; the merged customer is deleted. 409 if either customer changed since the versions you send.
    /// </summary>
    [HttpPost("{survivorId:long}/merge")]
    [ProducesResponseType<CustomerDetails>(StatusCodes.Status200OK)]
    [ProducesResponseType<ValidationProblemDetails>(StatusCodes.Status400BadRequest)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status403Forbidden)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status409Conflict)]
    public async Task<IActionResult> Merge(long survivorId, MergeCustomersRequest request, CancellationToken cancellationToken)
    {
        var result = await merger.MergeAsync(survivorId, request.MergedId, new MergeChoices(request.TakeFromMerged.ToHashSet()),
            request.SurvivorVersion, request.MergedVersion, cancellationToken);
        if (!result.Succeeded)
        {
            return ApiConventions.Failure(result);
        }

        var survivor = await queries.GetAsync(survivorId, cancellationToken);
        return Ok(survivor);
    }
}
