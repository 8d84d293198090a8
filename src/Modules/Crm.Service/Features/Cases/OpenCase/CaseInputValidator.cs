using Crm.Service.Contracts;
using Crm.Service.Domain.Cases;
using FluentValidation;

namespace Crm.Service.Features.Cases.OpenCase;

/// <summary>The fields of a new case, each with a message that names it.</summary>
internal sealed class CaseInputValidator : AbstractValidator<CaseInput>
{
    public CaseInputValidator()
    {
        RuleFor(c => c.CustomerId).GreaterThan(0).WithMessage("Choose the customer the case is for.");
        RuleFor(c => c.Subject).NotEmpty().WithMessage("Give the case a subject.")
            .MaximumLength(200).WithMessage("The subject may have at most 200 characters.");
        RuleFor(c => c.Description).MaximumLength(CaseEntry.MaxBodyLength)
            .WithMessage($"The description may have at most {CaseEntry.MaxBodyLength:N0} characters.");
        RuleFor(c => c.Category).MaximumLength(100).WithMessage("The category may have at most 100 characters.");
        RuleFor(c => c.Channel).IsInEnum().WithMessage("Choose a channel.");
        RuleFor(c => c.Priority).IsInEnum().WithMessage("Choose Low, Normal, High or Urgent.");
        RuleFor(c => c.ProductCode).MaximumLength(50).WithMessage("A product code has at most 50 characters.");
        RuleFor(c => c.OrderId).GreaterThan(0).When(c => c.OrderId is not null).WithMessage("Name an order by its id.");
        // A JSON body may send "tags": null (no tags) or null items (refused): neither may reach a rule as null.
        RuleFor(c => c.Tags).Must(t => t is null || t.Count <= ServiceCase.MaxTags).WithMessage($"At most {ServiceCase.MaxTags} tags.");
        RuleForEach(c => c.Tags).NotEmpty().WithMessage("A tag cannot be empty.")
            .MaximumLength(40).WithMessage("A tag has at most 40 characters.")
            .Must(t => t is null || !t.Contains('|', StringComparison.Ordinal)).WithMessage("A tag cannot contain '|'.");
    }
}
