using Crm.Kernel.Identity;
using Crm.Sales.Contracts;
using Microsoft.AspNetCore.Components;

namespace Crm.Sales.Features.Products;

/// <summary>The <see cref="ProductPanel"/>s other modules registered, for one product, to users in one of each panel's roles.</summary>
public partial class ProductPanels
{
    private IReadOnlyList<ProductPanel> panels = [];

    [Parameter]
    [EditorRequired]
    public string ProductCode { get; set; } = "";

    [Inject]
    private IEnumerable<ProductPanel> RegisteredPanels { get; set; } = default!;

    [Inject]
    private ICurrentUser CurrentUser { get; set; } = default!;

    protected override void OnParametersSet() =>
        panels = [.. RegisteredPanels.Where(p => p.Roles.Any(CurrentUser.IsInRole)).OrderBy(p => p.Order)];
}
