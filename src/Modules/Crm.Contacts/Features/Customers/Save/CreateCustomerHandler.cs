using Crm.Contacts.Contracts;
using Crm.Contacts.Domain;
using Crm.Contacts.Features.Shared;
using Crm.Kernel.Data;
using Crm.Kernel.Errors;
using Crm.Kernel.Identity;
using Crm.Kernel.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Crm.Contacts.Features.Customers.Save;

/// <summary>
/// How creating a customer ended (<see cref="Result"/>: Created with the id, Invalid, or Conflict when it looks like a
/// customer already stored) and those likely <see cref="Duplicates"/>. A result of its own rather than the bare
/// <see cref="CommandResult{T}"/> because the refusal carries a list: the form shows the duplicates to confirm against,
/// the API's 409 lists them in <c>duplicates</c>, and the kernel's Conflict holds only a message.
/// </summary>
internal sealed record CreateCustomerResult(CommandResult<long> Result, IReadOnlyList<DuplicateCandidate> Duplicates);

/// <summary>
/// Creates a customer: validates with <see cref="CustomerInputValidator"/>, normalises emails and phones, checks access
/// (a SalesRep owns what they create), refuses likely duplicates unless the caller confirmed, and writes an audit entry.
/// </summary>
internal sealed class CreateCustomerHandler(
    IDbContextFactory<CrmDbContext> contextFactory, ICurrentUser currentUser, TimeProvider clock, IOptions<ContactsOptions> options)
{
    private readonly CustomerInputValidator validator = CustomerInputValidator.For(options.Value.DefaultPhoneRegion);

    public Task<CreateCustomerResult> CreateAsync(CustomerInput input, bool allowDuplicates, CancellationToken cancellationToken = default)
    {
        ContactsAccess.EnsureCreate(currentUser);
        return CreateCheckedAsync(input, allowDuplicates, cancellationToken);
    }

    /// <summary>A caller on the phone who is not yet a customer: the ServiceAgent taking the call may register them too (without becoming their owner).</summary>
    public Task<CreateCustomerResult> CreateCallerAsync(CustomerInput input, bool allowDuplicates, CancellationToken cancellationToken = default)
    {
        ContactsAccess.EnsureCreateCaller(currentUser);
        return CreateCheckedAsync(input, allowDuplicates, cancellationToken);
    }

    private async Task<CreateCustomerResult> CreateCheckedAsync(CustomerInput input, bool allowDuplicates, CancellationToken cancellationToken)
    {
        var validation = OperationResult.From(await validator.ValidateAsync(input, cancellationToken));
        if (!validation.Succeeded)
        {
            return new CreateCustomerResult(CommandResult.Invalid<long>(validation), []);
        }

        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var problems = await CustomerSave.ProblemsAsync(db, currentUser, input, null, checkOwner: true, cancellationToken);
        if (!problems.Succeeded)
        {
            return new CreateCustomerResult(CommandResult.Invalid<long>(problems), []);
        }

        var customer = new Customer();
        CustomerSave.Apply(customer, input, options.Value.DefaultPhoneRegion);
        customer.OwnerId = string.IsNullOrWhiteSpace(input.OwnerId) && ContactsAccess.CanCreate(currentUser) && !ContactsAccess.IsManagerOrAdmin(currentUser)
            ? currentUser.ActorId
            : Trimmed.OrNull(input.OwnerId);

        if (!allowDuplicates)
        {
            var duplicates = await DuplicateFinder.FindAsync(db, null, [.. customer.Emails.Select(e => e.Address)],
                [.. customer.Phones.Select(p => p.Number)], customer.SearchName, customer.CompanyId, customer.City, cancellationToken);
            if (duplicates.Count > 0)
            {
                return new CreateCustomerResult(CommandResult.Conflict<long>("This looks like a customer who is already in eCRM."), duplicates);
            }
        }

        db.Add(customer);
        await db.SaveChangesAsync(cancellationToken);
        db.Add(AuditTrail.Entry(customer.Id, "Created", currentUser.ActorId, clock.GetUtcNow().UtcDateTime, null, AuditTrail.Snapshot(customer))!);
        await db.SaveChangesAsync(cancellationToken);
        return new CreateCustomerResult(CommandResult.Created(customer.Id), []);
    }
}
