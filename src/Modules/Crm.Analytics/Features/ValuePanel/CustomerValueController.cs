using Crm.Kernel.Api;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace Crm.Analytics.Features.ValuePanel;

/// <summary>
/// A customer's value figures over REST, for integrations (a contact-centre screen, a web shop): every role that may see the
/// customer, signed in or with an API key.
/// </summary>
[ApiController]
[Route("api/v1/customers/{id:long}/value")]
[Authorize]
[Produces("application/json")]
[Tags("Analytics")]
public sealed class CustomerValueController : ControllerBase
{
    private readonly CustomerValueQueries queries;

    internal CustomerValueController(CustomerValueQueries queries)
    {
        this.queries = queries;
    }

    /// <summary>
    /// The customer's current value figures: recency (days), frequency (orders) and monetary value (spend) with their 1-5
    /// scores and the RFM segment; tier by spend and by profit and their history in the newest quarter snapshots (up to 6);
    /// CLV over 52 weeks and P(alive) with <c>probabilityAliveExplanation</c>: why they are what they are, from the
    /// customer's own purchases (<c>code</c>: <c>OneOrderSoFar</c> = one purchase day, so P(alive) is 100% and CLV comes from
    /// similar customers; <c>BuysRegularly</c>; <c>QuieterThanUsual</c>; <c>LongSilence</c> = silent for many of their usual
    /// gaps, so the model thinks they stopped, however loyal they were; <c>FewRepeatPurchases</c>; and <c>text</c>, one
    /// sentence for people; null without P(alive)); the usual purchase interval, the expected next purchase and whether the customer is
    /// overdue; and up to 3 recommended products with the rule behind each. A 404 says whether the customer is unknown, has
    /// not bought yet, or has no figures yet.
    /// </summary>
    /// <param name="id">The customer's id.</param>
    [HttpGet]
    [ProducesResponseType<CustomerValueDto>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status403Forbidden)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound)]
    public async Task<IActionResult> Get(long id, CancellationToken cancellationToken)
    {
        var lookup = await queries.GetAsync(id, cancellationToken);
        return lookup switch
        {
            { Value: { } value } => Ok(value),
            { Missing: CustomerValueMissing.NoPurchases } => ApiConventions.Problem(StatusCodes.Status404NotFound,
                $"Customer {id} has no value figures: they have not bought anything yet.", new Dictionary<string, object?> { ["reason"] = "noPurchases" }),
            _ => ApiConventions.Problem(StatusCodes.Status404NotFound,
                $"Customer {id} has bought but has no value figures yet: they appear after the next recompute.",
                new Dictionary<string, object?> { ["reason"] = "notComputed" }),
        };
    }
}
