using Crm.Kernel;
using Crm.Kernel.Errors;

namespace Crm.Service.Contracts;

/// <summary>
/// Where the channels (email in, web forms) put a customer's message about an existing case. The message goes onto the
/// case named, which must be the customer's: a resolved case within the reopen window (<c>Service:ReopenDays</c>, 7 by
/// default) is reopened; past the window or on a closed case a follow-up case is opened, routed like any new case and
/// linked to it. The caller acts as a user who works cases (a system actor with the ServiceAgent role).
/// </summary>
public interface ICaseInbox
{
    /// <summary>
    /// Records <paramref name="body"/> from customer <paramref name="customerId"/> on case <paramref name="caseNumber"/>
    /// (<c>CS-000123</c>) as received on <paramref name="channel"/>. Invalid when the case is unknown or another customer's.
    /// </summary>
    Task<CommandResult<CaseMessageReceipt>> ReceiveAsync(
        long customerId, string caseNumber, string body, Channel channel, CancellationToken cancellationToken = default);
}
