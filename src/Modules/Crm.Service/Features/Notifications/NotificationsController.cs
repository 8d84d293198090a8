using Crm.Service.Contracts;
using Crm.Service.Features.Cases;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace Crm.Service.Features.Notifications;

/// <summary>
/// The signed-in agent's notifications (cases assigned to them by someone else, SLA warnings and breaches of cases they
/// own or supervise): the same list as the bell in the app bar. Each user sees and reads only their own.
/// </summary>
[ApiController]
[Route("api/v1/me/notifications")]
[Authorize(Roles = CaseAccess.Workers)]
[Produces("application/json")]
[Tags("Cases")]
[ProducesResponseType<ProblemDetails>(StatusCodes.Status403Forbidden)]
public sealed class NotificationsController : ControllerBase
{
    private readonly AgentNotifications notifications;

    internal NotificationsController(AgentNotifications notifications) => this.notifications = notifications;

    /// <summary>A page (from 0) of the signed-in agent's notifications, newest first (pageSize 1 to 100, default 20), or only the unread ones, and how many are unread.</summary>
    [HttpGet]
    [ProducesResponseType<AgentNotificationPage>(StatusCodes.Status200OK)]
    public async Task<AgentNotificationPage> List(
        [FromQuery] bool unreadOnly = false, [FromQuery] int page = 0, [FromQuery] int pageSize = 20, CancellationToken cancellationToken = default) =>
        await notifications.MineAsync(unreadOnly, page, pageSize, cancellationToken);

    /// <summary>Marks one of the signed-in agent's notifications read.</summary>
    [HttpPost("{id:long}/read")]
    [ProducesResponseType(StatusCodes.Status204NoContent)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound)]
    public async Task<IActionResult> Read(long id, CancellationToken cancellationToken)
    {
        await notifications.MarkReadAsync(id, cancellationToken);
        return NoContent();
    }

    /// <summary>Marks all the signed-in agent's notifications read; answers how many were unread.</summary>
    [HttpPost("read-all")]
    [ProducesResponseType<MarkedRead>(StatusCodes.Status200OK)]
    public async Task<MarkedRead> ReadAll(CancellationToken cancellationToken) =>
        new(await notifications.MarkAllReadAsync(cancellationToken));
}
