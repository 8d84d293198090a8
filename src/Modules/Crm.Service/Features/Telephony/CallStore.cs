using Crm.Kernel.Data;
using Crm.Kernel.Errors;
using Crm.Kernel.Identity;
using Crm.Service.Domain.Telephony;
using Microsoft.EntityFrameworkCore;

namespace Crm.Service.Features.Telephony;

/// <summary>Loads a call for the person acting on it: its agent, or a Manager or Admin; anyone else is refused.</summary>
internal static class CallStore
{
    public static async Task<PhoneCall> LoadForAsync(CrmDbContext db, ICurrentUser user, long id, bool track, CancellationToken cancellationToken)
    {
        TelephonyAccess.EnsureTakesCalls(user);
        var calls = track ? db.Set<PhoneCall>() : db.Set<PhoneCall>().AsNoTracking();
        var call = await calls.SingleOrDefaultAsync(c => c.Id == id, cancellationToken) ?? throw new NotFoundException($"No call with id {id}.");
        if (!TelephonyAccess.SeesAllCalls(user) && call.AgentId != user.ActorId)
        {
            throw new ForbiddenException("This call is another agent's.");
        }

        return call;
    }

    public static async Task SaveAsync(CrmDbContext db, CancellationToken cancellationToken)
    {
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            throw new ConflictException("The call changed meanwhile (the telephone system reported it). Try again.");
        }
    }
}
