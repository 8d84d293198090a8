using System.Text.Json;
using Crm.Contacts.Domain;
using Crm.Contacts.Features.Customers.Browse;
using Crm.Contacts.Features.Shared;
using Crm.Kernel.Data;
using Crm.Kernel.Errors;
using Crm.Kernel.Identity;
using Microsoft.EntityFrameworkCore;

namespace Crm.Contacts.Features.Customers.Views;

internal sealed record SavedViewSummary(long Id, string Name, CustomerListQuery Query);

/// <summary>Each user's named customer-list views. A user sees and changes only their own.</summary>
internal sealed class SavedViews(IDbContextFactory<CrmDbContext> contextFactory, ICurrentUser currentUser, TimeProvider clock)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public async Task<IReadOnlyList<SavedViewSummary>> MineAsync(CancellationToken cancellationToken = default)
    {
        ContactsAccess.EnsureRead(currentUser);
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var views = await db.Set<SavedView>().Where(v => v.OwnerUserId == currentUser.ActorId).OrderBy(v => v.Name).ToListAsync(cancellationToken);
        return [.. views.Select(v => new SavedViewSummary(v.Id, v.Name, JsonSerializer.Deserialize<CustomerListQuery>(v.QueryJson, Json) ?? new CustomerListQuery()))];
    }

    /// <summary>
    /// Saves the view under <paramref name="name"/>: Created with its id, Done when it replaced the user's view of the same
    /// name, or Invalid for a missing or long name.
    /// </summary>
    public async Task<CommandResult<long>> SaveAsync(string name, CustomerListQuery query, CancellationToken cancellationToken = default)
    {
        ContactsAccess.EnsureRead(currentUser);
        name = name.Trim();
        if (name.Length is 0 or > 100)
        {
            return CommandResult.Invalid<long>(OperationResult.Failure("Name", "Give the view a name of 1 to 100 characters."));
        }

        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var view = await db.Set<SavedView>().SingleOrDefaultAsync(v => v.OwnerUserId == currentUser.ActorId && v.Name == name, cancellationToken);
        var isNew = view is null;
        if (view is null)
        {
            view = new SavedView { OwnerUserId = currentUser.ActorId, Name = name, CreatedAtUtc = clock.GetUtcNow().UtcDateTime };
            db.Add(view);
        }

        view.QueryJson = JsonSerializer.Serialize(query with { Page = 0 }, Json);
        await db.SaveChangesAsync(cancellationToken);
        return isNew ? CommandResult.Created(view.Id) : CommandResult.Done(view.Id);
    }

    /// <summary>Deletes one of the user's views: Done with its id; someone else's or an unknown one is a <see cref="NotFoundException"/>.</summary>
    public async Task<CommandResult<long>> DeleteAsync(long id, CancellationToken cancellationToken = default)
    {
        ContactsAccess.EnsureRead(currentUser);
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var deleted = await db.Set<SavedView>().Where(v => v.Id == id && v.OwnerUserId == currentUser.ActorId).ExecuteDeleteAsync(cancellationToken);
        if (deleted == 0)
        {
            throw new NotFoundException($"You have no saved view {id}.");
        }

        return CommandResult.Done(id);
    }
}
