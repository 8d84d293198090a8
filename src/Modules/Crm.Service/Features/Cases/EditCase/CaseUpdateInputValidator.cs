using Crm.Service.Contracts;
using FluentValidation;

namespace Crm.Service.Features.Cases.EditCase;

/// <summary>A case's corrected fields, with the rules of a new case.</summary>
internal sealed class CaseUpdateInputValidator : AbstractValidator<CaseUpdateInput>
{
    public CaseUpdateInputValidator()
    {
        RuleFor(c => c.Subject).CaseSubject();
        RuleFor(c => c.Category).CaseCategory();
        RuleFor(c => c.Priority).IsInEnum().WithMessage("Choose Low, Normal, High or Urgent.");
        RuleFor(c => c.ProductCode).CaseProductCode();
        RuleFor(c => c.OrderId).CaseOrderId();
        this.CaseTags(c => c.Tags);
    }
}
