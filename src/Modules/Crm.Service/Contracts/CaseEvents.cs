using Crm.Kernel;
using Crm.Kernel.Events;

namespace Crm.Service.Contracts;

/// <summary>A case was opened for a customer (written to the outbox with the case).</summary>
public sealed record CaseOpened(long CaseId, long CustomerId, DateTime AtUtc) : IIntegrationEvent;

/// <summary>An agent replied publicly on a case.</summary>
public sealed record CaseReplied(long CaseId, long CustomerId, string AgentId, DateTime AtUtc) : IIntegrationEvent;

/// <summary>A case was resolved.</summary>
public sealed record CaseResolved(long CaseId, long CustomerId, DateTime OpenedAtUtc, DateTime AtUtc) : IIntegrationEvent;

/// <summary>A case was given to <paramref name="OwnerId"/> by <paramref name="AssignedBy"/> (a user, or <c>system:routing</c>).</summary>
public sealed record CaseAssigned(long CaseId, long CustomerId, string OwnerId, string AssignedBy, DateTime AtUtc) : IIntegrationEvent;

/// <summary>
/// A customer's message reached a case after it was opened (<see cref="Reopened"/>: it reopened the resolved case). A
/// message that opened a follow-up case raises <see cref="CaseOpened"/> for the new case instead.
/// </summary>
public sealed record CustomerMessageReceived(long CaseId, long CustomerId, Channel Channel, bool Reopened, DateTime AtUtc) : IIntegrationEvent;
