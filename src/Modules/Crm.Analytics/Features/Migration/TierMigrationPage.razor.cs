using Crm.Analytics.Features.Live;
using Crm.Analytics.Features.Tiers;
using Crm.Kernel.Errors;
using Crm.Ui.Formatting;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace Crm.Analytics.Features.Migration;

/// <summary>
/// Tier migration between two quarter snapshots: the 5 × 5 matrix of moves and the customers who fell a tier, by value
/// lost. The quarters travel in the URL (<c>?from=2026-Q3&amp;to=2026-Q4</c>); a finished recompute reloads the page's data.
/// </summary>
public partial class TierMigrationPage : IDisposable
{
    private IReadOnlyList<SnapshotPeriod> periods = [];
    private MigrationComparison? comparison;
    private MigrationMatrix? matrix;
    private string? fromPeriod;
    private string? toPeriod;
    private string? error;
    private string? problem;
    private bool loaded;
    private bool disposed;
    private MudTable<FallenRow>? fallenTable;

    [SupplyParameterFromQuery(Name = "from")]
    private string? From { get; set; }

    [SupplyParameterFromQuery(Name = "to")]
    private string? To { get; set; }

    [Inject]
    private TierMigrationQuery Query { get; set; } = default!;

    [Inject]
    private CustomerValueChanges Changes { get; set; } = default!;

    [Inject]
    private NavigationManager Navigation { get; set; } = default!;

    private string ExportHref => $"/api/v1/analytics/tier-migration/fallen/export?from={Uri.EscapeDataString(fromPeriod ?? "")}&to={Uri.EscapeDataString(toPeriod ?? "")}";

    private string MatrixDefinition => matrix is null ? "" :
        $"Rows: each customer's tier in {matrix.From}; columns: their tier in {matrix.To}. Tiers are by spend within the quarter " +
        "(purchase amounts in the quarter up to its as-of date) among the quarter's buyers: Platinum = top 5%, Gold = top 20%, " +
        "Silver = top 50%, Bronze = the rest; None = no purchase in the quarter (new customers in the None row, customers gone in " +
        "the None column). Each cell: customers, and their spend in the first quarter → in the second.";

    protected override async Task OnInitializedAsync()
    {
        Changes.Recomputed += OnRecomputed;
        await LoadAsync(From, To);
    }

    public void Dispose()
    {
        disposed = true;
        Changes.Recomputed -= OnRecomputed;
        GC.SuppressFinalize(this);
    }

    private async Task LoadAsync(string? from, string? to)
    {
        try
        {
            periods = await Query.PeriodsAsync();
            error = null;
            problem = null;
            comparison = null;
            matrix = null;
            if (periods.Count >= 2)
            {
                var outcome = await Query.CompareAsync(from, to);
                if (outcome.Comparison is { } result)
                {
                    comparison = result;
                    matrix = result.Matrix;
                    fromPeriod = result.From.Period;
                    toPeriod = result.To.Period;
                }
                else
                {
                    fromPeriod = from;
                    toPeriod = to;
                    problem = outcome.Validation.ToString();
                }
            }
        }
        catch (ForbiddenException ex)
        {
            error = ex.Message;
        }

        loaded = true;
    }

    private async Task FromChangedAsync(string? value) => await SelectAsync(value, toPeriod);

    private async Task ToChangedAsync(string? value) => await SelectAsync(fromPeriod, value);

    private async Task SelectAsync(string? from, string? to)
    {
        await LoadAsync(from, to);
        Navigation.NavigateTo(Navigation.GetUriWithQueryParameters(new Dictionary<string, object?> { ["from"] = from, ["to"] = to }), replace: true);
        if (fallenTable is not null)
        {
            await fallenTable.ReloadServerData();
        }
    }

    private async Task<TableData<FallenRow>> LoadFallenAsync(TableState state, CancellationToken cancellationToken)
    {
        if (comparison is null)
        {
            return new TableData<FallenRow> { Items = [], TotalItems = 0 };
        }

        var page = await Query.FallenPageAsync(comparison, state.Page, state.PageSize, cancellationToken);
        return new TableData<FallenRow> { Items = page.Items, TotalItems = page.TotalCount };
    }

    private void OnRecomputed() => _ = InvokeAsync(async () =>
    {
        if (disposed)
        {
            return;
        }

        await LoadAsync(fromPeriod, toPeriod);
        StateHasChanged();
        if (fallenTable is not null)
        {
            await fallenTable.ReloadServerData();
        }
    });

    private MigrationCell Cell(byte from, byte to) =>
        matrix!.Cells.First(c => c.FromTier == from && c.ToTier == to);

    private static string CellStyle(MigrationCell cell)
    {
        const string common = "text-align:center;padding:6px;border:1px solid var(--mud-palette-lines-default);";
        if (cell.FromTier == 0 && cell.ToTier == 0)
        {
            return common + "background:var(--mud-palette-background-gray)";
        }

        var tint = cell.ToTier < cell.FromTier ? "244,67,54" : cell.ToTier > cell.FromTier ? "76,175,80" : "158,158,158";
        // Stronger tint for busier cells, so the big moves stand out.
        var alpha = cell.Customers == 0 ? 0.04 : 0.12 + Math.Min(0.38, Math.Log10(1 + cell.Customers) / 8);
        return common + FormattableString.Invariant($"background:rgba({tint},{alpha:0.00})");
    }

    private static string CellDefinition(MigrationCell cell)
    {
        var move = cell.ToTier < cell.FromTier ? "moved down" : cell.ToTier > cell.FromTier ? "moved up" : "stayed";
        return $"{cell.Customers:N0} customers in {cell.From} before and {cell.To} after ({move}); spend in the first quarter " +
            $"{Display.Money(cell.ValueBefore)}, in the second {Display.Money(cell.ValueAfter)}.";
    }

    /// <summary>The last day of the quarter when <paramref name="asOf"/> falls before it (a quarter still running), else null.</summary>
    private static DateOnly? PartialQuarter(DateOnly asOf)
    {
        var end = Domain.ValueSnapshot.PeriodStart(asOf).AddMonths(3).AddDays(-1);
        return asOf < end ? end : null;
    }

    private static string PeriodLabel(SnapshotPeriod period) => $"{period.Period} (as of {period.AsOf:yyyy-MM-dd})";
}
