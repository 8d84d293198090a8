using Crm.Contacts.Contracts;
using Crm.Contacts.Domain;
using Crm.Contacts.Features.Shared;
using Crm.Kernel.Data;
using Crm.Kernel.Errors;
using Crm.Kernel.Identity;
using Microsoft.EntityFrameworkCore;

namespace Crm.Contacts.Features.Customers.Preferences;

/// <summary>
/// Records a preference or personal detail on a customer (who may: <see cref="ContactsAccess.CanRecordFacts"/>, a 403
/// otherwise): Created with its id, or Invalid with the fields named. An unknown customer is a <see cref="NotFoundException"/>.
/// </summary>
internal sealed class RecordPreferenceFactHandler(
    IDbContextFactory<CrmDbContext> contextFactory, ICurrentUser currentUser, TimeProvider clock, PreferenceFactInputValidator validator)
{
    public async Task<CommandResult<long>> RecordAsync(long customerId, PreferenceFactInput input, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var owner = await db.Set<Customer>().Where(c => c.Id == customerId).Select(c => new { c.OwnerId }).SingleOrDefaultAsync(cancellationToken)
            ?? throw new NotFoundException($"No customer with id {customerId}.");
        ContactsAccess.EnsureRecordFacts(currentUser, owner.OwnerId);
        var validation = OperationResult.From(await validator.ValidateAsync(input, cancellationToken));
        if (!validation.Succeeded)
        {
            return CommandResult.Invalid<long>(validation);
        }

        var fact = PreferenceFact.Record(customerId, input, DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime));
        db.Add(fact);
        await db.SaveChangesAsync(cancellationToken);
        return CommandResult.Created(fact.Id);
    }
}
