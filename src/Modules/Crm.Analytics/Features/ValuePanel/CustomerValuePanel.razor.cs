using System.Globalization;
using Crm.Analytics.Features.Live;
using Crm.Analytics.Features.Shared;
using Crm.Kernel;
using Crm.Kernel.Errors;
using Crm.Kernel.Identity;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace Crm.Analytics.Features.ValuePanel;

/// <summary>
/// The "Value" tab of the customer page: RFM scores and segment, tiers and their history, CLV, P(alive), purchase cycle and
/// recommended products. Reloads by itself when the customer's figures change (real-time update) or a recompute finishes.
/// </summary>
public partial class CustomerValuePanel : IDisposable
{
    private CustomerValueLookup? lookup;
    private string? error;
    private bool isManager;
    private DateTime? pushedAtUtc;
    private long subscribedId;
    private bool subscribed;

    [Parameter]
    public long CustomerId { get; set; }

    [Inject]
    private CustomerValueQueries Queries { get; set; } = default!;

    [Inject]
    private CustomerValueChanges Changes { get; set; } = default!;

    [Inject]
    private ICurrentUser CurrentUser { get; set; } = default!;

    [Inject]
    private TimeProvider Clock { get; set; } = default!;

    private string UpdatedText => pushedAtUtc is { } at
        ? $"Updated just now ({at.ToLocalTime():HH:mm:ss})"
        : $"As of {lookup?.Value?.AsOf:yyyy-MM-dd}";

    protected override async Task OnParametersSetAsync()
    {
        isManager = CurrentUser.IsInRole(CrmRoles.Admin) || CurrentUser.IsInRole(CrmRoles.Manager);
        if (!subscribed)
        {
            Changes.CustomerChanged += OnCustomerChanged;
            Changes.Recomputed += OnRecomputed;
            subscribed = true;
        }

        if (subscribedId != CustomerId)
        {
            subscribedId = CustomerId;
            pushedAtUtc = null;
            lookup = null;
        }

        await LoadAsync();
    }

    private async Task LoadAsync()
    {
        try
        {
            error = null;
            lookup = await Queries.GetAsync(CustomerId);
        }
        catch (Exception ex) when (ex is NotFoundException or ForbiddenException)
        {
            error = ex.Message;
            lookup = null;
        }
    }

    private void OnCustomerChanged(long customerId)
    {
        if (customerId == CustomerId)
        {
            Push();
        }
    }

    private void OnRecomputed() => Push();

    private void Push() => _ = InvokeAsync(async () =>
    {
        await LoadAsync();
        pushedAtUtc = Clock.GetUtcNow().UtcDateTime;
        StateHasChanged();
    });

    private const int SparkStep = 28;

    /// <summary>Points of the tier-by-spend sparkline: the snapshots oldest first, then the current tier (0 None .. 4 Platinum).</summary>
    private static List<(string Label, string Tier, string X, string Y)> Sparkline(CustomerValueDto value) =>
        [.. value.TierHistory.Reverse().Select(h => (h.Period, h.SpendTier)).Append(("now", value.SpendTier))
            .Select((p, i) => (p.Item1, p.Item2,
                (6 + (i * SparkStep)).ToString(CultureInfo.InvariantCulture),
                (38 - ((TierNames.Parse(p.Item2) ?? 0) * 8)).ToString(CultureInfo.InvariantCulture)))];

    private static string SegmentDefinition(string segment) => segment switch
    {
        "Champions" => "Champions: bought very recently and very often (R 5, F 4-5).",
        "Loyal" => "Loyal: buy often (F 4-5) and not long ago (R 3-4).",
        "Potential loyalist" => "Potential loyalist: recent buyers with a few orders (R 4-5, F 2-3).",
        "New" => "New: bought very recently, once or rarely (R 5, F 1).",
        "Promising" => "Promising: bought recently, rarely (R 4, F 1).",
        "Need attention" => "Need attention: middling recency and frequency (R 3, F 3).",
        "About to sleep" => "About to sleep: not very recent and rare buyers (R 3, F 1-2).",
        "At risk" => "At risk: bought fairly often but not for a long time (R 1-2, F 3-4).",
        "Can't lose them" => "Can't lose them: among the most frequent buyers, but not for a long time (R 1-2, F 5).",
        "Hibernating" => "Hibernating: rare buyers, not for a long time (R 1-2, F 1-2).",
        "Lost" => "Lost: the oldest and rarest buyers (R 1, F 1).",
        _ => "RFM segment from the recency and frequency scores.",
    } + " Segments come from the R and F scores (1-5 quintiles among all buyers).";

    private static Color TierColor(string? tier) => tier switch
    {
        "Platinum" => Color.Primary,
        "Gold" => Color.Warning,
        "Silver" => Color.Info,
        "Bronze" => Color.Default,
        _ => Color.Default,
    };

    public void Dispose()
    {
        if (subscribed)
        {
            Changes.CustomerChanged -= OnCustomerChanged;
            Changes.Recomputed -= OnRecomputed;
            subscribed = false;
        }

        GC.SuppressFinalize(this);
    }
}
