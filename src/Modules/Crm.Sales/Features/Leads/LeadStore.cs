using Crm.Kernel.Data;
using Crm.Kernel.Errors;
using Crm.Kernel.Identity;
using Crm.Kernel.Text;
using Crm.Sales.Domain;
using Microsoft.EntityFrameworkCore;

namespace Crm.Sales.Features.Leads;

/// <summary>What the lead use cases share: loading a lead to change it (access, version, not converted), saving, names.</summary>
internal static class LeadStore
{
    /// <summary>
    /// The lead, when the user may work it (403 otherwise, 404 for an unknown id) and it is unchanged since
    /// <paramref name="expectedVersion"/> (a stale one is a <see cref="ConflictException"/>, 412 through <c>[IfMatch]</c>).
    /// Whether it may still change (<see cref="Lead.EditRefusal"/>) is each handler's Conflict.
    /// </summary>
    public static async Task<Lead> LoadForEditAsync(CrmDbContext db, ICurrentUser currentUser, long id, Guid? expectedVersion, CancellationToken cancellationToken)
    {
        LeadAccess.EnsureUse(currentUser);
        var lead = await LoadAsync(db, id, cancellationToken);
        LeadAccess.EnsureEdit(currentUser, lead);
        CheckVersion(lead, expectedVersion);
        return lead;
    }

    public static async Task<Lead> LoadAsync(CrmDbContext db, long id, CancellationToken cancellationToken) =>
        await db.Set<Lead>().SingleOrDefaultAsync(l => l.Id == id, cancellationToken)
            ?? throw new NotFoundException($"No lead with id {id}.");

    public static void CheckVersion(Lead lead, Guid? expectedVersion)
    {
        if (expectedVersion is { } version && version != lead.Version)
        {
            throw new ConflictException("Someone else changed this lead since you opened it. Reload and try again.");
        }
    }

    public static Task SaveAsync(CrmDbContext db, CancellationToken cancellationToken) =>
        db.SaveOrConflictAsync("Someone else changed this lead at the same time. Reload and try again.", cancellationToken);

    public static string NameOf(Lead lead) =>
        string.Join(' ', new[] { lead.FirstName, lead.LastName }.OfType<string>()) is { Length: > 0 } name
            ? lead.CompanyName is null ? name : $"{name} ({lead.CompanyName})"
            : lead.CompanyName ?? lead.Email ?? lead.Phone ?? $"Lead {lead.Id}";
}
