using Crm.Kernel;
using Crm.Kernel.Errors;
using Crm.Service.Contracts;
using Crm.Service.Domain.Cases;

namespace Crm.Service.Features.Cases.ReceiveCustomerMessage;

/// <summary>The channels' way in (<see cref="ICaseInbox"/>): a case number from a subject line or a form, checked against the sender.</summary>
internal sealed class CaseInbox(ReceiveCustomerMessageHandler handler) : ICaseInbox
{
    public async Task<CommandResult<CaseMessageReceipt>> ReceiveAsync(
        long customerId, string caseNumber, string body, Channel channel, CancellationToken cancellationToken = default)
    {
        if (ServiceCase.IdOf(caseNumber ?? "") is not { } id)
        {
            return CommandResult.Invalid<CaseMessageReceipt>(OperationResult.Failure(nameof(caseNumber), $"'{caseNumber}' is no case number (CS-000123)."));
        }

        try
        {
            return await handler.ReceiveAsync(id, new CaseMessageInput(body, channel), expectedVersion: null, customerId, cancellationToken);
        }
        catch (NotFoundException)
        {
            return CommandResult.Invalid<CaseMessageReceipt>(OperationResult.Failure(nameof(caseNumber), $"Customer {customerId} has no case {ServiceCase.NumberOf(id)}."));
        }
    }
}
