namespace Crm.Service.Domain.Cases;

/// <summary>Where a case stands (issue 17). The SLA clock reads it: pending statuses may pause resolution, resolved and closed stop every clock.</summary>
internal enum CaseStatus
{
    New,
    Open,
    PendingCustomer,
    PendingThirdParty,
    Resolved,
    Closed,
}
