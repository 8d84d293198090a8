using Crm.Contacts.Contracts;
using Crm.Kernel.Text;
using Crm.Kernel;
using Crm.Kernel.Data;
using Crm.Kernel.Errors;
using Crm.Kernel.Identity;
using Crm.Service.Contracts;
using Crm.Service.Domain.Cases;
using Microsoft.EntityFrameworkCore;

namespace Crm.Service.Features.Cases;

/// <summary>What the case use cases share: loading a case to work it, the version check, saving, the timeline entries.</summary>
internal static class CaseStore
{
    /// <summary>The case, when the user may work it (<see cref="CaseAccess"/>: its queue and owner) and it is unchanged since <paramref name="expectedVersion"/>.</summary>
    public static async Task<ServiceCase> LoadForWorkAsync(
        CrmDbContext db, ICurrentUser user, long id, Guid? expectedVersion, CancellationToken cancellationToken)
    {
        CaseAccess.EnsureWork(user);
        var found = await db.Set<ServiceCase>().SingleOrDefaultAsync(c => c.Id == id, cancellationToken)
            ?? throw new NotFoundException($"No case with id {id}.");
        await CaseAccess.EnsureWorkOnAsync(db, user, found, cancellationToken);
        if (expectedVersion is { } version && version != found.Version)
        {
            throw new ConflictException($"Someone else changed case {found.Number} since you opened it. Reload and try again.");
        }

        return found;
    }

    public static Task SaveAsync(CrmDbContext db, ServiceCase changed, CancellationToken cancellationToken) =>
        db.SaveOrConflictAsync($"Someone else changed case {changed.Number} at the same time. Reload and try again.", cancellationToken);

    /// <summary>
    /// Puts a contact of the case on the customer's CCR timeline: raised in the case's transaction, written by Contacts once
    /// it has committed (the outbox). The channel is the case's unless the contact came on another (<paramref name="channel"/>).
    /// </summary>
    public static void ReportOnTimeline(
        CrmDbContext db, ServiceCase serviceCase, InteractionDirection direction, string subject, string? notes, string actorId, DateTime atUtc,
        Channel? channel = null) =>
        db.RaiseAfterCommit(new InteractionReported(new InteractionEntry(
            serviceCase.CustomerId, channel ?? serviceCase.Channel, direction, InteractionType.Case, atUtc,
            Trim($"{serviceCase.Number}: {subject}", 200), notes is null ? null : Trim(notes, 4000), HandledBy: actorId,
            CaseId: serviceCase.Number)));

    /// <summary>Tags as stored: trimmed, distinct ignoring case, in the order given.</summary>
    public static string JoinTags(IEnumerable<string> tags) =>
        string.Join('|', tags.Select(t => t.Trim()).Where(t => t.Length > 0).Distinct(StringComparer.OrdinalIgnoreCase));

    private static string Trim(string text, int length) => text.Length <= length ? text : text[..(length - 1)] + "…";
}
