using Crm.Contacts.Contracts;
using Crm.Kernel.Data;
using Crm.Kernel.Errors;
using Crm.Kernel.Identity;
using Crm.Service.Features.Cases;
using Microsoft.EntityFrameworkCore;

namespace Crm.Service.Features.Telephony.RegisterCaller;

/// <summary>
/// An unknown caller becomes a customer from the pop (through Contacts' registration, with its validation and duplicate
/// check) and the call becomes theirs; a call that has ended already goes on the new customer's timeline then.
/// </summary>
internal sealed class RegisterCallerHandler(
    IDbContextFactory<CrmDbContext> contextFactory, ICurrentUser currentUser, ICustomerRegistration registration, CaseWorkers workers)
{
    public async Task<CustomerRegistrationResult> RegisterAsync(long callRecordId, CustomerInput input, bool allowDuplicates, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var call = await CallStore.LoadForAsync(db, currentUser, callRecordId, track: true, cancellationToken);
        if (call.CustomerId is not null)
        {
            throw new ConflictException("The caller is a customer already.");
        }

        var result = await registration.RegisterCallerAsync(input, allowDuplicates, cancellationToken);
        if (result.CustomerId is not { } customerId)
        {
            return result;
        }

        call.For(customerId, call.AgentId, call.QueueId, call.RoutedBy);
        if (call.EndedAtUtc is not null)
        {
            var agent = call.AgentId is null ? null : await workers.NameOfAsync(call.AgentId, cancellationToken);
            db.RaiseAfterCommit(new InteractionReported(CallText.TimelineEntry(call, customerId, agent)));
        }

        await CallStore.SaveAsync(db, cancellationToken);
        return result;
    }
}
