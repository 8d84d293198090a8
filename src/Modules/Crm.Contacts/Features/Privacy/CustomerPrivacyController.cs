using System.Globalization;
using Crm.Kernel;
using Crm.Kernel.Api;
using Crm.Kernel.Errors;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace Crm.Contacts.Features.Privacy;

/// <summary>A customer's privacy rights over REST, for Managers and Admins: export everything held about them, erase their personal data.</summary>
[ApiController]
[Route("api/v1/customers/{id:long}/privacy")]
[Authorize(Roles = CrmRoles.AdminOrManager)]
[Tags("Customers")]
// Reps work their own records and ServiceAgents only some; the handlers refuse the rest with 403.
[ProducesResponseType<ProblemDetails>(StatusCodes.Status403Forbidden)]
public sealed class CustomerPrivacyController : ControllerBase
{
    private readonly CustomerPrivacy privacy;

    internal CustomerPrivacyController(CustomerPrivacy privacy)
    {
        this.privacy = privacy;
    }

    /// <summary>Everything the CCR holds about the customer (details, channels, consent, interactions, audit trail) as a JSON file.</summary>
    [HttpGet("export")]
    [ProducesResponseType(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status403Forbidden)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound)]
    public async Task<IActionResult> Export(long id, CancellationToken cancellationToken)
    {
        var json = await privacy.ExportAsync(id, cancellationToken);
        return File(json, "application/json", string.Create(CultureInfo.InvariantCulture, $"customer-{id}.json"));
    }

    /// <summary>
    /// Erases the customer's personal data everywhere in the CCR; interactions stay as anonymous counts. Cannot be undone.
    /// Requires If-Match with the ETag from your last read of the customer (412 if it changed since).
    /// </summary>
    [HttpPost("erase")]
    [ProducesResponseType(StatusCodes.Status204NoContent)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status403Forbidden)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status412PreconditionFailed)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status428PreconditionRequired)]
    [IfMatch]
    public async Task<IActionResult> Erase(long id, CancellationToken cancellationToken)
    {
        var version = ApiConventions.RequiredIfMatchVersion(Request);

        await privacy.EraseAsync(id, version, cancellationToken);

        return NoContent();
    }
}
