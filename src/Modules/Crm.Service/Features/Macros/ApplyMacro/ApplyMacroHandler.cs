using Crm.Contacts.Contracts;
using Crm.Kernel.Data;
using Crm.Kernel.Errors;
using Crm.Kernel.Identity;
using Crm.Service.Contracts;
using Crm.Service.Domain.Cases;
using Crm.Service.Domain.Macros;
using Crm.Service.Features.Cases;
using Crm.Service.Features.Cases.ChangeStatus;
using Crm.Service.Features.Cases.ReplyToCase;
using Microsoft.EntityFrameworkCore;

namespace Crm.Service.Features.Macros.ApplyMacro;

/// <summary>
/// Applies an active macro to a case in one step: its reply (placeholders filled in) through the reply handler, its priority
/// and tag as events on the thread, then its status through the status handler, so each part keeps the rules, timeline
/// entries, SLA effects and events of the single action. Everything the macro would do is checked against the case first, so
/// a refusal (a closed case, a status the case cannot take) changes nothing.
/// </summary>
internal sealed class ApplyMacroHandler(
    IDbContextFactory<CrmDbContext> contextFactory, ICurrentUser currentUser, ICustomerDirectory customers, CaseWorkers workers,
    ReplyToCaseHandler replies, ChangeStatusHandler statuses, TimeProvider clock, Crm.Analytics.Contracts.ICustomerTiers tiers)
{
    public async Task<CommandResult<long>> ApplyAsync(long macroId, MacroApplyInput input, Guid? expectedCaseVersion, CancellationToken cancellationToken = default)
    {
        CaseAccess.EnsureWork(currentUser);
        Macro macro;
        ServiceCase serviceCase;
        await using (var db = await contextFactory.CreateDbContextAsync(cancellationToken))
        {
            macro = await db.Set<Macro>().AsNoTracking().SingleOrDefaultAsync(m => m.Id == macroId, cancellationToken)
                ?? throw new NotFoundException($"No macro with id {macroId}.");
            if (!macro.IsActive)
            {
                return CommandResult.Conflict<long>($"The macro {macro.Name} is deactivated.");
            }

            serviceCase = await CaseStore.LoadForWorkAsync(db, currentUser, input.CaseId, expectedCaseVersion, cancellationToken);
        }

        if (Refusal(macro, serviceCase) is { } refusal)
        {
            return CommandResult.Conflict<long>(refusal);
        }

        var version = expectedCaseVersion;
        if (macro.Body.Length > 0)
        {
            var customerName = (await customers.DisplayNamesAsync([serviceCase.CustomerId], cancellationToken)).GetValueOrDefault(serviceCase.CustomerId)
                ?? $"Customer {serviceCase.CustomerId}";
            var agentName = await workers.NameOfAsync(currentUser.ActorId, cancellationToken) ?? currentUser.ActorId;
            var body = macro.RenderBody(customerName, serviceCase.Number, serviceCase.Subject, agentName);
            var replied = await replies.ReplyAsync(serviceCase.Id, new CaseReplyInput(body), version, cancellationToken);
            if (!replied.Succeeded)
            {
                return replied;
            }

            // The reply changed the case: the later steps are this same application, not a stale edit.
            version = null;
        }

        if (macro.SetPriority is not null || macro.AddTag is not null)
        {
            await TriageAsync(serviceCase.Id, macro, version, cancellationToken);
            version = null;
        }

        if (macro.SetStatus is { } status)
        {
            var changed = await statuses.ChangeAsync(serviceCase.Id, new CaseStatusInput(status), version, cancellationToken);
            if (!changed.Succeeded)
            {
                return changed;
            }
        }

        return CommandResult.Done(serviceCase.Id);
    }

    /// <summary>Why the macro cannot be applied to the case as it stands: null when every part of it can.</summary>
    private static string? Refusal(Macro macro, ServiceCase serviceCase)
    {
        if (serviceCase.EditRefusal is { } closed)
        {
            return closed;
        }

        if (macro.AddTag is { } tag && serviceCase.TagRefusal(tag) is { } tagRefusal)
        {
            return tagRefusal;
        }

        if (macro.SetStatus is not { } status)
        {
            return null;
        }

        // A reply opens a new case before the status is set: check the move from where the reply leaves the case.
        var from = macro.Body.Length > 0 && serviceCase.Status == CaseStatus.New ? CaseStatus.Open : serviceCase.Status;
        return from == status || ServiceCase.MayMove(from, status) ? null
            : $"The macro {macro.Name} sets status {status}, which a case that is {from} cannot take.";
    }

    private async Task TriageAsync(long caseId, Macro macro, Guid? expectedVersion, CancellationToken cancellationToken)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var serviceCase = await CaseStore.LoadForWorkAsync(db, currentUser, caseId, expectedVersion, cancellationToken);
        var now = clock.GetUtcNow().UtcDateTime;
        var changed = macro.SetPriority is { } priority && serviceCase.ChangePriority(priority, currentUser.ActorId, now);
        changed |= macro.AddTag is { } tag && serviceCase.AddTag(tag, currentUser.ActorId, now);
        if (changed)
        {
            await Sla.CaseSla.AfterTriageAsync(db, serviceCase, await tiers.SpendTierAsync(serviceCase.CustomerId, cancellationToken), now, cancellationToken);
            await CaseStore.SaveAsync(db, serviceCase, cancellationToken);
        }
    }
}
