using Crm.Service.Contracts;
using Crm.Service.Features.Cases;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace Crm.Service.Features.Email;

/// <summary>The emails sent, or waiting to be sent, on a case: whoever may read the case.</summary>
[ApiController]
[Route("api/v1/cases/{id:long}/emails")]
[Authorize(Roles = CaseAccess.Readers)]
[Produces("application/json")]
[Tags("Email")]
[ProducesResponseType<ProblemDetails>(StatusCodes.Status403Forbidden)]
public sealed class CaseEmailsController : ControllerBase
{
    private readonly EmailQueries queries;
    private readonly CaseQueries cases;

    internal CaseEmailsController(EmailQueries queries, CaseQueries cases)
    {
        this.queries = queries;
        this.cases = cases;
    }

    /// <summary>The case's emails, oldest first: Queued (in the outbox, with the last error while the mail server does not take it) or Sent.</summary>
    [HttpGet]
    [ProducesResponseType<IReadOnlyList<OutboundEmailView>>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound)]
    public async Task<IReadOnlyList<OutboundEmailView>> List(long id, CancellationToken cancellationToken) =>
        await queries.CaseEmailsAsync(id, cases, cancellationToken);
}
