using System.Globalization;
using Crm.Analytics.Contracts;
using Crm.Analytics.Domain;
using Crm.Analytics.Features.Lifetime;
using Crm.Analytics.Features.Shared;
using Crm.Contacts.Contracts;
using Crm.Kernel;
using Crm.Kernel.Data;
using Crm.Kernel.Errors;
using Crm.Kernel.Identity;
using Crm.Sales.Contracts;
using Microsoft.EntityFrameworkCore;

namespace Crm.Analytics.Features.Cycles;

/// <summary>A product a customer typically buys: on <paramref name="Orders"/> of their purchase orders.</summary>
internal sealed record TypicalProduct(string Code, string Name, int Orders);

/// <summary>
/// A customer due to buy again: the usual interval (median days between purchase days), the last purchase, the expected
/// next purchase (last + usual interval), the day from which they count as due (last + 1.5 intervals), the days overdue
/// (today - expected next purchase), their typical products, past spend, P(alive) and why it is what it is.
/// </summary>
internal sealed record DueCustomerRow(
    long CustomerId, string Name, double UsualIntervalDays, DateOnly LastPurchaseOn, DateOnly NextPurchaseOn, DateOnly DueOn,
    int DaysOverdue, IReadOnlyList<TypicalProduct> TypicalProducts, decimal PastSpend, double? ProbabilityAlive,
    AliveExplanation? ProbabilityAliveExplanation)
{
    /// <summary>True when the model thinks the customer has more likely stopped buying (P(alive) below 50%): listed last.</summary>
    public bool LikelyGone => ProbabilityAlive < AliveExplanation.LikelyActive;
}

/// <summary>A page of the due list as of <paramref name="Today"/> (UTC date).</summary>
internal sealed record DueList(DateOnly Today, IReadOnlyList<DueCustomerRow> Items, int TotalCount, int Page, int PageSize);

/// <summary>The call recorded on the customer's CCR timeline.</summary>
internal sealed record DueCallResult(long InteractionId, long CustomerId, DateTime OccurredAtUtc, string Subject, string Notes, string? Outcome, string HandledBy);

