using Crm.Kernel.Errors;
using Crm.Sales.Contracts;
using Crm.Sales.Features.Products.CreateProduct;
using Crm.Sales.Features.Products.UpdateProduct;
using Crm.Ui.Loading;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace Crm.Sales.Features.Products;

/// <summary>Create or edit a product (Managers and Admins). Same validator as the API; a stale save shows a clear conflict.</summary>
public partial class ProductEditPage
{
    private readonly PageLoad<ProductForm> load = new();
    private Guid version;
    private bool wasActive = true;
    private string title = "";
    private string? savedCode;
    private bool saving;
    private string? conflict;
    private IReadOnlyList<ValidationError> errors = [];
    private IReadOnlyList<string> categories = [];

    [Parameter]
    public long? Id { get; set; }

    [Inject]
    private CreateProductHandler CreateProduct { get; set; } = default!;

    [Inject]
    private UpdateProductHandler UpdateProduct { get; set; } = default!;

    [Inject]
    private ProductQueries Queries { get; set; } = default!;

    [Inject]
    private NavigationManager Navigation { get; set; } = default!;

    [Inject]
    private ISnackbar Snackbar { get; set; } = default!;

    [Inject]
    private IDialogService Dialogs { get; set; } = default!;

    protected override Task OnParametersSetAsync() => ReloadAsync();

    private async Task ReloadAsync()
    {
        conflict = null;
        errors = [];
        categories = await Queries.CategoriesAsync();
        if (Id is not { } id)
        {
            load.Set(new ProductForm());
            return;
        }

        await load.RunAsync(async () =>
        {
            var product = await Queries.GetAsync(id);
            version = product.Version;
            wasActive = product.IsActive;
            title = product.Name;
            savedCode = product.Code;
            return ProductForm.From(product);
        });
    }

    /// <summary>The form being edited (the page renders it only once loaded).</summary>
    private ProductForm Model => load.Value!;

    private Task<IEnumerable<string>> SearchCategoriesAsync(string? term, CancellationToken cancellationToken) =>
        Task.FromResult(string.IsNullOrWhiteSpace(term)
            ? categories.AsEnumerable()
            : categories.Where(c => c.Contains(term.Trim(), StringComparison.CurrentCultureIgnoreCase)));

    private bool Has(string field) => errors.Any(e => e.Field == field);

    private string Err(string field) => string.Join(" ", errors.Where(e => e.Field == field).Select(e => e.Message));

    private async Task SaveAsync()
    {
        if (Id is not null && wasActive && !Model.IsActive
            && await Dialogs.ShowMessageBoxAsync("Deactivate this product?",
                $"{Model.Name} will no longer be offered in new quotes and orders. Its order history stays.",
                yesText: "Deactivate", cancelText: "Cancel") != true)
        {
            return;
        }

        saving = true;
        conflict = null;
        try
        {
            var result = Id is { } id
                ? await UpdateProduct.UpdateAsync(id, Model.ToInput(), version)
                : await CreateProduct.CreateAsync(Model.ToInput());
            errors = result.Validation.Errors;
            if (result.Succeeded)
            {
                Snackbar.Add(Id is null ? "Product created." : "Changes saved.", Severity.Success);
                Navigation.NavigateTo("/products");
            }
        }
        catch (ConflictException ex)
        {
            conflict = ex.Message;
        }
        finally
        {
            saving = false;
        }
    }

    /// <summary>What the form edits; converted to the <see cref="ProductInput"/> the validator and handlers take.</summary>
    private sealed class ProductForm
    {
        public string? Code { get; set; }

        public string? Name { get; set; }

        public string? Category { get; set; }

        public string? Description { get; set; }

        public decimal ListPrice { get; set; }

        public decimal? UnitCost { get; set; }

        public int StockOnHand { get; set; }

        public bool IsActive { get; set; } = true;

        public bool AllowBackorder { get; set; }

        public static ProductForm From(ProductDetails p) => new()
        {
            Code = p.Code,
            Name = p.Name,
            Category = p.Category,
            Description = p.Description,
            ListPrice = p.ListPrice,
            UnitCost = p.UnitCost,
            StockOnHand = p.StockOnHand,
            IsActive = p.IsActive,
            AllowBackorder = p.AllowBackorder,
        };

        public ProductInput ToInput() => new()
        {
            Code = Code ?? "",
            Name = Name ?? "",
            Category = Category,
            Description = Description,
            ListPrice = ListPrice,
            UnitCost = UnitCost,
            StockOnHand = StockOnHand,
            IsActive = IsActive,
            AllowBackorder = AllowBackorder,
        };
    }
}
