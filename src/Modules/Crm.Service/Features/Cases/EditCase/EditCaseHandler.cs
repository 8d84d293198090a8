using Crm.Kernel.Data;
using Crm.Kernel.Errors;
using Crm.Kernel.Identity;
using Crm.Kernel.Text;
using Crm.Sales.Contracts;
using Crm.Service.Contracts;
using Crm.Service.Domain.Cases;
using Microsoft.EntityFrameworkCore;

namespace Crm.Service.Features.Cases.EditCase;

/// <summary>
/// Corrects a case's subject, category, priority, tags and the order or product it is about. The change and the values
/// before it are one event on the thread; a new priority or category may put another SLA policy in force from now on, and
/// the SLA figures are brought up to date in the same transaction.
/// </summary>
internal sealed class EditCaseHandler(
    IDbContextFactory<CrmDbContext> contextFactory, ICurrentUser currentUser, TimeProvider clock, ISalesHistory sales,
    Crm.Analytics.Contracts.ICustomerTiers tiers)
{
    private static readonly CaseUpdateInputValidator Validator = new();

    public async Task<CommandResult<long>> EditAsync(long caseId, CaseUpdateInput input, Guid? expectedVersion, CancellationToken cancellationToken = default)
    {
        CaseAccess.EnsureWork(currentUser);
        var validation = OperationResult.From(await Validator.ValidateAsync(input, cancellationToken));
        if (!validation.Succeeded)
        {
            return CommandResult.Invalid<long>(validation);
        }

        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var serviceCase = await CaseStore.LoadForWorkAsync(db, currentUser, caseId, expectedVersion, cancellationToken);
        if (serviceCase.EditRefusal is { } refusal)
        {
            return CommandResult.Conflict<long>(refusal);
        }

        var problems = new List<ValidationError>();
        if (input.OrderId is { } orderId && orderId != serviceCase.OrderId
            && !await sales.IsOrderOfCustomerAsync(orderId, serviceCase.CustomerId, cancellationToken))
        {
            problems.Add(new ValidationError(nameof(CaseUpdateInput.OrderId), $"Order {orderId} is not an order of the case's customer."));
        }

        var productCode = Trimmed.OrNull(input.ProductCode);
        if (productCode is not null && productCode != serviceCase.ProductCode
            && !(await sales.ProductNamesAsync([productCode], cancellationToken)).ContainsKey(productCode))
        {
            problems.Add(new ValidationError(nameof(CaseUpdateInput.ProductCode), $"No product with code '{productCode}'."));
        }

        if (problems.Count > 0)
        {
            return CommandResult.Invalid<long>(new OperationResult(problems));
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var fields = new CaseFields(input.Subject!.Trim(), Trimmed.OrNull(input.Category), input.Priority!.Value,
            CaseStore.JoinTags(input.Tags ?? []), input.OrderId, productCode);
        var triage = (serviceCase.Priority, serviceCase.Category);
        if (!serviceCase.Edit(fields, currentUser.ActorId, now))
        {
            return CommandResult.Unchanged(serviceCase.Id);
        }

        // Only what policies match on picks the policy again: a new subject, tag, order or product leaves the SLA as it is.
        if (triage != (serviceCase.Priority, serviceCase.Category))
        {
            await Sla.CaseSla.AfterTriageAsync(db, serviceCase, await tiers.SpendTierAsync(serviceCase.CustomerId, cancellationToken), now, cancellationToken);
        }

        await CaseStore.SaveAsync(db, serviceCase, cancellationToken);
        return CommandResult.Done(serviceCase.Id);
    }
}
