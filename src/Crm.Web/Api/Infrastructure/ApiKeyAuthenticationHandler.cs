using System.Globalization;
using System.Text.Encodings.Web;
using Crm.Kernel.Api;
using Crm.Web.Hosting;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace Crm.Web.Api.Infrastructure;

/// <summary>
/// Authenticates integrations by the <c>X-Api-Key</c> header; failures answer with ProblemDetails. An address that sent
/// too many unknown or revoked keys (<c>Api:FailedKeyLimit:PermitsPerWindow</c> per <c>Api:FailedKeyLimit:WindowSeconds</c>,
/// 10 per 5 minutes by default) gets 429 with Retry-After until its window ends, whatever key it sends meanwhile, so
/// keys cannot be guessed at the speed of the API.
/// </summary>
internal sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, ApiKeyService apiKeys,
    [FromKeyedServices(ApiKeyAuthenticationHandler.FailuresKey)] FailedAttemptLimiter failures)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";
    public const string FailuresKey = "api-key-failures";

    private bool blocked;

    public static FailedAttemptLimiter CreateFailureLimiter(IConfiguration configuration) => new(
        configuration.GetValue("Api:FailedKeyLimit:PermitsPerWindow", 10),
        TimeSpan.FromSeconds(configuration.GetValue("Api:FailedKeyLimit:WindowSeconds", 300)));

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (!Request.Headers.TryGetValue(ApiKeyService.HeaderName, out var values) || string.IsNullOrWhiteSpace(values.ToString()))
        {
            return AuthenticateResult.NoResult();
        }

        var address = ClientAddress.Of(Context);
        if (failures.IsBlocked(address))
        {
            blocked = true;
            return AuthenticateResult.Fail("Too many unknown API keys from this address.");
        }

        var principal = await apiKeys.AuthenticateAsync(values.ToString().Trim(), SchemeName, Context.RequestAborted);
        if (principal is not null)
        {
            return AuthenticateResult.Success(new AuthenticationTicket(principal, SchemeName));
        }

        if (failures.RecordFailure(address))
        {
            // Once per block, without the key: the address is what an operator acts on.
            Logger.LogWarning("API keys from {Address} are refused for up to {Seconds} s after {Failures} unknown or revoked keys",
                address, (int)failures.Window.TotalSeconds, failures.Permits);
        }

        return AuthenticateResult.Fail("The API key is unknown or revoked.");
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties) => blocked
        ? WriteProblemAsync(StatusCodes.Status429TooManyRequests,
            $"Too many unknown API keys from your address: try again in {RetryAfterSeconds()} second(s).")
        : WriteProblemAsync(StatusCodes.Status401Unauthorized, "Send a valid API key in the X-Api-Key header.");

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        WriteProblemAsync(StatusCodes.Status403Forbidden, "This API key's role does not allow this.");

    private string RetryAfterSeconds() => ((int)Math.Ceiling(failures.Window.TotalSeconds)).ToString(CultureInfo.InvariantCulture);

    private async Task WriteProblemAsync(int status, string detail)
    {
        Response.StatusCode = status;
        if (status == StatusCodes.Status429TooManyRequests)
        {
            Response.Headers.RetryAfter = RetryAfterSeconds();
        }

        await Context.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
        {
            HttpContext = Context,
            ProblemDetails = new ProblemDetails { Status = status, Detail = detail },
        });
    }
}
