using Crm.Kernel.Data;
using Crm.Kernel.Errors;
using Crm.Kernel.Identity;
using Crm.Service.Contracts;
using Crm.Service.Domain.Macros;
using Crm.Service.Features.Cases;
using Microsoft.EntityFrameworkCore;

namespace Crm.Service.Features.Macros;

/// <summary>Reads macros: agents the active ones (to apply), Managers and Admins all of them (to manage).</summary>
internal sealed class MacroQueries(IDbContextFactory<CrmDbContext> contextFactory, ICurrentUser currentUser)
{
    /// <summary>Macros by name; deactivated ones too when <paramref name="includeInactive"/> (Managers and Admins only).</summary>
    public async Task<IReadOnlyList<MacroView>> ListAsync(bool includeInactive = false, CancellationToken cancellationToken = default)
    {
        CaseAccess.EnsureWork(currentUser);
        if (includeInactive)
        {
            MacroAccess.EnsureManage(currentUser);
        }

        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var macros = await db.Set<Macro>().AsNoTracking().Where(m => includeInactive || m.IsActive).ToListAsync(cancellationToken);
        return [.. macros.OrderByDescending(m => m.IsActive).ThenBy(m => m.Name, StringComparer.CurrentCultureIgnoreCase).Select(View)];
    }

    /// <summary>One macro; a deactivated one only for Managers and Admins.</summary>
    public async Task<MacroView> GetAsync(long id, CancellationToken cancellationToken = default)
    {
        CaseAccess.EnsureWork(currentUser);
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var macro = await db.Set<Macro>().AsNoTracking().SingleOrDefaultAsync(m => m.Id == id, cancellationToken);
        if (macro is null || (!macro.IsActive && !MacroAccess.MayManage(currentUser)))
        {
            throw new NotFoundException($"No macro with id {id}.");
        }

        return View(macro);
    }

    public static MacroView View(Macro m) =>
        new(m.Id, m.Name, m.Body, m.SetStatus, m.SetPriority, m.AddTag, m.IsActive,
            Macro.Describe(m.Body.Length > 0, m.SetStatus, m.SetPriority, m.AddTag), m.ModifiedAtUtc, m.Version);
}
