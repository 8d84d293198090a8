using Crm.Service.Contracts;

namespace Crm.Service.Domain.Cases;

/// <summary>How people read a status, on the pages and in the thread's status events ("Pending customer", not "PendingCustomer").</summary>
internal static class CaseStatusNames
{
    public static string Of(CaseStatus status) => status switch
    {
        CaseStatus.PendingCustomer => "Pending customer",
        CaseStatus.PendingThirdParty => "Pending third party",
        _ => status.ToString(),
    };
}
