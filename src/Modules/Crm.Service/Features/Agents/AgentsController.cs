using Crm.Kernel.Api;
using Crm.Service.Contracts;
using Crm.Service.Features.Cases;
using Crm.Service.Features.Queues;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace Crm.Service.Features.Agents;

/// <summary>
/// The agents who work cases: their presence (routing assigns only Available agents under their capacity) and capacity.
/// An agent sets their own presence; Managers and Admins see every agent and set capacities.
/// </summary>
[ApiController]
[Route("api/v1/agents")]
[Authorize(Roles = CaseAccess.Workers)]
[Produces("application/json")]
[Tags("Queues")]
[ProducesResponseType<ProblemDetails>(StatusCodes.Status403Forbidden)]
public sealed class AgentsController : ControllerBase
{
    private readonly AgentAvailabilities availabilities;
    private readonly PreferredAgents preferred;

    internal AgentsController(AgentAvailabilities availabilities, PreferredAgents preferred)
    {
        this.availabilities = availabilities;
        this.preferred = preferred;
    }

    /// <summary>The agents pinned to a customer, in order: they get the customer's new cases before the queue's strategy (after the agent who served the customer last).</summary>
    [HttpGet("/api/v1/customers/{customerId:long}/preferred-agents")]
    [ProducesResponseType<IReadOnlyList<PreferredAgentView>>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound)]
    public async Task<IReadOnlyList<PreferredAgentView>> Preferred(long customerId, CancellationToken cancellationToken) =>
        await preferred.OfAsync(customerId, cancellationToken);

    /// <summary>Pins up to three agents to a customer, in order (Managers and Admins); an empty list unpins them.</summary>
    [HttpPut("/api/v1/customers/{customerId:long}/preferred-agents")]
    [Authorize(Roles = QueueAccess.Configurers)]
    [ProducesResponseType<IReadOnlyList<PreferredAgentView>>(StatusCodes.Status200OK)]
    [ProducesResponseType<ValidationProblemDetails>(StatusCodes.Status400BadRequest)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound)]
    public async Task<IActionResult> SetPreferred(long customerId, PreferredAgentsInput input, CancellationToken cancellationToken)
    {
        var result = await preferred.SetAsync(customerId, input, cancellationToken);
        return result.Succeeded ? Ok(result.Value) : ApiConventions.Failure(result);
    }

    /// <summary>Every ServiceAgent, Manager and Admin with presence, open cases and capacity (Managers and Admins).</summary>
    [HttpGet]
    [Authorize(Roles = QueueAccess.Configurers)]
    [ProducesResponseType<IReadOnlyList<AgentAvailabilityView>>(StatusCodes.Status200OK)]
    public async Task<IReadOnlyList<AgentAvailabilityView>> List(CancellationToken cancellationToken) =>
        await availabilities.ListAsync(cancellationToken);

    /// <summary>The signed-in agent's presence, open cases and capacity.</summary>
    [HttpGet("me")]
    [ProducesResponseType<AgentAvailabilityView>(StatusCodes.Status200OK)]
    public async Task<AgentAvailabilityView> Me(CancellationToken cancellationToken) => await availabilities.MineAsync(cancellationToken);

    /// <summary>Sets the signed-in agent's presence: Available, Busy, Away or Offline. Only Available agents are assigned cases automatically.</summary>
    [HttpPut("me/presence")]
    [ProducesResponseType<AgentAvailabilityView>(StatusCodes.Status200OK)]
    [ProducesResponseType<ValidationProblemDetails>(StatusCodes.Status400BadRequest)]
    public async Task<IActionResult> SetPresence(PresenceInput input, CancellationToken cancellationToken) =>
        Answer(await availabilities.ChooseAsync(input, cancellationToken));

    /// <summary>Sets how many open cases an agent takes at most (1 to 500; default 10). Managers and Admins.</summary>
    [HttpPut("{agentId}/capacity")]
    [Authorize(Roles = QueueAccess.Configurers)]
    [ProducesResponseType<AgentAvailabilityView>(StatusCodes.Status200OK)]
    [ProducesResponseType<ValidationProblemDetails>(StatusCodes.Status400BadRequest)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound)]
    public async Task<IActionResult> SetCapacity(string agentId, CapacityInput input, CancellationToken cancellationToken) =>
        Answer(await availabilities.SetCapacityAsync(agentId, input, cancellationToken));

    private IActionResult Answer(Crm.Kernel.Errors.CommandResult<AgentAvailabilityView> result) =>
        result.Succeeded ? Ok(result.Value) : ApiConventions.Failure(result);
}
