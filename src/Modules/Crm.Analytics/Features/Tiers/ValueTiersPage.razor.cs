using System.Globalization;
using Crm.Analytics.Features.Live;
using Crm.Kernel.Errors;
using Crm.Ui.Formatting;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace Crm.Analytics.Features.Tiers;

/// <summary>
/// The value-tier dashboard: tiers by spend and by profit with their thresholds, the whale curve, and the over-served
/// customers. It reloads by itself when a recompute finishes or a customer's figures change (Blazor Server push).
/// </summary>
public partial class ValueTiersPage : IDisposable
{
    private static readonly TimeSpan ReloadDelay = TimeSpan.FromSeconds(1);

    private readonly LineChartOptions whaleOptions = new()
    {
        ShowLegend = true,
        YAxisToStringFunc = v => v.ToString("0", CultureInfo.CurrentCulture) + "%",
        XAxisTitle = "Customers ranked by profit, most profitable first (share of all customers)",
        YAxisTitle = "Cumulative profit (% of total)",
        YAxisRequireZeroPoint = true,
        ShowDataMarkers = false,
        LineStrokeWidth = 2,
    };

    private ValueTiersReport? report;
    private string? error;
    private MudTable<OverServedRow>? overServedTable;
    private List<ChartSeries<double>> whaleSeries = [];
    private string[] whaleLabels = [];
    private int reloadPending;
    private bool disposed;

    [Inject]
    private ValueTiersQuery Query { get; set; } = default!;

    [Inject]
    private CustomerValueChanges Changes { get; set; } = default!;

    private string SpendDefinition => "Customers ranked by revenue (sum of their purchase amounts), highest first: " + Shares() +
        ". Figures are current: the last recompute plus real-time updates after order changes.";

    private string ProfitDefinition => "Customers ranked by profit, highest first, with the same shares: " + Shares() +
        ". Profit = revenue − cost of goods − interactions × cost per interaction − cases × cost per case" + Rates() + ".";

    private string WhaleDefinition => "The whale curve: customers ranked by profit, most profitable first (x: share of customers), " +
        "against their cumulative profit as a share of total profit (y). It rises above 100% while the profitable customers add up " +
        "and falls back to 100% as the unprofitable ones give part of it back. Headline: the share of total profit earned by the " +
        "top 20% of customers. From the last recompute" + (report?.AsOf is { } asOf ? $" (as of {asOf:yyyy-MM-dd})" : "") +
        ". Profit = revenue − cost of goods − interactions × cost per interaction − cases × cost per case" + Rates() + ".";

    protected override async Task OnInitializedAsync()
    {
        Changes.Recomputed += OnRecomputed;
        Changes.CustomerChanged += OnCustomerChanged;
        await LoadAsync();
    }

    public void Dispose()
    {
        disposed = true;
        Changes.Recomputed -= OnRecomputed;
        Changes.CustomerChanged -= OnCustomerChanged;
        GC.SuppressFinalize(this);
    }

    private async Task LoadAsync()
    {
        try
        {
            report = await Query.LoadAsync();
            error = null;
        }
        catch (ForbiddenException ex)
        {
            error = ex.Message;
            return;
        }

        whaleSeries = [];
        whaleLabels = [];
        if (report.WhaleCurve is { } whale)
        {
            var points = whale.Points;
            whaleLabels = new string[points.Count];
            var lastLabel = -1;
            for (var i = 0; i < points.Count; i++)
            {
                var percent = (int)Math.Round(points[i].CustomerShare * 100);
                // Label every tenth percent once, so 101 points do not crowd the axis.
                whaleLabels[i] = percent % 10 == 0 && percent != lastLabel ? percent.ToString(CultureInfo.CurrentCulture) + "%" : "";
                if (whaleLabels[i].Length > 0)
                {
                    lastLabel = percent;
                }
            }

            whaleSeries =
            [
                new() { Name = "Cumulative share of profit", Data = points.Select(p => p.ProfitShare * 100).ToArray() },
                new() { Name = "Total profit (100%)", Data = points.Select(_ => 100.0).ToArray() },
            ];
        }
    }

    private async Task<TableData<OverServedRow>> LoadOverServedAsync(TableState state, CancellationToken cancellationToken)
    {
        var page = await Query.OverServedAsync(state.Page, state.PageSize, cancellationToken);
        return new TableData<OverServedRow> { Items = page.Items, TotalItems = page.TotalCount };
    }

    private void OnRecomputed() => ScheduleReload();

    private void OnCustomerChanged(long customerId) => ScheduleReload();

    /// <summary>Coalesces bursts of changes (many orders in a second) into one reload a second later.</summary>
    private void ScheduleReload()
    {
        if (Interlocked.Exchange(ref reloadPending, 1) == 1)
        {
            return;
        }

        _ = InvokeAsync(async () =>
        {
            await Task.Delay(ReloadDelay);
            Interlocked.Exchange(ref reloadPending, 0);
            if (disposed)
            {
                return;
            }

            await LoadAsync();
            StateHasChanged();
            if (overServedTable is not null)
            {
                await overServedTable.ReloadServerData();
            }
        });
    }

    private string Shares()
    {
        var floors = report?.BySpend.Tiers;
        if (floors is null || floors.Count < 3)
        {
            return "Platinum = top 5%, Gold = top 20%, Silver = top 50%, Bronze = the rest";
        }

        return $"Platinum = top {Percent(floors[0].TopShare)}, Gold = top {Percent(floors[1].TopShare)}, Silver = top {Percent(floors[2].TopShare)}, Bronze = the rest";
    }

    private string Rates() => report?.CostPerInteraction is { } perInteraction && report.CostPerCase is { } perCase
        ? $" (cost per interaction {Display.Money(perInteraction)}, cost per case {Display.Money(perCase)})"
        : "";

    private static string ThresholdDefinition(string key) =>
        $"The share of customers, ranked by {key}, that this tier and the tiers above hold (Bronze: the rest), and below it the smallest {key} " +
        "in the tier at the last recompute. Real-time updates keep a customer's tier in line with these floors until the next recompute.";

    private static string Threshold(TierRow row) => row.TierNumber == 1 ? "the rest" : "top " + Percent(row.TopShare);

    private static Color TierColor(byte tier) => tier switch
    {
        4 => Color.Primary,
        3 => Color.Warning,
        2 => Color.Default,
        _ => Color.Dark,
    };

    internal static string Percent(double? share) => share is { } s && double.IsFinite(s)
        ? (s * 100).ToString(Math.Abs(s) < 0.1 && s != 0 ? "0.#" : "0", CultureInfo.CurrentCulture) + "%"
        : "—";

    internal static string Raw(decimal? value) => value?.ToString(CultureInfo.InvariantCulture) ?? "";

    internal static string Raw(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}