/// <summary>
/// "Due to buy again": customers whose due day (stored with the figures) is today or earlier, the likely active before the
/// likely gone, each most overdue first, and the one-click outreach call recorded in the CCR. Managers and Admins only.
/// </summary>
internal sealed class DueQueries(
    IDbContextFactory<CrmDbContext> contextFactory, ICustomerDirectory directory, ISalesHistory sales, IInteractionLog interactions,
    ICurrentUser currentUser, TimeProvider clock)
{
    public const string CallSubject = "Due-to-buy-again call";
    public const int TypicalProductsPerCustomer = 3;

    public DateOnly Today => DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);

    /// <summary>False until a recompute stored figures.</summary>
    public async Task<bool> HasFiguresAsync(CancellationToken cancellationToken = default)
    {
        LifetimeQueries.EnsureRead(currentUser);
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        return await db.Set<CustomerValueRecord>().AnyAsync(cancellationToken);
    }

    /// <summary>
    /// Customers with a due day on or before today: first those the model holds likely active (P(alive) at least 50%, or no
    /// model), then those it holds likely gone; within each, by days overdue (descending), then customer id. A customer
    /// who stopped long ago is always the most overdue, and calling them first would waste the worklist's best slots.
    /// </summary>
    public async Task<DueList> ListAsync(int page, int pageSize, CancellationToken cancellationToken = default)
    {
        LifetimeQueries.EnsureRead(currentUser);
        var paging = LifetimeQueries.PagingErrors(page, pageSize).FirstOrDefault();
        if (paging is not null)
        {
            throw new ArgumentOutOfRangeException(paging.Field, paging.Message);
        }

        var today = Today;
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var query = db.Set<CustomerValueRecord>().AsNoTracking()
            .Where(v => v.DueOn != null && v.DueOn <= today && v.NextPurchaseOn != null && v.UsualIntervalDays != null);
        var total = await query.CountAsync(cancellationToken);
        // Days overdue = today - next expected purchase: the earliest expected purchase is the most overdue.
        const double likelyActive = AliveExplanation.LikelyActive;
        var rows = await query
            .OrderBy(v => v.ProbabilityAlive < likelyActive ? 1 : 0).ThenBy(v => v.NextPurchaseOn).ThenBy(v => v.CustomerId)
            .Skip(Paging.Offset(page, pageSize)).Take(pageSize)
            .Select(v => new
            {
                v.CustomerId, v.UsualIntervalDays, v.LastPurchaseOn, v.NextPurchaseOn, v.DueOn, v.Monetary, v.ProbabilityAlive,
                v.RepeatPurchases, v.Frequency, v.FirstPurchaseOn, v.AsOf,
            })
            .ToListAsync(cancellationToken);
        var ids = rows.Select(r => r.CustomerId).ToList();
        var names = await directory.DisplayNamesAsync(ids, cancellationToken);
        var products = (await sales.TopProductsAsync(ids, TypicalProductsPerCustomer, cancellationToken))
            .GroupBy(p => p.CustomerId)
            .ToDictionary(g => g.Key, g => (IReadOnlyList<TypicalProduct>)[.. g.Select(p => new TypicalProduct(p.ProductCode, p.ProductName, p.Orders))]);
        var items = rows.Select(r => new DueCustomerRow(
            r.CustomerId, LifetimeQueries.NameOf(names, r.CustomerId), r.UsualIntervalDays!.Value, r.LastPurchaseOn, r.NextPurchaseOn!.Value,
            r.DueOn!.Value, today.DayNumber - r.NextPurchaseOn.Value.DayNumber, products.GetValueOrDefault(r.CustomerId) ?? [],
            r.Monetary, r.ProbabilityAlive,
            AliveExplanation.For(r.ProbabilityAlive, r.RepeatPurchases, r.Frequency, r.FirstPurchaseOn, r.LastPurchaseOn, r.AsOf))).ToList();
        return new DueList(today, items, total, page, pageSize);
    }

    public static OperationResult Validate(DueCallInput? input) =>
        input?.Outcome is { Length: > DueCallInput.MaxOutcomeLength }
            ? OperationResult.Failure("outcome", $"The outcome may have at most {DueCallInput.MaxOutcomeLength} characters.")
            : OperationResult.Success;

    /// <summary>
    /// Records one outbound phone call to the customer on their CCR timeline (subject <see cref="CallSubject"/>, notes naming
    /// the usual interval and typical products, handled by the current user). Every call records a new interaction.
    /// Throws <see cref="NotFoundException"/> for an unknown customer.
    /// </summary>
    public async Task<DueCallResult> LogCallAsync(long customerId, DueCallInput? input, CancellationToken cancellationToken = default)
    {
        LifetimeQueries.EnsureRead(currentUser);
        var validation = Validate(input);
        if (!validation.Succeeded)
        {
            throw new ArgumentException(validation.ToString(), nameof(input));
        }

        _ = await directory.FindAsync(customerId, cancellationToken) ?? throw new NotFoundException($"There is no customer {customerId}.");
        CustomerValueRecord? figures;
        await using (var db = await contextFactory.CreateDbContextAsync(cancellationToken))
        {
            figures = await db.Set<CustomerValueRecord>().AsNoTracking().SingleOrDefaultAsync(v => v.CustomerId == customerId, cancellationToken);
        }

        var products = await sales.TopProductsAsync([customerId], TypicalProductsPerCustomer, cancellationToken);
        var notes = CallNotes(figures, products, Today);
        var outcome = string.IsNullOrWhiteSpace(input?.Outcome) ? null : input.Outcome.Trim();
        var now = clock.GetUtcNow().UtcDateTime;
        var id = await interactions.RecordAsync(new InteractionEntry(
            customerId, Channel.Phone, InteractionDirection.Outbound, InteractionType.Call, now, CallSubject, notes, outcome, currentUser.ActorId),
            cancellationToken);
        return new DueCallResult(id, customerId, now, CallSubject, notes, outcome, currentUser.ActorId);
    }

    internal static string CallNotes(CustomerValueRecord? figures, IReadOnlyList<CustomerProductCount> products, DateOnly today)
    {
        var text = new List<string>();
        if (figures is { UsualIntervalDays: { } interval, NextPurchaseOn: { } next })
        {
            var overdue = today.DayNumber - next.DayNumber;
            var late = overdue > 0 ? string.Create(CultureInfo.InvariantCulture, $" ({overdue} days overdue)") : "";
            text.Add(string.Create(CultureInfo.InvariantCulture,
                $"Due to buy again: usually buys every {interval:0.#} days; last purchase {figures.LastPurchaseOn:yyyy-MM-dd}, next expected {next:yyyy-MM-dd}{late}."));
        }
        else if (figures is not null)
        {
            text.Add(string.Create(CultureInfo.InvariantCulture, $"No usual purchase interval yet (fewer than three purchase days); last purchase {figures.LastPurchaseOn:yyyy-MM-dd}."));
        }
        else
        {
            text.Add("No purchases yet.");
        }

        if (products.Count > 0)
        {
            text.Add("Typical products: " + string.Join(", ", products.Select(p => string.Create(CultureInfo.InvariantCulture,
                $"{p.ProductName} ({p.ProductCode}, on {p.Orders} orders)"))) + ".");
        }

        return string.Join(" ", text);
    }
}
