using Crm.Kernel;
using Crm.Kernel.Identity;
using Crm.Sales.Contracts;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace Crm.Sales.Features.Pipeline;

/// <summary>The forecast: weighted open amount by expected-close month and won amount by month, as a table and a bar chart.</summary>
public partial class ForecastPage
{
    private readonly BarChartOptions options = new() { ShowLegend = true };
    private IReadOnlyList<ForecastMonth>? months;
    private List<ChartSeries<double>> series = [];
    private string[] labels = [];
    private IReadOnlyList<UserName> owners = [];
    private string? ownerId;
    private bool isManager;

    [Inject]
    private OpportunityQueries Queries { get; set; } = default!;

    [Inject]
    private UserDirectory Users { get; set; } = default!;

    [Inject]
    private ICurrentUser CurrentUser { get; set; } = default!;

    protected override async Task OnInitializedAsync()
    {
        isManager = PipelineAccess.IsManagerOrAdmin(CurrentUser);
        if (isManager)
        {
            owners = await Users.InRoleAsync(CrmRoles.SalesRep);
        }

        await LoadAsync();
    }

    private async Task OwnerChangedAsync(string? value)
    {
        ownerId = value;
        await LoadAsync();
    }

    private async Task LoadAsync()
    {
        months = await Queries.ForecastAsync(ownerId);
        labels = [.. months.Select(Label)];
        series =
        [
            new() { Name = "Weighted (open)", Data = months.Select(m => (double)m.WeightedAmount).ToArray() },
            new() { Name = "Won", Data = months.Select(m => (double)m.WonAmount).ToArray() },
        ];
    }
}
