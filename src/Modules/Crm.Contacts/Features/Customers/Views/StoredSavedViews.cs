using Crm.Contacts.Contracts;
using Crm.Contacts.Domain;
using Crm.Contacts.Features.Shared;
using Crm.Kernel.Data;
using Crm.Kernel.Errors;
using Crm.Kernel.Identity;
using Microsoft.EntityFrameworkCore;

namespace Crm.Contacts.Features.Customers.Views;

/// <summary>Saved views of any list, each user's own, in Contacts_SavedViews under the list's key.</summary>
internal sealed class StoredSavedViews(IDbContextFactory<CrmDbContext> contextFactory, ICurrentUser currentUser, TimeProvider clock) : ISavedViews
{
    public async Task<IReadOnlyList<SavedViewDto>> MineAsync(string list, CancellationToken cancellationToken = default)
    {
        ContactsAccess.EnsureRead(currentUser);
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var me = currentUser.ActorId;
        return await db.Set<SavedView>().Where(v => v.OwnerUserId == me && v.ListKey == list).OrderBy(v => v.Name)
            .Select(v => new SavedViewDto(v.Id, v.Name, v.QueryJson)).ToListAsync(cancellationToken);
    }

    public async Task<CommandResult<long>> SaveAsync(string list, string name, string queryJson, CancellationToken cancellationToken = default)
    {
        ContactsAccess.EnsureRead(currentUser);
        ArgumentException.ThrowIfNullOrWhiteSpace(list);
        name = (name ?? "").Trim();
        if (name.Length is 0 or > ISavedViews.MaxNameLength)
        {
            return CommandResult.Invalid<long>(OperationResult.Failure("Name", $"Give the view a name of 1 to {ISavedViews.MaxNameLength} characters."));
        }

        if (string.IsNullOrWhiteSpace(queryJson) || queryJson.Length > ISavedViews.MaxQueryLength)
        {
            return CommandResult.Invalid<long>(OperationResult.Failure("Query", "These filters are too long to save as a view."));
        }

        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var me = currentUser.ActorId;
        var view = await db.Set<SavedView>().SingleOrDefaultAsync(v => v.OwnerUserId == me && v.ListKey == list && v.Name == name, cancellationToken);
        var isNew = view is null;
        if (view is null)
        {
            view = new SavedView { OwnerUserId = me, ListKey = list, Name = name, CreatedAtUtc = clock.GetUtcNow().UtcDateTime };
            db.Add(view);
        }

        view.QueryJson = queryJson;
        await db.SaveChangesAsync(cancellationToken);
        return isNew ? CommandResult.Created(view.Id) : CommandResult.Done(view.Id);
    }

    public async Task<CommandResult<long>> DeleteAsync(string list, long id, CancellationToken cancellationToken = default)
    {
        ContactsAccess.EnsureRead(currentUser);
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var me = currentUser.ActorId;
        var deleted = await db.Set<SavedView>().Where(v => v.Id == id && v.OwnerUserId == me && v.ListKey == list).ExecuteDeleteAsync(cancellationToken);
        if (deleted == 0)
        {
            throw new NotFoundException($"You have no saved view {id}.");
        }

        return CommandResult.Done(id);
    }
}
