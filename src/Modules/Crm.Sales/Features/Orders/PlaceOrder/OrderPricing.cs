using Crm.Kernel;
using Crm.Kernel.Errors;
using Crm.Kernel.Identity;
using Crm.Sales.Contracts;
using Crm.Sales.Domain;
using Microsoft.Extensions.Options;

namespace Crm.Sales.Features.Orders.PlaceOrder;

/// <summary>
/// Settings of <see cref="OrderPricing"/> (section <c>Sales:Pricing</c>). Roles are eCRM roles; an API key acts with its role.
/// </summary>
internal sealed class PricingOptions
{
    public const string SectionName = "Sales:Pricing";

    /// <summary>
    /// How far below list price (by a lower unit price and/or a discount, as a share of quantity x list price) a caller
    /// without a price-override role may sell a line.
    /// </summary>
    public decimal MaxRepDiscountPercent { get; set; } = 10;

    /// <summary>Roles that may price a line freely; Admin and Manager when not set.</summary>
    public IReadOnlyList<string>? PriceOverrideRoles { get; set; }

    /// <summary>Roles that may send a line's unit cost instead of the catalogue's; Admin and Manager when not set.</summary>
    public IReadOnlyList<string>? UnitCostRoles { get; set; }
}

/// <summary>
/// Who may set what on an order line. The unit cost feeds profit tiers and the price feeds every revenue figure, so a
/// caller cannot make them up: a price or discount beyond the configured limit needs a price-override role, and the
/// unit cost comes from the catalogue unless the caller (a person or an integration key) has a unit-cost role.
/// Refused lines come back as field errors (<c>lines[0].unitPrice</c>) with the reason; nothing is stored.
/// </summary>
internal sealed class OrderPricing(IOptions<PricingOptions> options, ICurrentUser currentUser)
{
    private static readonly string[] DefaultRoles = [CrmRoles.Admin, CrmRoles.Manager];

    public decimal MaxDiscountPercent => options.Value.MaxRepDiscountPercent;

    public bool MayOverridePrice => (options.Value.PriceOverrideRoles ?? DefaultRoles).Any(currentUser.IsInRole);

    public bool MaySendUnitCost => (options.Value.UnitCostRoles ?? DefaultRoles).Any(currentUser.IsInRole);

    /// <summary>The line priced for <paramref name="product"/>, or the reason it is refused (field named as in the JSON body).</summary>
    public (decimal UnitPrice, decimal Discount, decimal? UnitCost, ValidationError? Problem) Price(int index, OrderLineInput input, Product product)
    {
        var unitPrice = input.UnitPrice ?? product.ListPrice;
        var discount = input.Discount ?? 0;
        if (discount > input.Quantity * unitPrice)
        {
            return (0, 0, null, new ValidationError($"lines[{index}].discount",
                $"The discount ({discount:0.####}) is more than the line is worth ({input.Quantity * unitPrice:0.####})."));
        }

        if (input.UnitCost is not null && !MaySendUnitCost)
        {
            return (0, 0, null, new ValidationError($"lines[{index}].unitCost",
                $"The unit cost comes from the catalogue ({product.UnitCost?.ToString("0.####", System.Globalization.CultureInfo.InvariantCulture) ?? "unknown"}); your role may not set it. Leave it empty."));
        }

        if (BelowListPercent(input.Quantity, product.ListPrice, unitPrice, discount) is { } below && below > MaxDiscountPercent && !MayOverridePrice)
        {
            var field = unitPrice < product.ListPrice ? "unitPrice" : "discount";
            return (0, 0, null, new ValidationError($"lines[{index}].{field}",
                $"This line is {below:0.##}% below the list price of {product.Code} ({product.ListPrice:0.00##}); more than {MaxDiscountPercent:0.##}% needs a Manager."));
        }

        return (unitPrice, discount, input.UnitCost ?? product.UnitCost, null);
    }

    /// <summary>How far the line's amount is below quantity x list price, in percent; null when the list price is zero.</summary>
    public static decimal? BelowListPercent(decimal quantity, decimal listPrice, decimal unitPrice, decimal discount)
    {
        var atList = quantity * listPrice;
        if (atList <= 0)
        {
            return null;
        }

        var reduction = atList - (quantity * unitPrice - discount);
        return reduction <= 0 ? 0 : decimal.Round(reduction * 100 / atList, 4, MidpointRounding.AwayFromZero);
    }
}
