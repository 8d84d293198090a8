using Crm.Kernel.Data;
using Crm.Kernel.Errors;
using Crm.Kernel.Identity;
using Microsoft.EntityFrameworkCore;

namespace Crm.Service.Features.Telephony.CallLog;

/// <summary>The agent marks a missed call as called back (they reached the customer another way); an outbound call to the number does it by itself.</summary>
internal sealed class CalledBackHandler(IDbContextFactory<CrmDbContext> contextFactory, ICurrentUser currentUser, TimeProvider clock)
{
    public async Task<CommandResult<long>> MarkAsync(long callRecordId, Guid? expectedVersion, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var call = await CallStore.LoadForAsync(db, currentUser, callRecordId, track: true, cancellationToken);
        if (expectedVersion is { } version && version != call.Version)
        {
            throw new ConflictException("The call changed since you read it. Reload and try again.");
        }

        if (!call.CalledBack(clock.GetUtcNow().UtcDateTime))
        {
            return call.CalledBackAtUtc is null
                ? CommandResult.Invalid<long>(OperationResult.Failure("id", "This call is not waiting for a call back."))
                : CommandResult.Unchanged(call.Id);
        }

        await CallStore.SaveAsync(db, cancellationToken);
        return CommandResult.Done(call.Id);
    }
}
