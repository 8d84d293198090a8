using Crm.Contacts.Contracts;
using Crm.Kernel.Api;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Net.Http.Headers;

namespace Crm.Contacts.Features.Verification;

/// <summary>
/// "Is this really you?" for customers: the public /verify page and its API (no sign-in). A valid code shows only the
/// agent's first name, the channel and the time of the contact. Checks are limited per client address
/// (<see cref="VerifyRateLimitPolicy"/>); showing the form is not a check.
/// </summary>
[AllowAnonymous]
[IgnoreAntiforgeryToken]
[Tags("Verification")]
public sealed class VerifyController : ControllerBase
{
    private readonly IContactVerification verification;

    internal VerifyController(IContactVerification verification) => this.verification = verification;

    /// <summary>The page with the form and what we never ask for.</summary>
    [HttpGet("/verify")]
    [ApiExplorerSettings(IgnoreApi = true)]
    public ContentResult Page() => Html(StatusCodes.Status200OK, null, VerifyPage.Outcome.None);

    /// <summary>The page's form post: the page again with the answer.</summary>
    [HttpPost("/verify")]
    [EnableRateLimiting(VerifyRateLimitPolicy.Name)]
    [ApiExplorerSettings(IgnoreApi = true)]
    public async Task<ContentResult> Submit([FromForm(Name = "code")] string? code, CancellationToken cancellationToken)
    {
        var contact = await verification.CheckAsync(code ?? "", cancellationToken);
        return contact is null
            ? Html(StatusCodes.Status200OK, code, VerifyPage.Outcome.NotFound())
            : Html(StatusCodes.Status200OK, code, VerifyPage.Outcome.Found(contact));
    }

    /// <summary>
    /// Checks a code given with an outbound contact: 200 with the agent's first name, the channel and the time while the
    /// code is valid (24 hours); 404 for an unknown, mistyped or expired code; 429 with Retry-After after 5 checks an hour
    /// from one address.
    /// </summary>
    [HttpPost("/api/v1/verify")]
    [EnableRateLimiting(VerifyRateLimitPolicy.Name)]
    [Consumes("application/json")]
    [Produces("application/json")]
    [ProducesResponseType<VerifiedContact>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status429TooManyRequests)]
    public async Task<IActionResult> Check([FromBody] VerifyCodeRequest request, CancellationToken cancellationToken)
    {
        var contact = await verification.CheckAsync(request.Code ?? "", cancellationToken);
        return contact is null
            ? ApiConventions.Problem(StatusCodes.Status404NotFound, "No contact by us matches this code in the last 24 hours. If someone claiming to be us gave it to you, end the contact.")
            : Ok(contact);
    }

    private ContentResult Html(int status, string? typed, VerifyPage.Outcome outcome)
    {
        Response.Headers[HeaderNames.CacheControl] = "no-store";
        return new ContentResult
        {
            StatusCode = status,
            ContentType = "text/html; charset=utf-8",
            Content = VerifyPage.Render(verification.NeverAskNotice, typed, outcome),
        };
    }
}
