using System.Globalization;
using Crm.Sales.Contracts;
using Crm.Ui.Formatting;
using Microsoft.AspNetCore.Components;

namespace Crm.Sales.Features.Products;

/// <summary>The "Products" tab of the customer page (registered as a Contacts <c>CustomerPanel</c>).</summary>
public partial class CustomerProductsPanel
{
    private const int Shown = 50;
    private IReadOnlyList<CustomerProductRow>? bought;
    private IReadOnlyList<ProductListItem>? found;
    private string search = "";

    [Parameter]
    public long CustomerId { get; set; }

    [Inject]
    private ProductQueries Queries { get; set; } = default!;

    protected override async Task OnParametersSetAsync() => bought = await Queries.BoughtByCustomerAsync(CustomerId, Shown);

    private async Task SearchAsync(string? value)
    {
        search = value?.Trim() ?? "";
        found = search.Length == 0
            ? null
            : (await Queries.ListAsync(new ProductListQuery { Search = search, PageSize = 10 })).Items;
    }

    private static string Stock(int stock) => stock > 0 ? Display.Count(stock) : "out of stock";
}
