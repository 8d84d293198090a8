using System.Globalization;
using Crm.Analytics.Features.Live;
using Crm.Analytics.Features.Shared;
using Crm.Kernel.Errors;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace Crm.Analytics.Features.Lifetime;

/// <summary>
/// The lifetime-value dashboard: KPIs, the model in use, the CLV distribution, the top customers by CLV and the valuable
/// customers at risk (with CSV export). Refreshes itself when a recompute or a real-time update changes the figures.
/// </summary>
public partial class LifetimePage
{
    private readonly BarChartOptions distributionOptions = new() { ShowLegend = false, YAxisToStringFunc = v => v.ToString("0", CultureInfo.CurrentCulture), XAxisLabelRotation = 35 };
    private LifetimeOverview? data;
    private string? error;
    private List<ChartSeries<double>> distributionSeries = [];
    private string[] distributionLabels = [];
    private MudTable<ClvCustomerRow>? topTable;
    private MudTable<AtRiskCustomerRow>? riskTable;
    private byte minTier = AtRiskFilter.DefaultMinTier;
    private double maxProbabilityAlive = AtRiskFilter.DefaultMaxProbabilityAlive;
    private int refreshing;

    [Inject]
    private LifetimeQueries Queries { get; set; } = default!;

    [Inject]
    private CustomerValueChanges Changes { get; set; } = default!;

    private string ExportHref => Microsoft.AspNetCore.WebUtilities.QueryHelpers.AddQueryString("/api/v1/analytics/at-risk/export",
        new Dictionary<string, string?>
        {
            ["minTier"] = TierName(minTier),
            ["maxProbabilityAlive"] = maxProbabilityAlive.ToString("0.##", CultureInfo.InvariantCulture),
        });

    protected override async Task OnInitializedAsync()
    {
        await LoadOverviewAsync();
        Changes.Recomputed += OnFiguresChanged;
        Changes.CustomerChanged += OnCustomerChanged;
    }

    public void Dispose()
    {
        Changes.Recomputed -= OnFiguresChanged;
        Changes.CustomerChanged -= OnCustomerChanged;
        GC.SuppressFinalize(this);
    }

    private void OnCustomerChanged(long customerId) => OnFiguresChanged();

    private void OnFiguresChanged()
    {
        // One refresh at a time; changes that arrive meanwhile are covered by the refresh that runs.
        if (Interlocked.Exchange(ref refreshing, 1) == 1)
        {
            return;
        }

        _ = InvokeAsync(async () =>
        {
            try
            {
                await LoadOverviewAsync();
                StateHasChanged();
                if (topTable is not null)
                {
                    await topTable.ReloadServerData();
                }

                if (riskTable is not null)
                {
                    await riskTable.ReloadServerData();
                }
            }
            finally
            {
                Interlocked.Exchange(ref refreshing, 0);
            }
        });
    }

    private async Task LoadOverviewAsync()
    {
        try
        {
            data = await Queries.OverviewAsync();
            error = null;
        }
        catch (ForbiddenException ex)
        {
            error = ex.Message;
            return;
        }

        distributionLabels = [.. data.Distribution.Select(b => b.Label)];
        distributionSeries = [new() { Name = "Customers", Data = data.Distribution.Select(b => (double)b.Customers).ToArray() }];
    }

    private async Task<TableData<ClvCustomerRow>> LoadTopAsync(TableState state, CancellationToken cancellationToken)
    {
        var page = await Queries.TopClvAsync(state.Page, Math.Min(state.PageSize, LifetimeQueries.MaxPageSize), cancellationToken);
        return new TableData<ClvCustomerRow> { Items = page.Items, TotalItems = page.TotalCount };
    }

    private async Task<TableData<AtRiskCustomerRow>> LoadAtRiskAsync(TableState state, CancellationToken cancellationToken)
    {
        var page = await Queries.AtRiskAsync(
            new AtRiskFilter(minTier, maxProbabilityAlive), state.Page, Math.Min(state.PageSize, LifetimeQueries.MaxPageSize), cancellationToken);
        return new TableData<AtRiskCustomerRow> { Items = page.Items, TotalItems = page.TotalCount };
    }

    private async Task MinTierChangedAsync(byte value)
    {
        minTier = value;
        if (riskTable is not null)
        {
            await riskTable.ReloadServerData();
        }
    }

    private async Task ThresholdChangedAsync(double value)
    {
        maxProbabilityAlive = Math.Round(Math.Clamp(value, 0.05, 1), 2);
        if (riskTable is not null)
        {
            await riskTable.ReloadServerData();
        }
    }

    /// <summary>The tiers a minimum can be set to, highest first.</summary>
    private static byte[] SelectableTiers { get; } = [4, 3, 2, 1];

    private static string TierName(byte tier) => TierNames.Of(tier);

    internal static string Percent(double? value) => value is { } v ? v.ToString("0.0%", CultureInfo.CurrentCulture) : "—";

    internal static string Number(double? value) => value is { } v ? v.ToString("0.00", CultureInfo.CurrentCulture) : "—";
}
