using System.Globalization;
using Crm.Kernel.Text;
using Crm.Sales.Contracts;
using FluentValidation;

namespace Crm.Sales.Features.Pipeline;

/// <summary>The rules for an opportunity, shared by the form and the API.</summary>
internal sealed class OpportunityInputValidator : AbstractValidator<OpportunityInput>
{
    /// <summary>How far ahead an expected close date may be: a pipeline forecasts the coming years, not the next millennium.</summary>
    public const int MaxYearsAhead = 10;

    public OpportunityInputValidator(TimeProvider clock)
    {
        RuleFor(o => o.Name).NotEmpty().WithMessage("Enter a name for the opportunity.").MaximumLength(200).NoControlCharacters();
        RuleFor(o => o.CustomerId).GreaterThan(0).WithMessage("Choose the customer.");
        RuleFor(o => o.Amount).GreaterThanOrEqualTo(0).When(o => o.Amount is not null).WithMessage("The amount cannot be negative.")
            .LessThan(100_000_000_000m).WithMessage("The amount is too large.");
        RuleFor(o => o.ExpectedCloseDate).NotEqual(default(DateOnly)).WithMessage("Enter the expected close date.")
            .Must(date => date <= LatestCloseDate(clock))
            .WithMessage(_ => string.Create(CultureInfo.InvariantCulture,
                $"The expected close date can be at most {MaxYearsAhead} years ahead (until {LatestCloseDate(clock):yyyy-MM-dd}): the pipeline forecasts the coming years, and a later date is almost always a typing error."));
        RuleFor(o => o.Probability).InclusiveBetween(0, 100).When(o => o.Probability is not null).WithMessage("The probability is a percentage from 0 to 100.");
        RuleFor(o => o.CloseReason).MaximumLength(500).NoControlCharactersButLineBreaks();
        RuleFor(o => o.Notes).MaximumLength(4000).NoControlCharactersButLineBreaks();
        RuleFor(o => o.OwnerId).MaximumLength(450);
        RuleFor(o => o.Products.Count).LessThanOrEqualTo(100).OverridePropertyName(nameof(OpportunityInput.Products)).WithMessage("At most 100 products.");
        RuleForEach(o => o.Products).ChildRules(line =>
        {
            line.RuleFor(l => l.ProductId).GreaterThan(0).WithMessage("Choose a product.");
            line.RuleFor(l => l.Quantity).GreaterThan(0).WithMessage("The quantity must be more than 0.").LessThan(1_000_000_000m);
            line.RuleFor(l => l.UnitPrice).GreaterThanOrEqualTo(0).When(l => l.UnitPrice is not null).WithMessage("The price cannot be negative.")
                .LessThan(1_000_000_000m);
        });
    }

    private static DateOnly LatestCloseDate(TimeProvider clock) => DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime).AddYears(MaxYearsAhead);
}
