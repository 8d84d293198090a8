using Crm.Sales.Contracts;
using FluentValidation;

namespace Crm.Sales.Features.Orders.PlaceOrder;

/// <summary>
/// The shape of an order before anything is looked up: lines, quantities, prices, the customer block. Product codes and
/// the customer id are checked against the data by <see cref="PlaceOrderHandler"/>. Field names are the JSON names
/// (<c>lines[1].quantity</c>, <c>customer.email</c>).
/// </summary>
internal sealed class OrderInputValidator : AbstractValidator<OrderInput>
{
    public const int MaxLines = 500;
    public const decimal MaxQuantity = 1_000_000m;
    public const decimal MaxAmount = 100_000_000m;

    public OrderInputValidator(TimeProvider clock)
    {
        RuleFor(o => o.ExternalId).MaximumLength(200);
        RuleFor(o => o.OrderNumber).MaximumLength(50);
        RuleFor(o => o.Notes).MaximumLength(2000);
        RuleFor(o => o.Channel).IsInEnum();
        RuleFor(o => o.OrderedAtUtc)
            .Must(t => t is null || t.Value.ToUniversalTime() <= clock.GetUtcNow().UtcDateTime.AddDays(1))
            .WithMessage("An order cannot be placed in the future.")
            .Must(t => t is null || t.Value.ToUniversalTime().Year >= 1990)
            .WithMessage("Give a date from 1990 on.");

        RuleFor(o => o)
            .Must(o => o.CustomerId is not null || o.Customer is not null)
            .OverridePropertyName("customerId")
            .WithMessage("Name the customer: an existing customerId, or a customer block with externalId, email or name.");
        RuleFor(o => o)
            .Must(o => o.CustomerId is null || o.Customer is null)
            .OverridePropertyName("customerId")
            .WithMessage("Give either customerId or a customer block, not both.");
        RuleFor(o => o.CustomerId).GreaterThan(0).When(o => o.CustomerId is not null);
        RuleFor(o => o.Customer!).SetValidator(new CustomerBlockValidator()).When(o => o.Customer is not null);

        RuleFor(o => o.Lines)
            .NotEmpty().WithMessage("An order needs at least one line.")
            .Must(l => l is null || l.Count <= MaxLines).WithMessage($"An order may have at most {MaxLines} lines.");
        RuleForEach(o => o.Lines).NotNull().WithMessage("A line is empty.").SetValidator(new LineValidator());
    }

    private sealed class CustomerBlockValidator : AbstractValidator<OrderCustomerInput>
    {
        public CustomerBlockValidator()
        {
            RuleFor(c => c)
                .Must(c => !string.IsNullOrWhiteSpace(c.ExternalId) || !string.IsNullOrWhiteSpace(c.Email)
                    || !string.IsNullOrWhiteSpace(c.LastName) || !string.IsNullOrWhiteSpace(c.CompanyName))
                .OverridePropertyName("externalId")
                .WithMessage("Identify the customer by externalId or email, or give a last name or company name to create one.");
            RuleFor(c => c.ExternalId).MaximumLength(100);
            RuleFor(c => c.Email).MaximumLength(254)
                .EmailAddress().WithMessage("'{PropertyValue}' is not a valid email address.")
                .When(c => !string.IsNullOrWhiteSpace(c.Email));
            RuleFor(c => c.FirstName).MaximumLength(100);
            RuleFor(c => c.LastName).MaximumLength(100);
            RuleFor(c => c.CompanyName).MaximumLength(200);
            RuleFor(c => c.Phone).MaximumLength(40);
            RuleFor(c => c.Country).MaximumLength(100);
        }
    }

    private sealed class LineValidator : AbstractValidator<OrderLineInput>
    {
        public LineValidator()
        {
            RuleFor(l => l.ProductCode).NotEmpty().WithMessage("Choose a product (its code).").MaximumLength(50);
            RuleFor(l => l.Quantity)
                .GreaterThan(0).WithMessage("The quantity must be more than zero.")
                .LessThanOrEqualTo(MaxQuantity)
                .Must(FourDecimals).WithMessage("Use at most 4 decimals.");
            RuleFor(l => l.UnitPrice).GreaterThanOrEqualTo(0).LessThanOrEqualTo(MaxAmount).Must(FourDecimals).WithMessage("Use at most 4 decimals.")
                .When(l => l.UnitPrice is not null);
            RuleFor(l => l.Discount).GreaterThanOrEqualTo(0).LessThanOrEqualTo(MaxAmount).Must(FourDecimals).WithMessage("Use at most 4 decimals.")
                .When(l => l.Discount is not null);
            RuleFor(l => l.UnitCost).GreaterThanOrEqualTo(0).LessThanOrEqualTo(MaxAmount).Must(FourDecimals).WithMessage("Use at most 4 decimals.")
                .When(l => l.UnitCost is not null);
        }
    }

    private static bool FourDecimals(decimal value) => decimal.Round(value, 4) == value;

    private static bool FourDecimals(decimal? value) => value is null || FourDecimals(value.Value);
}
