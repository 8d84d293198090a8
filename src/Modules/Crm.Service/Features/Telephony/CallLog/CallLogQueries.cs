using Crm.Contacts.Contracts;
using Crm.Kernel;
using Crm.Kernel.Data;
using Crm.Kernel.Identity;
using Crm.Service.Contracts;
using Crm.Service.Domain.Cases;
using Crm.Service.Domain.Telephony;
using Crm.Service.Features.Cases;
using Microsoft.EntityFrameworkCore;

namespace Crm.Service.Features.Telephony.CallLog;

/// <summary>
/// The call log: an agent's own calls, everyone's for Managers and Admins (optionally one agent's); all, missed, or
/// waiting for a call back; newest first or sorted; a page at a time, with customer and agent names.
/// </summary>
internal sealed class CallLogQueries(
    IDbContextFactory<CrmDbContext> contextFactory, ICurrentUser currentUser, ICustomerDirectory customers, CaseWorkers workers)
{
    public const int MaxPageSize = 100;

    public async Task<PagedResult<CallRecordView>> ListAsync(
        CallFilter filter, CallSort sort, string? agentId, int page, int pageSize, CancellationToken cancellationToken = default)
    {
        TelephonyAccess.EnsureTakesCalls(currentUser);
        page = Math.Max(0, page);
        pageSize = Math.Clamp(pageSize, 1, MaxPageSize);
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var calls = db.Set<PhoneCall>().AsNoTracking();
        var scope = TelephonyAccess.SeesAllCalls(currentUser) ? agentId : currentUser.ActorId;
        if (scope is not null)
        {
            calls = calls.Where(c => c.AgentId == scope);
        }

        calls = filter switch
        {
            CallFilter.Missed => calls.Where(c => c.Status == CallStatus.Missed),
            CallFilter.ToCallBack => calls.Where(c => c.CallBackPending),
            _ => calls,
        };
        var total = await calls.CountAsync(cancellationToken);
        calls = sort switch
        {
            CallSort.Oldest => calls.OrderBy(c => c.StartedAtUtc).ThenBy(c => c.Id),
            CallSort.Status => calls.OrderBy(c => c.Status).ThenByDescending(c => c.StartedAtUtc).ThenByDescending(c => c.Id),
            CallSort.Direction => calls.OrderBy(c => c.Direction).ThenByDescending(c => c.StartedAtUtc).ThenByDescending(c => c.Id),
            _ => calls.OrderByDescending(c => c.StartedAtUtc).ThenByDescending(c => c.Id),
        };
        var rows = await calls.Skip(page * pageSize).Take(pageSize).ToListAsync(cancellationToken);
        var names = await customers.DisplayNamesAsync(rows.Select(c => c.CustomerId).OfType<long>().Distinct(), cancellationToken);
        var agents = await workers.NamesAsync(rows.Select(c => c.AgentId).OfType<string>().Distinct(), cancellationToken);
        return new PagedResult<CallRecordView>([.. rows.Select(c => View(c, c.CustomerId is { } id ? names.GetValueOrDefault(id) : null,
            c.AgentId is { } a ? agents.GetValueOrDefault(a) ?? a : null))], total, page, pageSize);
    }

    public static CallRecordView View(PhoneCall c, string? customerName, string? agentName) => new(
        c.Id, c.CallId, c.Direction, c.FromNumber, c.ToNumber, c.CustomerId, customerName, c.AgentId, agentName, c.StartedAtUtc, c.AnsweredAtUtc,
        c.EndedAtUtc, c.DurationSeconds, c.Status, c.Cause, CallText.Outcome(c.Status, c.Cause, c.DurationSeconds), c.CaseId,
        c.CaseId is { } caseId ? ServiceCase.NumberOf(caseId) : null, c.CallBackPending, c.CalledBackAtUtc, c.Version);
}
