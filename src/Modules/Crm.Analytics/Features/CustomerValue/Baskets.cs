using Crm.Analytics.Contracts;
using Crm.Analytics.Engine.Associations;
using Crm.Sales.Contracts;

namespace Crm.Analytics.Features.CustomerValue;

/// <summary>
/// Market baskets from <see cref="ISalesHistory.StreamBasketItemsAsync"/>: one transaction per purchase order, its distinct
/// product codes; item ids in order of first appearance.
/// </summary>
internal static class Baskets
{
    private const int ProgressEvery = 250_000;

    public static void Validate(AssociationRequest request)
    {
        if (!(request.MinSupport > 0) || request.MinSupport > 1)
        {
            throw new ArgumentOutOfRangeException(nameof(request), request.MinSupport, "The minimum support must be in (0, 1].");
        }

        if (request.MinConfidence < 0 || request.MinConfidence > 1)
        {
            throw new ArgumentOutOfRangeException(nameof(request), request.MinConfidence, "The minimum confidence must be in [0, 1].");
        }

        if (request.MaxLength < 2)
        {
            throw new ArgumentOutOfRangeException(nameof(request), request.MaxLength, "The maximum itemset length must be at least 2 (a rule has two items).");
        }
    }

    public static async Task<TransactionSet> ReadAsync(ISalesHistory history, IProgress<AnalyticsProgress>? progress, CancellationToken cancellationToken)
    {
        var ids = new Dictionary<string, int>(StringComparer.Ordinal);
        var names = new List<string>();
        var offsets = new List<int> { 0 };
        var items = new List<int>();
        long currentOrder = 0;
        var basketStart = 0;
        var any = false;
        long read = 0;
        progress?.Report(new AnalyticsProgress("Reading baskets", 0, null));
        await foreach (var line in history.StreamBasketItemsAsync(cancellationToken).WithCancellation(cancellationToken))
        {
            if (!any || line.OrderId != currentOrder)
            {
                if (any)
                {
                    offsets.Add(items.Count);
                }

                any = true;
                currentOrder = line.OrderId;
                basketStart = items.Count;
            }

            if (!ids.TryGetValue(line.ProductCode, out var id))
            {
                id = names.Count;
                ids.Add(line.ProductCode, id);
                names.Add(line.ProductCode);
            }

            if (items.IndexOf(id, basketStart) < 0)
            {
                items.Add(id);
            }

            if (++read % ProgressEvery == 0)
            {
                progress?.Report(new AnalyticsProgress("Reading baskets", read, null));
            }
        }

        if (any)
        {
            offsets.Add(items.Count);
        }

        progress?.Report(new AnalyticsProgress("Reading baskets", read, read));
        return new TransactionSet([.. offsets], [.. items], names);
    }
}
