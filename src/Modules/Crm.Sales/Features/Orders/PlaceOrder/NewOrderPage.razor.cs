using Crm.Contacts.Contracts;
using Crm.Kernel.Errors;
using Crm.Sales.Contracts;
using Crm.Sales.Domain;
using Crm.Sales.Features.Orders;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace Crm.Sales.Features.Orders.PlaceOrder;

/// <summary>
/// Places an order from the UI: customer picker, product lines with list price and stock shown, running total, channel.
/// Validation comes from <see cref="PlaceOrderHandler"/> (the same rules as the API) and is shown next to each field.
/// </summary>
public partial class NewOrderPage
{
    private CustomerSummary? customer;
    private SalesChannel channel = SalesChannel.Phone;
    private string? orderNumber;
    private string? notes;
    private readonly List<LineModel> lines = [new()];
    private IReadOnlyList<ValidationError> errors = [];
    private List<string> general = [];
    private bool saving;

    [SupplyParameterFromQuery(Name = "customerId")]
    private long? CustomerId { get; set; }

    [Inject]
    private PlaceOrderHandler Handler { get; set; } = default!;

    [Inject]
    private OrderQueries Queries { get; set; } = default!;

    [Inject]
    private OrderPricing Pricing { get; set; } = default!;

    [Inject]
    private ICustomerDirectory Customers { get; set; } = default!;

    [Inject]
    private NavigationManager Navigation { get; set; } = default!;

    [Inject]
    private ISnackbar Snackbar { get; set; } = default!;

    protected override async Task OnInitializedAsync()
    {
        if (CustomerId is { } id)
        {
            customer = await Customers.FindAsync(id);
        }
    }

    private async Task<IEnumerable<CustomerSummary>> SearchCustomersAsync(string? term, CancellationToken cancellationToken) =>
        string.IsNullOrWhiteSpace(term) ? [] : await Customers.SearchAsync(term, 15, cancellationToken);

    private async Task<IEnumerable<ProductPick>> SearchProductsAsync(string? term, CancellationToken cancellationToken) =>
        string.IsNullOrWhiteSpace(term) ? [] : await Queries.SearchProductsAsync(term, 20, cancellationToken);

    private void CustomerChanged(CustomerSummary? value) => customer = value;

    private void ProductChanged(LineModel line, ProductPick? product)
    {
        line.Product = product;
        if (product is not null && line.Quantity <= 0)
        {
            line.Quantity = 1;
        }

        if (lines[^1].Product is not null)
        {
            lines.Add(new LineModel());
        }
    }

    private void AddLine() => lines.Add(new LineModel());

    private static decimal AmountOf(LineModel line) =>
        line.Product is null || line.Quantity <= 0 ? 0 : OrderLine.AmountOf(line.Quantity, line.UnitPrice ?? line.Product.ListPrice, line.Discount ?? 0);

    /// <summary>The pricing rule shown while typing; the handler applies the same rule on save.</summary>
    private string? PriceWarning(LineModel line) =>
        line.Product is null || line.Quantity <= 0 || Pricing.MayOverridePrice
            ? null
            : OrderPricing.BelowListPercent(line.Quantity, line.Product.ListPrice, line.UnitPrice ?? line.Product.ListPrice, line.Discount ?? 0) is { } below
              && below > Pricing.MaxDiscountPercent
                ? $"{below:0.##}% below list price: more than {Pricing.MaxDiscountPercent:0.##}% needs a Manager."
                : null;

    private bool Has(string field) => errors.Any(e => e.Field == field);

    private string Err(string field) => string.Join(" ", errors.Where(e => e.Field == field).Select(e => e.Message));

    private async Task SaveAsync()
    {
        saving = true;
        general = [];
        try
        {
            // Empty trailing rows are not lines; keep the row index of each sent line to show its errors in place.
            var sent = lines.Select((l, i) => (Line: l, Row: i)).Where(x => x.Line.Product is not null || x.Line.Quantity > 0).ToList();
            var result = await Handler.CreateAsync(new OrderInput
            {
                CustomerId = customer?.Id,
                Channel = channel,
                OrderNumber = orderNumber,
                Notes = notes,
                Lines = [.. sent.Select(x => new OrderLineInput
                {
                    ProductCode = x.Line.Product?.Code ?? "",
                    Quantity = x.Line.Quantity,
                    UnitPrice = x.Line.UnitPrice,
                    Discount = x.Line.Discount,
                })],
            }, "ui");
            errors = [.. result.Validation.Errors.Select(e => e with
            {
                Field = RowField(e.Field, sent.Select(x => x.Row).ToList()),
                Message = e.Field == "customerId" && customer is null ? "Choose the customer: type part of a name, email or phone." : e.Message,
            })];
            var shown = new[] { "customerId", "orderNumber", "notes", "lines" };
            general = [.. errors.Where(e => !shown.Contains(e.Field) && !e.Field.StartsWith("lines[", StringComparison.Ordinal)).Select(e => e.Message)];
            if (result.Succeeded)
            {
                Snackbar.Add("Order placed.", Severity.Success);
                Navigation.NavigateTo($"/orders/{result.Value!.Id}");
            }
            else if (result.Outcome == CommandOutcome.Conflict)
            {
                general = [result.Message!];
            }
        }
        finally
        {
            saving = false;
        }
    }

    /// <summary>"lines[1].quantity" of the sent lines → the same field of the form row it came from.</summary>
    private static string RowField(string field, List<int> rows)
    {
        var match = System.Text.RegularExpressions.Regex.Match(field, @"^lines\[(\d+)\](.*)$");
        return match.Success && int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) is var i && i < rows.Count
            ? $"lines[{rows[i]}]{match.Groups[2].Value}"
            : field;
    }

    private sealed class LineModel
    {
        public ProductPick? Product { get; set; }

        public decimal Quantity { get; set; }

        public decimal? UnitPrice { get; set; }

        public decimal? Discount { get; set; }
    }
}
