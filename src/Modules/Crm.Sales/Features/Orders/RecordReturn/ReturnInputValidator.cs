using Crm.Sales.Contracts;
using Crm.Sales.Features.Orders.PlaceOrder;
using FluentValidation;

namespace Crm.Sales.Features.Orders.RecordReturn;

/// <summary>A return before it is compared with the original order.</summary>
internal sealed class ReturnInputValidator : AbstractValidator<ReturnInput>
{
    public ReturnInputValidator()
    {
        RuleFor(r => r.ExternalId).MaximumLength(200);
        RuleFor(r => r.Notes).MaximumLength(2000);
        RuleFor(r => r.Lines).NotEmpty().WithMessage("Choose at least one product to return.")
            .Must(l => l is null || l.Count <= OrderInputValidator.MaxLines).WithMessage($"A return may have at most {OrderInputValidator.MaxLines} lines.");
        RuleForEach(r => r.Lines).NotNull().WithMessage("A line is empty.").ChildRules(line =>
        {
            line.RuleFor(l => l.ProductCode).NotEmpty().WithMessage("Choose a product (its code).");
            line.RuleFor(l => l.Quantity).GreaterThan(0).WithMessage("The quantity must be more than zero.")
                .LessThanOrEqualTo(OrderInputValidator.MaxQuantity)
                .Must(q => decimal.Round(q, 4) == q).WithMessage("Use at most 4 decimals.");
        });
    }
}
