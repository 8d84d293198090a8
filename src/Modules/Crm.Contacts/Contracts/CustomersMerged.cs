namespace Crm.Contacts.Contracts;

/// <summary>
/// Two customers were merged: <paramref name="MergedId"/> no longer exists and everything about it now belongs to
/// <paramref name="SurvivorId"/>. Published after the merge has committed. Modules that store customer ids (orders,
/// cases, campaign responses) re-point their links from the merged id to the survivor.
/// </summary>
public sealed record CustomersMerged(long SurvivorId, long MergedId) : Crm.Kernel.Events.IIntegrationEvent;
