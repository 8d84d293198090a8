using Crm.Kernel.Text;
using Crm.Sales.Contracts;
using FluentValidation;

namespace Crm.Sales.Features.Products;

/// <summary>The rules for a product, shared by the product form and the API. Messages say how to fix the field.</summary>
internal sealed class ProductInputValidator : AbstractValidator<ProductInput>
{
    /// <summary>decimal(18,4) holds up to 14 digits before the point.</summary>
    public const decimal MaxAmount = 99_999_999_999_999m;

    public ProductInputValidator()
    {
        RuleFor(p => p.Code).NotEmpty().WithMessage("Enter the product code (SKU).")
            .MaximumLength(50).WithMessage("The product code has at most 50 characters.")
            .Must(c => c is null || !ControlCharacters.In(c)).WithMessage("The product code contains a control character (such as a NUL byte): remove it.")
            .Must(c => c is null || !c.Trim().Any(char.IsWhiteSpace)).WithMessage("The product code cannot contain spaces.");
        RuleFor(p => p.Name).NotEmpty().WithMessage("Enter the product's name.")
            .MaximumLength(300).WithMessage("The name has at most 300 characters.").NoControlCharacters();
        RuleFor(p => p.Category).MaximumLength(100).WithMessage("The category has at most 100 characters.").NoControlCharacters();
        RuleFor(p => p.Description).MaximumLength(2000).WithMessage("The description has at most 2,000 characters.").NoControlCharactersButLineBreaks();
        RuleFor(p => p.ListPrice).Must(BeAnAmount).WithMessage("The list price must be 0 or more, with at most 4 decimals.");
        RuleFor(p => p.UnitCost).Must(c => c is null || BeAnAmount(c.Value))
            .WithMessage("The unit cost must be 0 or more, with at most 4 decimals (leave it empty when unknown).");
        RuleFor(p => p.StockOnHand).GreaterThanOrEqualTo(0).WithMessage("Stock on hand cannot be negative.");
    }

    public static bool BeAnAmount(decimal value) => value >= 0 && value <= MaxAmount && decimal.Round(value, 4) == value;
}
