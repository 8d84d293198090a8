using Crm.Contacts.Contracts;
using Crm.Contacts.Domain;
using Crm.Kernel.Text;
using FluentValidation;

namespace Crm.Contacts.Features.Customers.Preferences;

/// <summary>One set of rules for the 360 page's dialog and the API: a known category and source, a short fact, a real day.</summary>
internal sealed class PreferenceFactInputValidator : AbstractValidator<PreferenceFactInput>
{
    public PreferenceFactInputValidator(TimeProvider clock)
    {
        RuleFor(f => f.Category).IsInEnum().WithMessage("Choose what the fact is about.");
        RuleFor(f => f.Source).IsInEnum().WithMessage("Choose where the fact came from.");
        RuleFor(f => f.Value)
            .NotEmpty().WithMessage("Write down the preference or detail, for example 'allergic to nuts'.")
            .MaximumLength(PreferenceFact.MaxValueLength).NoControlCharacters();
        // A day ahead of UTC's today, for colleagues east of Greenwich whose day has begun.
        RuleFor(f => f.NotedOn)
            .Must(d => d is null || d.Value <= DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime).AddDays(1))
            .WithMessage("The day the fact was learnt cannot be in the future.")
            .Must(d => d is null || d.Value.Year >= 1900)
            .WithMessage("Enter a real date.");
    }
}
