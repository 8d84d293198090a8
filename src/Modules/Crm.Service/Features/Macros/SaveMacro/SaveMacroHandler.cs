using Crm.Kernel.Data;
using Crm.Kernel.Errors;
using Crm.Kernel.Identity;
using Crm.Service.Contracts;
using Crm.Service.Domain.Macros;
using Microsoft.EntityFrameworkCore;

namespace Crm.Service.Features.Macros.SaveMacro;

/// <summary>
/// Creates, edits, deactivates and deletes macros (Managers and Admins). Names are unique ignoring case, so agents pick the
/// right one; placeholders must be known when saving, so a typo fails here rather than in a customer's inbox.
/// </summary>
internal sealed class SaveMacroHandler(IDbContextFactory<CrmDbContext> contextFactory, ICurrentUser currentUser)
{
    private static readonly MacroInputValidator Validator = new();

    public async Task<CommandResult<long>> CreateAsync(MacroInput input, CancellationToken cancellationToken = default)
    {
        MacroAccess.EnsureManage(currentUser);
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var problems = await CheckAsync(db, input, null, cancellationToken);
        if (!problems.Succeeded)
        {
            return CommandResult.Invalid<long>(problems);
        }

        var macro = Macro.Create(input.Name!, input.Body, input.SetStatus, input.SetPriority, input.AddTag);
        db.Add(macro);
        await SaveAsync(db, macro, cancellationToken);
        return CommandResult.Created(macro.Id);
    }

    public async Task<CommandResult<long>> UpdateAsync(long id, MacroInput input, Guid? expectedVersion, CancellationToken cancellationToken = default)
    {
        MacroAccess.EnsureManage(currentUser);
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var macro = await LoadAsync(db, id, expectedVersion, cancellationToken);
        var problems = await CheckAsync(db, input, id, cancellationToken);
        if (!problems.Succeeded)
        {
            return CommandResult.Invalid<long>(problems);
        }

        macro.Edit(input.Name!, input.Body, input.SetStatus, input.SetPriority, input.AddTag);
        await SaveAsync(db, macro, cancellationToken);
        return CommandResult.Done(macro.Id);
    }

    /// <summary>Deactivates a macro (agents no longer see it; replies it sent stay) or activates it again.</summary>
    public async Task<CommandResult<long>> SetActiveAsync(long id, bool active, Guid? expectedVersion, CancellationToken cancellationToken = default)
    {
        MacroAccess.EnsureManage(currentUser);
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var macro = await LoadAsync(db, id, expectedVersion, cancellationToken);
        if (macro.IsActive == active)
        {
            return CommandResult.Unchanged(macro.Id);
        }

        macro.SetActive(active);
        await SaveAsync(db, macro, cancellationToken);
        return CommandResult.Done(macro.Id);
    }

    /// <summary>Deletes a macro for good. Replies it sent are entries of their cases' threads and stay.</summary>
    public async Task<CommandResult<long>> DeleteAsync(long id, Guid? expectedVersion, CancellationToken cancellationToken = default)
    {
        MacroAccess.EnsureManage(currentUser);
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var macro = await LoadAsync(db, id, expectedVersion, cancellationToken);
        db.Remove(macro);
        await SaveAsync(db, macro, cancellationToken);
        return CommandResult.Done(id);
    }

    private static async Task<Macro> LoadAsync(CrmDbContext db, long id, Guid? expectedVersion, CancellationToken cancellationToken)
    {
        var macro = await db.Set<Macro>().SingleOrDefaultAsync(m => m.Id == id, cancellationToken)
            ?? throw new NotFoundException($"No macro with id {id}.");
        if (expectedVersion is { } version && version != macro.Version)
        {
            throw new ConflictException($"Someone else changed the macro {macro.Name} since you opened it. Reload and try again.");
        }

        return macro;
    }

    private static async Task<OperationResult> CheckAsync(CrmDbContext db, MacroInput input, long? id, CancellationToken cancellationToken)
    {
        var validation = OperationResult.From(await Validator.ValidateAsync(input, cancellationToken));
        if (!validation.Succeeded)
        {
            return validation;
        }

        var name = input.Name!.Trim();
        var upper = name.ToUpperInvariant();
        return await db.Set<Macro>().AnyAsync(m => m.Id != id && m.Name.ToUpper() == upper, cancellationToken)
            ? OperationResult.Failure(nameof(MacroInput.Name), $"A macro named '{name}' exists already.")
            : OperationResult.Success;
    }

    private static Task SaveAsync(CrmDbContext db, Macro macro, CancellationToken cancellationToken) =>
        db.SaveOrConflictAsync(
            $"Someone else changed the macro {macro.Name} at the same time. Reload and try again.",
            $"Someone else saved a macro named '{macro.Name}' at the same time. Reload and choose another name.",
            cancellationToken);
}
