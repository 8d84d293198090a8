using Crm.Service.Contracts;
using FluentValidation;

namespace Crm.Service.Features.Cases.EditCase;

/// <summary>
/// A case's corrected fields, with the rules of a new case; a PUT replaces the editable state, so subject, priority and tags
/// must be there (a missing one would silently reset the case's value).
/// </summary>
internal sealed class CaseUpdateInputValidator : AbstractValidator<CaseUpdateInput>
{
    public CaseUpdateInputValidator()
    {
        RuleFor(c => c.Subject).CaseSubject();
        RuleFor(c => c.Category).CaseCategory();
        RuleFor(c => c.Priority).NotNull().WithMessage("Give the priority (Low, Normal, High or Urgent): the case's whole state is replaced.")
            .IsInEnum().WithMessage("Choose Low, Normal, High or Urgent.");
        RuleFor(c => c.Tags).NotNull().WithMessage("Give the tags ([] for none): the case's whole state is replaced.");
        RuleFor(c => c.ProductCode).CaseProductCode();
        RuleFor(c => c.OrderId).CaseOrderId();
        this.CaseTags(c => c.Tags);
    }
}
