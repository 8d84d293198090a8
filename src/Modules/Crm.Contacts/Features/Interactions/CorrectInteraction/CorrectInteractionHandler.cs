using Crm.Contacts.Contracts;
using Crm.Contacts.Domain;
using Crm.Contacts.Features.Interactions.Writing;
using Crm.Contacts.Features.Shared;
using Crm.Kernel.Data;
using Crm.Kernel.Errors;
using Crm.Kernel.Identity;
using Microsoft.EntityFrameworkCore;

namespace Crm.Contacts.Features.Interactions.CorrectInteraction;

/// <summary>
/// Corrects an interaction read at a version (who may is <see cref="Interaction.CorrectRefusal"/>, a 403 otherwise): Done
/// with its id, or Invalid (nothing changed). A stale version is a <see cref="ConflictException"/> (412 through
/// <c>[IfMatch]</c>). The customer's last-contact time follows a later time.
/// </summary>
internal sealed class CorrectInteractionHandler(
    IDbContextFactory<CrmDbContext> contextFactory, ICurrentUser currentUser, InteractionInputValidator validator)
{
    public async Task<CommandResult<long>> CorrectAsync(
        long customerId, long interactionId, InteractionInput input, Guid expectedVersion, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var interaction = await db.Set<Interaction>().SingleOrDefaultAsync(i => i.Id == interactionId && i.CustomerId == customerId, cancellationToken)
            ?? throw new NotFoundException($"Customer {customerId} has no interaction {interactionId}.");
        if (interaction.CorrectRefusal(currentUser.ActorId, ContactsAccess.IsManagerOrAdmin(currentUser)) is { } refusal)
        {
            throw new ForbiddenException(refusal);
        }

        var validation = OperationResult.From(await validator.ValidateAsync(input, cancellationToken));
        if (!validation.Succeeded)
        {
            return CommandResult.Invalid<long>(validation);
        }

        db.Entry(interaction).Property(i => i.Version).OriginalValue = expectedVersion;
        interaction.Correct(input);
        db.Entry(interaction).Property(i => i.ModifiedAtUtc).IsModified = true;
        await db.SaveOrConflictAsync("Someone else changed this interaction since you opened it. Reload and try again.", cancellationToken);

        await InteractionWriter.TouchLastContactAsync(db, customerId, interaction.OccurredAtUtc, cancellationToken);
        return CommandResult.Done(interactionId);
    }
}
