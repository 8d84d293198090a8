using Crm.Contacts.Contracts;
using Crm.Kernel.Text;
using Crm.Kernel;
using Crm.Kernel.Data;
using Crm.Kernel.Errors;
using Crm.Kernel.Identity;
using Crm.Sales.Contracts;
using Crm.Service.Contracts;
using Crm.Service.Domain.Cases;
using Microsoft.EntityFrameworkCore;

namespace Crm.Service.Features.Cases.OpenCase;

/// <summary>
/// Opens a case for a customer: checks the customer (a SalesRep opens cases for their own customers only), the owner (only
/// workers name one: 403 for anyone else), the order, product and queue named, routes it in its queue (the named one or the
/// default) when no owner is given, then stores the case with the request as the first entry of its thread and reports it
/// on the customer's timeline, in one transaction.
/// </summary>
internal sealed class OpenCaseHandler(
    IDbContextFactory<CrmDbContext> contextFactory, ICurrentUser currentUser, TimeProvider clock, ICustomerDirectory customers,
    ISalesHistory sales, CaseWorkers workers, CaseOpening opening, Crm.Analytics.Contracts.ICustomerTiers tiers)
{
    private static readonly CaseInputValidator Validator = new();

    public async Task<CommandResult<long>> OpenAsync(CaseInput input, CancellationToken cancellationToken = default)
    {
        CaseAccess.EnsureRead(currentUser);
        var validation = OperationResult.From(await Validator.ValidateAsync(input, cancellationToken));
        if (!validation.Succeeded)
        {
            return CommandResult.Invalid<long>(validation);
        }

        var customer = await customers.FindAsync(input.CustomerId, cancellationToken);
        if (customer is null)
        {
            return CommandResult.Invalid<long>(OperationResult.Failure(nameof(CaseInput.CustomerId), $"No customer with id {input.CustomerId}."));
        }

        CaseAccess.EnsureCustomer(currentUser, customer);
        var problems = new List<ValidationError>();
        var ownerId = Trimmed.OrNull(input.OwnerId);
        if (ownerId is not null)
        {
            CaseAccess.EnsureMayChooseOwner(currentUser);
        }

        if (ownerId is not null && !await workers.IsWorkerAsync(ownerId, cancellationToken))
        {
            problems.Add(new ValidationError(nameof(CaseInput.OwnerId), $"'{ownerId}' is no ServiceAgent, Manager or Admin."));
        }

        if (input.OrderId is { } orderId && !await sales.IsOrderOfCustomerAsync(orderId, customer.Id, cancellationToken))
        {
            problems.Add(new ValidationError(nameof(CaseInput.OrderId), $"Order {orderId} is not an order of {customer.DisplayName}."));
        }

        var productCode = Trimmed.OrNull(input.ProductCode);
        if (productCode is not null && !(await sales.ProductNamesAsync([productCode], cancellationToken)).ContainsKey(productCode))
        {
            problems.Add(new ValidationError(nameof(CaseInput.ProductCode), $"No product with code '{productCode}'."));
        }

        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var queue = await Routing.CaseRouting.QueueForAsync(db, input.QueueId,
            new Domain.Routing.CaseFacts(input.Subject!.Trim(), Trimmed.OrNull(input.Category), input.Channel ?? Channel.Phone,
                await tiers.SpendTierAsync(customer.Id, cancellationToken)), cancellationToken);
        if (input.QueueId is { } queueId && queue is null)
        {
            problems.Add(new ValidationError(nameof(CaseInput.QueueId), $"No active queue with id {queueId}."));
        }

        if (problems.Count > 0)
        {
            return CommandResult.Invalid<long>(new OperationResult(problems));
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var description = Trimmed.OrNull(input.Description);
        var opened = ServiceCase.Open(customer.Id, input.Subject!.Trim(), description, input.Channel ?? Channel.Phone,
            input.Priority ?? CasePriority.Normal, currentUser.ActorId, now);
        opened.Category = Trimmed.OrNull(input.Category);
        opened.Tags = CaseStore.JoinTags(input.Tags ?? []);
        opened.OrderId = input.OrderId;
        opened.ProductCode = productCode;
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var owner = ownerId is null ? ((string, string?)?)null : (ownerId, await workers.NameOfAsync(ownerId, cancellationToken));
        await opening.StoreAsync(db, opened, queue, owner, description, currentUser.ActorId, now, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return CommandResult.Created(opened.Id);
    }
}
