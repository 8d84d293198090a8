using Crm.Contacts.Contracts;
using Crm.Contacts.Features.Shared;
using Crm.Kernel.Data;
using Crm.Kernel.Errors;
using Crm.Kernel.Identity;
using Crm.Kernel.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Crm.Contacts.Features.Customers.Save;

/// <summary>
/// Changes a customer read at a version: the same validator and checks as a create, an audit entry with old and new
/// values. Done with its id, or Invalid (nothing changed); a newer save by someone else is a <see cref="ConflictException"/>
/// (412 through <c>[IfMatch]</c>).
/// </summary>
internal sealed class UpdateCustomerHandler(
    IDbContextFactory<CrmDbContext> contextFactory, ICurrentUser currentUser, TimeProvider clock, IOptions<ContactsOptions> options)
{
    private readonly CustomerInputValidator validator = CustomerInputValidator.For(options.Value.DefaultPhoneRegion);

    public async Task<CommandResult<long>> UpdateAsync(long id, CustomerInput input, Guid expectedVersion, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var customer = await CustomerStore.LoadAsync(db, id, cancellationToken);
        ContactsAccess.EnsureEdit(currentUser, customer.OwnerId);

        var validation = OperationResult.From(await validator.ValidateAsync(input, cancellationToken));
        if (!validation.Succeeded)
        {
            return CommandResult.Invalid<long>(validation);
        }

        var problems = await CustomerSave.ProblemsAsync(db, currentUser, input, id, checkOwner: input.OwnerId != customer.OwnerId, cancellationToken);
        if (!problems.Succeeded)
        {
            return CommandResult.Invalid<long>(problems);
        }

        var before = AuditTrail.Snapshot(customer);
        db.Entry(customer).Property(c => c.Version).OriginalValue = expectedVersion;
        CustomerSave.Apply(customer, input, options.Value.DefaultPhoneRegion);
        customer.OwnerId = Trimmed.OrNull(input.OwnerId) ?? customer.OwnerId;
        // Always update the customer row, even when only emails or phones changed, so the version check applies.
        db.Entry(customer).Property(c => c.ModifiedAtUtc).IsModified = true;
        if (AuditTrail.Entry(id, "Updated", currentUser.ActorId, clock.GetUtcNow().UtcDateTime, before, AuditTrail.Snapshot(customer)) is { } entry)
        {
            db.Add(entry);
        }

        await CustomerStore.SaveOrConflictAsync(db, cancellationToken);
        return CommandResult.Done(id);
    }
}
