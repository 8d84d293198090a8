using Crm.Analytics.Contracts;
using Crm.Contacts.Contracts;
using Crm.Kernel.Data;
using Crm.Kernel.Identity;
using Crm.Service.Contracts;
using Crm.Service.Domain.Cases;
using Crm.Service.Domain.Telephony;
using Crm.Service.Features.Cases;
using Microsoft.EntityFrameworkCore;

namespace Crm.Service.Features.Telephony.ScreenPop;

internal sealed record PopCase(long Id, string Number, string Subject, CaseStatus Status);

/// <summary>What the screen pop shows of a call: the call, and for a known caller the customer at a glance.</summary>
internal sealed record CallPop(
    long CallRecordId, CallDirection Direction, string FromNumber, string? CustomerNumber, CallStatus Status, string Outcome,
    DateTime StartedAtUtc, long? CaseId, string? CaseNumber, Guid Version,
    CustomerSummary? Customer, CustomerPreferences? Preferences, CustomerTier Tier, IReadOnlyList<PopCase> OpenCases, string? LastAgentName,
    string? VerificationCode);

/// <summary>
/// Reads a call's pop for its agent (or a Manager): the customer, preferences and notes through Contacts' directory, the
/// spend tier through Analytics' contract, the customer's open cases and the agent who last answered them. Value
/// figures, CLV, recommendations and last orders are the owning modules' customer panels, shown beside it.
/// </summary>
internal sealed class ScreenPopQueries(
    IDbContextFactory<CrmDbContext> contextFactory, ICurrentUser currentUser, ICustomerDirectory customers, ICustomerTiers tiers, CaseWorkers workers)
{
    public async Task<CallPop> PopAsync(long callRecordId, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var call = await CallStore.LoadForAsync(db, currentUser, callRecordId, track: false, cancellationToken);
        var caseNumber = call.CaseId is { } caseId ? ServiceCase.NumberOf(caseId) : null;
        CustomerSummary? customer = null;
        CustomerPreferences? preferences = null;
        var tier = CustomerTier.None;
        IReadOnlyList<PopCase> open = [];
        string? lastAgent = null;
        if (call.CustomerId is { } customerId && await customers.FindAsync(customerId, cancellationToken) is { } found)
        {
            customer = found;
            preferences = await customers.PreferencesAsync(customerId, cancellationToken);
            tier = await tiers.SpendTierAsync(customerId, cancellationToken);
            var rows = await db.Set<ServiceCase>().AsNoTracking()
                .Where(c => c.CustomerId == customerId && c.Status != CaseStatus.Resolved && c.Status != CaseStatus.Closed)
                .OrderByDescending(c => c.OpenedAtUtc).Take(10)
                .Select(c => new { c.Id, c.Subject, c.Status }).ToListAsync(cancellationToken);
            open = [.. rows.Select(c => new PopCase(c.Id, ServiceCase.NumberOf(c.Id), c.Subject, c.Status))];
            var lastId = await (
                from entry in db.Set<CaseEntry>()
                join other in db.Set<ServiceCase>() on entry.CaseId equals other.Id
                where other.CustomerId == customerId && entry.Kind == CaseEntryKind.PublicReply
                orderby entry.AtUtc descending
                select entry.AuthorId).FirstOrDefaultAsync(cancellationToken)
                ?? await db.Set<PhoneCall>().Where(c => c.CustomerId == customerId && c.Id != call.Id && c.AgentId != null && c.AnsweredAtUtc != null)
                    .OrderByDescending(c => c.StartedAtUtc).Select(c => c.AgentId).FirstOrDefaultAsync(cancellationToken);
            lastAgent = lastId is null ? null : await workers.NameOfAsync(lastId, cancellationToken) ?? lastId;
        }

        return new CallPop(call.Id, call.Direction, call.FromNumber, call.CustomerNumber, call.Status, CallText.Outcome(call.Status, call.Cause, call.DurationSeconds),
            call.StartedAtUtc, call.CaseId, caseNumber, call.Version, customer, preferences, tier, open, lastAgent,
            call.VerificationCode);
    }
}
