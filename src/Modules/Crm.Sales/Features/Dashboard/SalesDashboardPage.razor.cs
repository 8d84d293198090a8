using System.Globalization;
using Crm.Kernel;
using Crm.Kernel.Errors;
using Crm.Kernel.Identity;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace Crm.Sales.Features.Dashboard;

/// <summary>The sales dashboard: pipeline, won and order revenue this month vs last, top customers and products.</summary>
public partial class SalesDashboardPage
{
    private readonly BarChartOptions barOptions = new() { ShowLegend = true, YAxisToStringFunc = v => Short(v) };
    private readonly BarChartOptions productOptions = new() { ShowLegend = false, YAxisToStringFunc = v => Short(v), XAxisLabelRotation = 35 };
    private SalesDashboard? data;
    private string? ownerId;
    private string? error;
    private bool canSeeEveryone;
    private IReadOnlyList<UserName> reps = [];
    private List<ChartSeries<double>> pipelineSeries = [];
    private string[] pipelineLabels = [];
    private List<ChartSeries<double>> monthSeries = [];
    private string[] monthLabels = [];
    private List<ChartSeries<double>> customerSeries = [];
    private string[] customerLabels = [];
    private List<ChartSeries<double>> productSeries = [];
    private string[] productLabels = [];

    [Inject]
    private SalesDashboardQuery Query { get; set; } = default!;

    [Inject]
    private UserDirectory Users { get; set; } = default!;

    [Inject]
    private ICurrentUser CurrentUser { get; set; } = default!;

    protected override async Task OnInitializedAsync()
    {
        canSeeEveryone = SalesDashboardQuery.CanSeeEveryone(CurrentUser);
        if (canSeeEveryone)
        {
            reps = await Users.InRoleAsync(CrmRoles.SalesRep);
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
        try
        {
            data = await Query.LoadAsync(ownerId);
            error = null;
        }
        catch (ForbiddenException ex)
        {
            error = ex.Message;
            return;
        }

        pipelineLabels = [.. data.Pipeline.Select(s => $"{s.Stage} ({s.Count:N0})")];
        pipelineSeries = [new() { Name = "Amount", Data = data.Pipeline.Select(s => (double)s.Amount).ToArray() }];
        monthLabels = [data.LastMonthStartUtc.ToString("MMMM", CultureInfo.CurrentCulture), data.ThisMonthStartUtc.ToString("MMMM", CultureInfo.CurrentCulture)];
        monthSeries =
        [
            new() { Name = "Won opportunities", Data = new[] { (double)data.WonLastMonth.Amount, (double)data.WonThisMonth.Amount } },
            new() { Name = "Order revenue", Data = new[] { (double)data.OrdersLastMonth.Amount, (double)data.OrdersThisMonth.Amount } },
        ];
        customerLabels = [.. data.TopCustomers.Select(c => c.Name)];
        customerSeries = [new() { Name = "Revenue", Data = data.TopCustomers.Select(c => (double)c.Revenue).ToArray() }];
        productLabels = [.. data.TopProducts.Select(p => p.Code)];
        productSeries = [new() { Name = "Revenue", Data = data.TopProducts.Select(p => (double)p.Revenue).ToArray() }];
    }

    private static string Change(decimal now, decimal before) =>
        before == 0 ? "" : string.Create(CultureInfo.CurrentCulture, $"({(now - before) / Math.Abs(before):+0%;-0%;0%})");

    private static string Short(double value) => Math.Abs(value) switch
    {
        >= 1_000_000 => (value / 1_000_000).ToString("0.#M", CultureInfo.CurrentCulture),
        >= 1_000 => (value / 1_000).ToString("0.#k", CultureInfo.CurrentCulture),
        _ => value.ToString("0", CultureInfo.CurrentCulture),
    };
}
