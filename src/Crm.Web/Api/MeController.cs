using System.Security.Claims;
using Crm.Kernel;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace Crm.Web.Api;

/// <summary>Who the caller is, as the API sees them. Useful to check a cookie or (later) an API key.</summary>
[ApiController]
[Route("api/v1/me")]
[Authorize]
[Produces("application/json")]
public sealed class MeController : ControllerBase
{
    /// <summary>The signed-in caller's id, name and roles.</summary>
    [HttpGet]
    [ProducesResponseType<MeResponse>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status401Unauthorized)]
    public ActionResult<MeResponse> Get() => new MeResponse(
        User.FindFirstValue(ClaimTypes.NameIdentifier) ?? "",
        User.Identity?.Name ?? "",
        [.. CrmRoles.All.Where(User.IsInRole)]);
}

public sealed record MeResponse(string Id, string Name, IReadOnlyList<string> Roles);
