using Crm.Contacts.Contracts;
using Crm.Contacts.Domain;
using Crm.Contacts.Features.Interactions.Writing;
using Crm.Contacts.Features.Shared;
using Crm.Kernel.Data;
using Crm.Kernel.Errors;
using Crm.Kernel.Identity;
using Microsoft.EntityFrameworkCore;

namespace Crm.Contacts.Features.Interactions.LogInteraction;

/// <summary>
/// Logs a contact with a customer on the CCR timeline (every role may; see <see cref="Interaction.Log"/>) and moves the
/// customer's last-contact time: Created with the id, or Invalid. An unknown customer is a <see cref="NotFoundException"/>.
/// A person's outbound call, email or SMS gets an "is this really you?" code (<see cref="Interaction.NeedsVerificationCode"/>),
/// kept on the entry for the agent to give the customer.
/// </summary>
internal sealed class LogInteractionHandler(
    InteractionWriter writer, ICurrentUser currentUser, TimeProvider clock, InteractionInputValidator validator,
    IContactVerification verification, IDbContextFactory<CrmDbContext> contextFactory)
{
    public async Task<CommandResult<long>> LogAsync(long customerId, InteractionInput input, CancellationToken cancellationToken = default)
    {
        ContactsAccess.EnsureRead(currentUser);
        var validation = OperationResult.From(await validator.ValidateAsync(input, cancellationToken));
        if (!validation.Succeeded)
        {
            return CommandResult.Invalid<long>(validation);
        }

        var interaction = Interaction.Log(customerId, input, clock.GetUtcNow().UtcDateTime, currentUser.ActorId);
        var id = await writer.RecordAsync(interaction, cancellationToken);
        if (interaction.NeedsVerificationCode
            && await verification.IssueAsync(currentUser.ActorId, interaction.Channel, customerId, cancellationToken) is { } issued)
        {
            // Issued once the entry is stored (an unknown customer gets none); the entry keeps the code for the agent.
            await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
            await db.Set<Interaction>().Where(i => i.Id == id)
                .ExecuteUpdateAsync(s => s.SetProperty(i => i.VerificationCode, issued.Code), cancellationToken);
        }

        return CommandResult.Created(id);
    }
}
