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
        RuleFor(c => c.Subject).CaseSubject();
        RuleFor(c => c.Description).MaximumLength(CaseEntry.MaxBodyLength)
            .WithMessage($"The description may have at most {CaseEntry.MaxBodyLength:N0} characters.");
        RuleFor(c => c.Category).CaseCategory();
        RuleFor(c => c.Channel).IsInEnum().WithMessage("Choose a channel.");
        RuleFor(c => c.Priority).IsInEnum().WithMessage("Choose Low, Normal, High or Urgent.");
        RuleFor(c => c.ProductCode).CaseProductCode();
        RuleFor(c => c.OrderId).CaseOrderId();
        this.CaseTags(c => c.Tags);
    }
}
