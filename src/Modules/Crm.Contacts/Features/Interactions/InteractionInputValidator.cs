using Crm.Contacts.Contracts;
using Crm.Kernel.Text;
using FluentValidation;

namespace Crm.Contacts.Features.Interactions;

internal sealed class InteractionInputValidator : AbstractValidator<InteractionInput>
{
    public InteractionInputValidator(TimeProvider clock)
    {
        RuleFor(i => i.Channel).IsInEnum();
        RuleFor(i => i.Direction).IsInEnum();
        RuleFor(i => i.Type).IsInEnum();
        RuleFor(i => i.Subject).NotEmpty().WithMessage("Say in a few words what the contact was about.").MaximumLength(300).NoControlCharacters();
        RuleFor(i => i.Notes).MaximumLength(8000).NoControlCharactersButLineBreaks();
        RuleFor(i => i.Outcome).MaximumLength(200).NoControlCharacters();
        RuleFor(i => i.DurationSeconds).InclusiveBetween(0, 24 * 3600).WithMessage("The duration must be between 0 seconds and 24 hours.");
        RuleFor(i => i.OccurredAtUtc)
            .Must(t => t is null || t.Value <= clock.GetUtcNow().UtcDateTime.AddMinutes(5))
            .WithMessage("An interaction cannot be in the future.")
            .Must(t => t is null || t.Value.Year >= 1900)
            .WithMessage("Enter a real date.");
        RuleFor(i => i.OrderId).MaximumLength(100).NoControlCharacters();
        RuleFor(i => i.CaseId).MaximumLength(100).NoControlCharacters();
        RuleFor(i => i.CampaignId).MaximumLength(100).NoControlCharacters();
    }
}
