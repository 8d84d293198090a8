using Crm.Service.Contracts;
using FluentValidation;

namespace Crm.Service.Features.Cases.SplitCase;

/// <summary>The customer's message to split off and the new case's subject.</summary>
internal sealed class CaseSplitInputValidator : AbstractValidator<CaseSplitInput>
{
    public CaseSplitInputValidator()
    {
        RuleFor(s => s.EntryId).GreaterThan(0).WithMessage("Choose the customer's message to split off.");
        RuleFor(s => s.Subject).NotEmpty().WithMessage("Give the new case a subject.")
            .MaximumLength(200).WithMessage("The subject may have at most 200 characters.");
    }
}
