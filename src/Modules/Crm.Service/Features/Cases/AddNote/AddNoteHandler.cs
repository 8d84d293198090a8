using Crm.Kernel.Data;
using Crm.Kernel.Errors;
using Crm.Kernel.Identity;
using Crm.Service.Contracts;
using Microsoft.EntityFrameworkCore;

namespace Crm.Service.Features.Cases.AddNote;

/// <summary>An internal note on a case: for colleagues only, never on the customer's timeline, no effect on response times.</summary>
internal sealed class AddNoteHandler(IDbContextFactory<CrmDbContext> contextFactory, ICurrentUser currentUser, TimeProvider clock)
{
    public async Task<CommandResult<long>> AddAsync(long caseId, CaseNoteInput input, Guid? expectedVersion, CancellationToken cancellationToken = default)
    {
        CaseAccess.EnsureWork(currentUser);
        if (CaseText.Check(input.Body, nameof(CaseNoteInput.Body), "note") is { Succeeded: false } invalid)
        {
            return CommandResult.Invalid<long>(invalid);
        }

        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var serviceCase = await CaseStore.LoadForWorkAsync(db, currentUser, caseId, expectedVersion, cancellationToken);
        if (serviceCase.EditRefusal is { } refusal)
        {
            return CommandResult.Conflict<long>(refusal);
        }

        var now = clock.GetUtcNow().UtcDateTime;
        serviceCase.Note(input.Body.Trim(), currentUser.ActorId, now);
        await Sla.CaseSla.CatchUpAsync(db, serviceCase, now, record: false, cancellationToken);
        await CaseStore.SaveAsync(db, serviceCase, cancellationToken);
        return CommandResult.Done(serviceCase.Id);
    }
}
