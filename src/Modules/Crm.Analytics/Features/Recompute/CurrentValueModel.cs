using System.Text.Json;
using Crm.Analytics.Domain;
using Crm.Analytics.Engine.Lifetime;
using Crm.Analytics.Features.Shared;
using Crm.Kernel.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.Analytics.Features.Recompute;

/// <summary>The newest <see cref="ValueModel"/>, parsed: what real-time updates score with.</summary>
internal sealed record LoadedValueModel(
    long RunId, DateOnly AsOf, ScoreBounds Bounds, TierFloorSet Floors, BgNbdParameters? Purchases, GammaGammaParameters? Spend,
    StoredWhaleCurve? WhaleCurve, ValueModel Row)
{
    public static LoadedValueModel From(ValueModel row)
    {
        ArgumentNullException.ThrowIfNull(row);
        var json = ValueRecompute.Json;
        var bounds = JsonSerializer.Deserialize<ScoreBounds>(row.ScoreBoundsJson, json) ?? ScoreBounds.Empty;
        var floors = JsonSerializer.Deserialize<TierFloorSet>(row.TierFloorsJson, json)
            ?? throw new InvalidOperationException($"Model {row.Id} has no tier floors.");
        BgNbdParameters? purchases = row is { BgR: { } r, BgAlpha: { } alpha, BgA: { } a, BgB: { } b } ? new BgNbdParameters(r, alpha, a, b) : null;
        GammaGammaParameters? spend = row is { GgP: { } p, GgQ: { } q, GgGamma: { } gamma } ? new GammaGammaParameters(p, q, gamma) : null;
        var whale = JsonSerializer.Deserialize<StoredWhaleCurve?>(row.WhaleCurveJson, json);
        return new LoadedValueModel(row.Id, row.AsOf, bounds, floors, purchases, spend, whale, row);
    }
}

/// <summary>Caches the newest model; a finished recompute replaces it.</summary>
internal sealed class CurrentValueModel(IServiceScopeFactory scopeFactory)
{
    private volatile LoadedValueModel? current;
    private volatile bool loaded;

    public async Task<LoadedValueModel?> GetAsync(CancellationToken cancellationToken)
    {
        if (loaded)
        {
            return current;
        }

        await using var system = await SystemDb.OpenAsync(scopeFactory, cancellationToken);
        var row = await system.Context.Set<ValueModel>().AsNoTracking().OrderByDescending(m => m.Id).FirstOrDefaultAsync(cancellationToken);
        current = row is null ? null : LoadedValueModel.From(row);
        loaded = true;
        return current;
    }

    /// <summary>Forget the cached model (a recompute stored a new one).</summary>
    public void Invalidate() => loaded = false;
}
