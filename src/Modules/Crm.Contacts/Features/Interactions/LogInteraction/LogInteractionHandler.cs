using Crm.Contacts.Contracts;
using Crm.Contacts.Domain;
using Crm.Contacts.Features.Interactions.Writing;
using Crm.Contacts.Features.Shared;
using Crm.Kernel.Errors;
using Crm.Kernel.Identity;

namespace Crm.Contacts.Features.Interactions.LogInteraction;

/// <summary>
/// Logs a contact with a customer on the CCR timeline (every role may; see <see cref="Interaction.Log"/>) and moves the
/// customer's last-contact time: Created with the id, or Invalid. An unknown customer is a <see cref="NotFoundException"/>.
/// </summary>
internal sealed class LogInteractionHandler(
    InteractionWriter writer, ICurrentUser currentUser, TimeProvider clock, InteractionInputValidator validator)
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
        return CommandResult.Created(await writer.RecordAsync(interaction, cancellationToken));
    }
}
