using Crm.Kernel.Api;
using Crm.Kernel.Errors;
using Crm.Service.Contracts;
using Crm.Service.Features.Email.SaveMailbox;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace Crm.Service.Features.Email;

/// <summary>
/// Mailboxes the service desk reads and sends from (Managers and Admins). Passwords are write-only: stored encrypted,
/// answered only as <c>hasImapPassword</c>/<c>hasSmtpPassword</c>; an empty password on a change keeps the stored one.
/// </summary>
[ApiController]
[Route("api/v1/email/mailboxes")]
[Authorize(Roles = EmailAccess.Managers)]
[Produces("application/json")]
[Tags("Email")]
[ProducesResponseType<ProblemDetails>(StatusCodes.Status403Forbidden)]
public sealed class MailboxesController : ControllerBase
{
    private readonly EmailQueries queries;
    private readonly SaveMailboxHandler save;

    internal MailboxesController(EmailQueries queries, SaveMailboxHandler save)
    {
        this.queries = queries;
        this.save = save;
    }

    /// <summary>Every mailbox, enabled ones first, by name.</summary>
    [HttpGet]
    [ProducesResponseType<IReadOnlyList<MailboxView>>(StatusCodes.Status200OK)]
    public async Task<IReadOnlyList<MailboxView>> List(CancellationToken cancellationToken) => await queries.ListMailboxesAsync(cancellationToken);

    /// <summary>One mailbox. The ETag carries its version.</summary>
    [HttpGet("{id:long}")]
    [ProducesResponseType<MailboxView>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound)]
    public async Task<ActionResult<MailboxView>> Get(long id, CancellationToken cancellationToken) => await queries.GetMailboxAsync(id, cancellationToken);

    /// <summary>Creates a mailbox: the IMAP password is required, the SMTP password when an SMTP user is given.</summary>
    [HttpPost]
    [Idempotent]
    [ProducesResponseType<MailboxView>(StatusCodes.Status201Created)]
    [ProducesResponseType<ValidationProblemDetails>(StatusCodes.Status400BadRequest)]
    public async Task<IActionResult> Create(MailboxInput input, CancellationToken cancellationToken)
    {
        var result = await save.CreateAsync(input, cancellationToken);
        if (!result.Succeeded)
        {
            return ApiConventions.Failure(result);
        }

        var created = await queries.GetMailboxAsync(result.Value, cancellationToken);
        return CreatedAtAction(nameof(Get), new { id = created.Id }, created);
    }

    /// <summary>Changes a mailbox; empty passwords keep the stored ones.</summary>
    [HttpPut("{id:long}")]
    [IfMatch(Required = false)]
    [ProducesResponseType<MailboxView>(StatusCodes.Status200OK)]
    [ProducesResponseType<ValidationProblemDetails>(StatusCodes.Status400BadRequest)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status409Conflict)]
    public async Task<IActionResult> Update(long id, MailboxInput input, CancellationToken cancellationToken)
    {
        var result = await save.UpdateAsync(id, input, ApiConventions.IfMatchVersion(Request), cancellationToken);
        return result.Succeeded ? Ok(await queries.GetMailboxAsync(result.Value, cancellationToken)) : ApiConventions.Failure(result);
    }

    /// <summary>Deletes a mailbox; 409 while emails wait in the outbox to be sent through it.</summary>
    [HttpDelete("{id:long}")]
    [IfMatch(Required = false)]
    [ProducesResponseType(StatusCodes.Status204NoContent)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status409Conflict)]
    public async Task<IActionResult> Delete(long id, CancellationToken cancellationToken)
    {
        var result = await save.DeleteAsync(id, ApiConventions.IfMatchVersion(Request), cancellationToken);
        return result.Succeeded ? NoContent() : ApiConventions.Failure(result);
    }
}
