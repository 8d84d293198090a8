using Crm.Kernel.Api;
using Crm.Kernel.Errors;
using Crm.Service.Contracts;
using Crm.Service.Features.Cases;
using Crm.Service.Features.Macros.ApplyMacro;
using Crm.Service.Features.Macros.SaveMacro;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace Crm.Service.Features.Macros;

/// <summary>
/// Macros: saved replies with placeholders and actions. Everyone who works cases lists the active ones and applies them to a
/// case; Managers and Admins create, change, deactivate and delete them (If-Match with the macro's ETag, optional).
/// </summary>
[ApiController]
[Route("api/v1/macros")]
[Authorize(Roles = CaseAccess.Workers)]
[Produces("application/json")]
[Tags("Macros")]
[ProducesResponseType<ProblemDetails>(StatusCodes.Status403Forbidden)]
public sealed class MacrosController : ControllerBase
{
    private readonly MacroQueries queries;
    private readonly SaveMacroHandler save;
    private readonly ApplyMacroHandler apply;
    private readonly CaseQueries cases;

    internal MacrosController(MacroQueries queries, SaveMacroHandler save, ApplyMacroHandler apply, CaseQueries cases)
    {
        this.queries = queries;
        this.save = save;
        this.apply = apply;
        this.cases = cases;
    }

    /// <summary>The active macros by name; with includeInactive, the deactivated ones too (Managers and Admins).</summary>
    [HttpGet]
    [ProducesResponseType<IReadOnlyList<MacroView>>(StatusCodes.Status200OK)]
    public async Task<IReadOnlyList<MacroView>> List([FromQuery] bool includeInactive, CancellationToken cancellationToken) =>
        await queries.ListAsync(includeInactive, cancellationToken);

    /// <summary>One macro (a deactivated one for Managers and Admins only). The ETag carries its version.</summary>
    [HttpGet("{id:long}")]
    [ProducesResponseType<MacroView>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound)]
    public async Task<ActionResult<MacroView>> Get(long id, CancellationToken cancellationToken) => await queries.GetAsync(id, cancellationToken);

    /// <summary>Creates a macro (Managers and Admins). Its text may use {{customer.name}}, {{case.number}}, {{case.subject}} and {{agent.name}}; any other placeholder is refused.</summary>
    [HttpPost]
    [Authorize(Roles = MacroAccess.Managers)]
    [Idempotent]
    [ProducesResponseType<MacroView>(StatusCodes.Status201Created)]
    [ProducesResponseType<ValidationProblemDetails>(StatusCodes.Status400BadRequest)]
    public async Task<IActionResult> Create(MacroInput input, CancellationToken cancellationToken)
    {
        var result = await save.CreateAsync(input, cancellationToken);
        if (!result.Succeeded)
        {
            return ApiConventions.Failure(result);
        }

        var created = await queries.GetAsync(result.Value, cancellationToken);
        return CreatedAtAction(nameof(Get), new { id = created.Id }, created);
    }

    /// <summary>Changes a macro's name, text and actions (Managers and Admins).</summary>
    [HttpPut("{id:long}")]
    [Authorize(Roles = MacroAccess.Managers)]
    [IfMatch(Required = false)]
    [ProducesResponseType<MacroView>(StatusCodes.Status200OK)]
    [ProducesResponseType<ValidationProblemDetails>(StatusCodes.Status400BadRequest)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status409Conflict)]
    public async Task<IActionResult> Update(long id, MacroInput input, CancellationToken cancellationToken) =>
        await AnswerAsync(await save.UpdateAsync(id, input, ApiConventions.IfMatchVersion(Request), cancellationToken), cancellationToken);

    /// <summary>Deactivates a macro: agents no longer see or apply it (Managers and Admins).</summary>
    [HttpPost("{id:long}/deactivate")]
    [Authorize(Roles = MacroAccess.Managers)]
    [IfMatch(Required = false)]
    [ProducesResponseType<MacroView>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status409Conflict)]
    public async Task<IActionResult> Deactivate(long id, CancellationToken cancellationToken) =>
        await AnswerAsync(await save.SetActiveAsync(id, active: false, ApiConventions.IfMatchVersion(Request), cancellationToken), cancellationToken);

    /// <summary>Activates a deactivated macro again (Managers and Admins).</summary>
    [HttpPost("{id:long}/activate")]
    [Authorize(Roles = MacroAccess.Managers)]
    [IfMatch(Required = false)]
    [ProducesResponseType<MacroView>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status409Conflict)]
    public async Task<IActionResult> Activate(long id, CancellationToken cancellationToken) =>
        await AnswerAsync(await save.SetActiveAsync(id, active: true, ApiConventions.IfMatchVersion(Request), cancellationToken), cancellationToken);

    /// <summary>Deletes a macro for good (Managers and Admins); replies it sent stay on their cases.</summary>
    [HttpDelete("{id:long}")]
    [Authorize(Roles = MacroAccess.Managers)]
    [IfMatch(Required = false)]
    [ProducesResponseType(StatusCodes.Status204NoContent)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status409Conflict)]
    public async Task<IActionResult> Delete(long id, CancellationToken cancellationToken)
    {
        var result = await save.DeleteAsync(id, ApiConventions.IfMatchVersion(Request), cancellationToken);
        return result.Succeeded ? NoContent() : ApiConventions.Failure(result);
    }

    /// <summary>
    /// Applies an active macro to a case (caseId in the body; If-Match, optional, carries the case's ETag): its reply with the
    /// placeholders filled in, then its priority and tag, then its status, each by the rules of the single action. Answers with
    /// the case; 409 when the case is closed or cannot take the macro's status (nothing changed).
    /// </summary>
    [HttpPost("{id:long}/apply")]
    [IfMatch(Required = false)]
    [ProducesResponseType<CaseDetails>(StatusCodes.Status200OK)]
    [ProducesResponseType<ValidationProblemDetails>(StatusCodes.Status400BadRequest)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status409Conflict)]
    public async Task<IActionResult> Apply(long id, MacroApplyInput input, CancellationToken cancellationToken)
    {
        var result = await apply.ApplyAsync(id, input, ApiConventions.IfMatchVersion(Request), cancellationToken);
        return result.Succeeded ? Ok(await cases.GetAsync(result.Value, cancellationToken)) : ApiConventions.Failure(result);
    }

    private async Task<IActionResult> AnswerAsync(CommandResult<long> result, CancellationToken cancellationToken) =>
        result.Succeeded ? Ok(await queries.GetAsync(result.Value, cancellationToken)) : ApiConventions.Failure(result);
}
