using Crm.Service.Contracts;
using Crm.Service.Domain.Cases;
using Crm.Service.Domain.Macros;
using FluentValidation;

namespace Crm.Service.Features.Macros.SaveMacro;

/// <summary>One set of rules for the macro form and the API: a name, known placeholders only, at least a text or an action.</summary>
internal sealed class MacroInputValidator : AbstractValidator<MacroInput>
{
    public MacroInputValidator()
    {
        RuleFor(m => m.Name).Must(n => !string.IsNullOrWhiteSpace(n)).WithMessage("Give the macro a name.")
            .MaximumLength(Macro.MaxNameLength).WithMessage($"The name is at most {Macro.MaxNameLength} characters.");
        RuleFor(m => m.Body).MaximumLength(CaseEntry.MaxBodyLength).WithMessage($"The reply is at most {CaseEntry.MaxBodyLength} characters.")
            .Must(b => Macro.UnknownPlaceholders(b).Count == 0)
            .WithMessage(m => $"Unknown placeholder {string.Join(", ", Macro.UnknownPlaceholders(m.Body).Select(p => $"{{{{{p}}}}}"))}: use {KnownPlaceholders}.");
        RuleFor(m => m.SetStatus).Must(s => s is null || Enum.IsDefined(s.Value))
            .WithMessage($"Choose a status: {string.Join(", ", Enum.GetNames<CaseStatus>())}.");
        RuleFor(m => m.SetPriority).Must(p => p is null || Enum.IsDefined(p.Value))
            .WithMessage($"Choose a priority: {string.Join(", ", Enum.GetNames<CasePriority>())}.");
        RuleFor(m => m.AddTag).MaximumLength(Macro.MaxTagLength).WithMessage($"The tag is at most {Macro.MaxTagLength} characters.")
            .Must(t => t is null || !t.Contains('|', StringComparison.Ordinal)).WithMessage("A tag cannot contain '|'.");
        RuleFor(m => m).Must(m => !string.IsNullOrWhiteSpace(m.Body) || m.SetStatus is not null || m.SetPriority is not null || !string.IsNullOrWhiteSpace(m.AddTag))
            .WithName(nameof(MacroInput.Body)).OverridePropertyName(nameof(MacroInput.Body))
            .WithMessage("Give the macro a reply or at least one action (status, priority or tag).");
    }

    public static string KnownPlaceholders => string.Join(", ", Macro.Placeholders.Keys.Select(p => $"{{{{{p}}}}}"));
}
