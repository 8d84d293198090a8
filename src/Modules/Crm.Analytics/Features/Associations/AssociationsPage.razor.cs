using System.Globalization;
using Crm.Kernel.Errors;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace Crm.Analytics.Features.Associations;

/// <summary>
/// The rules browser (Managers and Admins): the stored association rules filtered by product and minimum support, confidence
/// and lift, sorted and paged on the server, exportable as CSV.
/// </summary>
public partial class AssociationsPage
{
    private MudTable<AssociationRuleRow>? table;
    private int? storedRules;
    private string product = "";
    // Decimals, so that 0.07 % becomes the share 0.0007 exactly (as doubles, 0.07 / 100 is 0.0007000000000000001).
    private decimal? minSupportPercent;
    private decimal? minConfidencePercent;
    private double? minLift;
    private RuleSort sort = RuleSort.Lift;
    private bool valid = true;
    private IReadOnlyList<ValidationError> errors = [];

    [Inject]
    private AssociationRuleQueries Queries { get; set; } = default!;

    private AssociationRuleQuery Filters => new()
    {
        Product = product.Length == 0 ? null : product,
        MinSupport = minSupportPercent / 100,
        MinConfidence = minConfidencePercent / 100,
        MinLift = minLift,
        Sort = sort,
    };

    /// <summary>The current filters and sort as a CSV download.</summary>
    private string ExportHref => Microsoft.AspNetCore.WebUtilities.QueryHelpers.AddQueryString("/api/v1/analytics/rules/export",
        new Dictionary<string, string?>
        {
            ["product"] = product.Length == 0 ? null : product,
            ["minSupport"] = Invariant(minSupportPercent / 100),
            ["minConfidence"] = Invariant(minConfidencePercent / 100),
            ["minLift"] = Invariant(minLift),
            ["sort"] = sort.ToString().ToLowerInvariant(),
        }.Where(kv => kv.Value is not null));

    protected override async Task OnInitializedAsync() => storedRules = await Queries.CountStoredAsync();

    private static string? Invariant(double? value) => value?.ToString("0.########", CultureInfo.InvariantCulture);

    private static string? Invariant(decimal? value) => value?.ToString(CultureInfo.InvariantCulture);

    private bool Has(string field) => errors.Any(e => e.Field == field);

    private string Err(string field) => string.Join(" ", errors.Where(e => e.Field == field).Select(e => e.Message));

    private async Task<TableData<AssociationRuleRow>> LoadAsync(TableState state, CancellationToken cancellationToken)
    {
        var query = Filters with { Page = state.Page, PageSize = state.PageSize };
        errors = query.Validate().Errors;
        valid = errors.Count == 0;
        if (!valid)
        {
            return new TableData<AssociationRuleRow> { Items = [], TotalItems = 0 };
        }

        var page = await Queries.ListAsync(query, cancellationToken);
        return new TableData<AssociationRuleRow> { Items = page.Items, TotalItems = page.TotalCount };
    }

    private Task ProductChangedAsync(string? value) => ReloadAsync(() => product = value?.Trim() ?? "");

    private Task MinSupportChangedAsync(decimal? value) => ReloadAsync(() => minSupportPercent = value);

    private Task MinConfidenceChangedAsync(decimal? value) => ReloadAsync(() => minConfidencePercent = value);

    private Task MinLiftChangedAsync(double? value) => ReloadAsync(() => minLift = value);

    private Task SortChangedAsync(RuleSort value) => ReloadAsync(() => sort = value);

    private async Task ReloadAsync(Action change)
    {
        change();
        if (table is not null)
        {
            await table.ReloadServerData();
        }
    }
}
