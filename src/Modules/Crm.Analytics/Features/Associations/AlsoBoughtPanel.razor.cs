using Crm.Kernel.Identity;
using Microsoft.AspNetCore.Components;

namespace Crm.Analytics.Features.Associations;

/// <summary>
/// "Also bought" on a product: the stored rules whose antecedent is exactly this product, highest confidence first, top 10
/// (registered as a <see cref="Crm.Sales.Contracts.ProductPanel"/> for every role that sees products).
/// </summary>
public partial class AlsoBoughtPanel
{
    public const int MaxItems = 10;

    private IReadOnlyList<AlsoBoughtItem>? items;
    private string? productName;
    private bool forbidden;

    [Parameter]
    public string ProductCode { get; set; } = "";

    [Inject]
    private AssociationRuleQueries Queries { get; set; } = default!;

    [Inject]
    private ICurrentUser CurrentUser { get; set; } = default!;

    private string ProductName => productName ?? ProductCode;

    private string ProductLabel => productName is null ? ProductCode : $"{productName} ({ProductCode})";

    protected override async Task OnParametersSetAsync()
    {
        forbidden = !AssociationRuleQueries.CanSeeAlsoBought(CurrentUser);
        if (forbidden)
        {
            return;
        }

        items = null;
        productName = (await Queries.ProductNamesAsync([ProductCode])).GetValueOrDefault(ProductCode);
        items = await Queries.AlsoBoughtAsync(ProductCode, MaxItems);
    }
}
