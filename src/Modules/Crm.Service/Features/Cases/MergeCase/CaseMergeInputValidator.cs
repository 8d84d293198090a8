using Crm.Service.Contracts;
using Crm.Service.Domain.Cases;
using FluentValidation;

namespace Crm.Service.Features.Cases.MergeCase;

/// <summary>The case to merge into, named by its number (<c>CS-000123</c>) or id.</summary>
internal sealed class CaseMergeInputValidator : AbstractValidator<CaseMergeInput>
{
    public CaseMergeInputValidator() =>
        RuleFor(m => m.Target).NotEmpty().WithMessage("Choose the case to merge into.")
            .Must(t => t is null || t.Trim().Length == 0 || ServiceCase.IdOf(t) is not null).WithMessage("Name the case by its number, like CS-000123.");
}
