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
/// Applies an active macro to a case in one unit of work: its reply (placeholders filled in) as the reply handler makes it,
/// its priority and tag as events on the thread, then its status as the status handler moves it, so each part keeps the
/// rules, timeline entries, SLA effects and events of the single action, and all of it commits together or not at all.
/// Everything the macro would do is checked against the case first, so a refusal (a closed case, a status the case cannot
/// take) is told before anything is tried.
/// </summary>
internal sealed class ApplyMacroHandler(
    IDbContextFactory<CrmDbContext> contextFactory, ICurrentUser currentUser, ICustomerDirectory customers, CaseWorkers workers,
    ReplyToCaseHandler replies, ChangeStatusHandler statuses, TimeProvider clock, Crm.Analytics.Contracts.ICustomerTiers tiers)
{
    public async Task<CommandResult<long>> ApplyAsync(long macroId, MacroApplyInput input, Guid? expectedCaseVersion, CancellationToken cancellationToken = default)
    {
        CaseAccess.EnsureWork(currentUser);
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var macro = await db.Set<Macro>().AsNoTracking().SingleOrDefaultAsync(m => m.Id == macroId, cancellationToken)
            ?? throw new NotFoundException($"No macro with id {macroId}.");
        if (!macro.IsActive)
        {
            return CommandResult.Conflict<long>($"The macro {macro.Name} is deactivated.");
        }

        var serviceCase = await CaseStore.LoadForWorkAsync(db, currentUser, input.CaseId, expectedCaseVersion, cancellationToken);
        if (Refusal(macro, serviceCase) is { } refusal)
        {
            return CommandResult.Conflict<long>(refusal);
        }

        var now = clock.GetUtcNow().UtcDateTime;
        if (macro.Body.Length > 0)
        {
            var customerName = (await customers.DisplayNamesAsync([serviceCase.CustomerId], cancellationToken)).GetValueOrDefault(serviceCase.CustomerId)
                ?? $"Customer {serviceCase.CustomerId}";
            var agentName = await workers.NameOfAsync(currentUser.ActorId, cancellationToken) ?? currentUser.ActorId;
            var body = macro.RenderBody(customerName, serviceCase.Number, serviceCase.Subject, agentName);
            var replied = await replies.ReplyOnAsync(db, serviceCase, new CaseReplyInput(body), now, cancellationToken);
            if (!replied.Succeeded)
            {
                return replied;
            }
        }

        // A tag is not something policies match on: only a new priority picks the policy again.
        var reprioritised = macro.SetPriority is { } priority && serviceCase.ChangePriority(priority, currentUser.ActorId, now);
        if (macro.AddTag is { } tag)
        {
            serviceCase.AddTag(tag, currentUser.ActorId, now);
        }

        if (reprioritised)
        {
            await Sla.CaseSla.AfterTriageAsync(db, serviceCase, await tiers.SpendTierAsync(serviceCase.CustomerId, cancellationToken), now, cancellationToken);
        }

        if (macro.SetStatus is { } status)
        {
            var changed = await statuses.ChangeOnAsync(db, serviceCase, status, now, cancellationToken);
            if (!changed.Succeeded)
            {
                return changed;
            }
        }

        await CaseStore.SaveAsync(db, serviceCase, cancellationToken);
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
            : $"The macro {macro.Name} sets status {CaseStatusNames.Of(status)}, which a case that is {CaseStatusNames.Of(from)} cannot take.";
    }
}
