using System.Diagnostics;
using System.Globalization;
using Crm.Contacts.Contracts;
using Crm.Kernel;
using Crm.Kernel.Auditing;
using Crm.Kernel.Data;
using Crm.Kernel.Identity;
using Crm.Kernel.Randomness;
using Crm.Sales.Contracts;
using Crm.Sales.Domain;
using Crm.Sales.Features.Shared;
using Microsoft.EntityFrameworkCore;

namespace Crm.Sales.Features.Generate;

/// <summary>
/// Realistic, seeded sales data for the customers already in the CCR (read through the Contacts contract, never its
/// tables). The patterns the analytics need are built in:
/// <list type="bullet">
/// <item>Skewed value: each customer's purchase rate is Gamma(0.6)-distributed and their basket size log-normal, so a
/// minority of customers brings most of the revenue (Pareto).</item>
/// <item>Individual rhythms: a customer's orders follow a renewal process with Gamma(2)-distributed gaps over their own
/// active period.</item>
/// <item>Customers who stop buying: about a third have an active period that ends in the past ("dead" customers).</item>
/// <item>Products bought together: affinity bundles of 2-4 products that often appear in the same basket.</item>
/// <item>Returns (about 4% of sales, part or all of the lines) and cancellations (about 2%), each a document against its sale.</item>
/// <item>A channel mix with a preferred channel per customer, and opportunities across the pipeline stages and owners.</item>
/// </list>
/// Batches of customers are written in one transaction each (through <see cref="BulkWriter"/> on SQLite), so memory
/// stays flat for millions of order lines.
/// </summary>
internal sealed class SalesDataGenerator(
    IDbContextFactory<CrmDbContext> contextFactory, IContactsDataGenerator contacts, IInteractionLog timeline, UserDirectory users,
    ICurrentUser currentUser, TimeProvider clock) : ISalesDataGenerator
{
    private const int CustomerBatch = 10_000;

    /// <summary>
    /// From this many new orders (and at least as many as the table holds), a SQLite load builds the order and line
    /// indexes after the rows instead of row by row: about twice as fast overall (docs/performance.md).
    /// </summary>
    internal const int DeferIndexesFromOrders = 100_000;

    private static readonly (string Category, string[] Nouns, double MedianPrice)[] Categories =
    [
        ("Office supplies", ["Stapler", "Notebook", "Pen set", "Desk organiser", "Binder", "Label printer"], 12),
        ("Furniture", ["Desk chair", "Standing desk", "Bookshelf", "Filing cabinet", "Meeting table"], 260),
        ("Electronics", ["Monitor", "Keyboard", "Headset", "Webcam", "Docking station", "Tablet"], 140),
        ("Kitchen", ["Coffee mugs", "Water carafe", "Espresso machine", "Tea selection", "Lunch boxes"], 25),
        ("Cleaning", ["Hand soap", "Surface spray", "Microfibre cloths", "Paper towels", "Bin liners"], 8),
        ("Packaging", ["Shipping boxes", "Bubble wrap", "Packing tape", "Padded envelopes", "Pallet wrap"], 18),
        ("Safety", ["First-aid kit", "Safety gloves", "Hi-vis vests", "Fire extinguisher", "Ear defenders"], 35),
        ("Software", ["Design licence", "Accounting seat", "Backup plan", "Antivirus seat", "Support plan"], 90),
    ];

    private static readonly string[] Adjectives = ["Classic", "Pro", "Eco", "Compact", "Deluxe", "Basic", "Premium", "Smart", "Heavy-duty", "Travel"];

    private static readonly (SalesChannel Channel, double Share)[] ChannelMix =
    [
        (SalesChannel.WebShop, 0.55), (SalesChannel.Phone, 0.2), (SalesChannel.Store, 0.12), (SalesChannel.FieldSales, 0.1), (SalesChannel.Other, 0.03),
    ];

    private static readonly string[] WinReasons = ["Best price and delivery time", "Existing relationship", "Product fit", "Fast quote"];

    private static readonly string[] LossReasons = ["Lost to a competitor on price", "No budget this year", "Went silent", "Chose to build in-house"];

    public async Task<int> CountOrdersAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        return await db.Set<Order>().CountAsync(cancellationToken);
    }

    public Task<GeneratedSales> GenerateAsync(SalesGeneration options, IProgress<SalesGenerationProgress>? progress, CancellationToken cancellationToken = default) =>
        GenerateAsync(options, progress, allowBulkInsert: true, DeferIndexesFromOrders, cancellationToken);

    /// <param name="allowBulkInsert">On SQLite, write through <see cref="BulkWriter"/> instead of EF.</param>
    /// <param name="deferIndexesFromOrders">The smallest expected number of new orders for which the indexes are built after the rows.</param>
    internal async Task<GeneratedSales> GenerateAsync(
        SalesGeneration options, IProgress<SalesGenerationProgress>? progress, bool allowBulkInsert, int deferIndexesFromOrders, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(options.Products);
        ArgumentOutOfRangeException.ThrowIfNegative(options.OrdersPerCustomer);
        ArgumentOutOfRangeException.ThrowIfNegative(options.OpportunitiesPerCustomer);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.LinesPerOrder, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.HistoryDays, 30);
        var watch = Stopwatch.StartNew();
        var random = new Random(options.Seed);
        var now = clock.GetUtcNow().UtcDateTime;
        var reps = (await users.InRoleAsync(CrmRoles.SalesRep, cancellationToken)).Select(u => u.Id).Order(StringComparer.Ordinal).ToArray();

        var catalogue = options.Products > 0
            ? await AddProductsAsync(random, options.Products, now, allowBulkInsert, cancellationToken)
            : await LoadProductsAsync(cancellationToken);
        if (catalogue.Length == 0 && (options.OrdersPerCustomer > 0 || options.OpportunitiesPerCustomer > 0))
        {
            throw new InvalidOperationException("There are no active products to sell: generate some products too.");
        }

        var shop = new Shop(random, catalogue);
        var stages = await LoadStagesAsync(cancellationToken);
        var totals = new Totals { Products = options.Products };
        var deferred = allowBulkInsert ? await DropIndexesForLargeLoadAsync(options, deferIndexesFromOrders, cancellationToken) : [];
        try
        {
            await GenerateOrdersAsync(options, progress, allowBulkInsert, random, now, reps, shop, stages, totals, cancellationToken);
        }
        finally
        {
            if (deferred.Count > 0)
            {
                // Built even when the load was cancelled or failed (the rows written so far stay); should this process be
                // killed first, the database initializer builds them at the next start.
                progress?.Report(new SalesGenerationProgress(totals.Customers, BuildingIndexes: true));
                await using var db = await contextFactory.CreateDbContextAsync(CancellationToken.None);
                await DatabaseDialect.Of(db).RestoreIndexesAsync(db, CancellationToken.None);
            }
        }

        return new GeneratedSales(totals.Products, totals.Customers, totals.Opportunities, totals.Orders, totals.OrderLines, totals.Returns,
            totals.Cancellations, totals.TimelineEntries, watch.Elapsed);
    }

    /// <summary>Defers the order and line indexes where the provider gains from it (SQLite) when this load will at least double the orders (see <see cref="DeferIndexesFromOrders"/>).</summary>
    private async Task<IReadOnlyList<string>> DropIndexesForLargeLoadAsync(SalesGeneration options, int threshold, CancellationToken cancellationToken)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        if (options.OrdersPerCustomer == 0)
        {
            return [];
        }

        var expected = options.OrdersPerCustomer * await contacts.CountCustomersAsync(cancellationToken);
        var existing = await db.Set<Order>().LongCountAsync(cancellationToken);
        return expected >= Math.Max(threshold, existing)
            ? await DatabaseDialect.Of(db).DeferIndexesForLoadAsync(db, [typeof(Order), typeof(OrderLine)], cancellationToken)
            : [];
    }

    private async Task GenerateOrdersAsync(
        SalesGeneration options, IProgress<SalesGenerationProgress>? progress, bool allowBulkInsert, Random random, DateTime now, string[] reps,
        Shop shop, Stages stages, Totals totals, CancellationToken cancellationToken)
    {
        long afterId = 0;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var customers = await contacts.ListCustomersAsync(afterId, CustomerBatch, cancellationToken);
            if (customers.Count == 0)
            {
                break;
            }

            afterId = customers[^1].CustomerId;
            var batch = new Batch();
            foreach (var customer in customers)
            {
                var owner = customer.OwnerId ?? (reps.Length == 0 ? null : reps[random.Next(reps.Length)]);
                AddOrders(random, shop, options, customer.CustomerId, customer.OwnerId, now, batch);
                AddOpportunities(random, shop, stages, options, customer.CustomerId, owner ?? currentUser.ActorId, now, batch);
            }

            await WriteAsync(batch, now, allowBulkInsert, cancellationToken);
            if (options.RecordOnTimeline && batch.Sales.Count > 0)
            {
                totals.TimelineEntries += await timeline.RecordManyAsync([.. batch.Sales.Select(TimelineEntry)], cancellationToken);
            }

            totals.Customers += customers.Count;
            totals.Orders += batch.Sales.Count + batch.FollowUps.Count;
            totals.OrderLines += batch.Sales.Sum(o => o.Lines.Count) + batch.FollowUps.Sum(f => f.Document.Lines.Count);
            totals.Returns += batch.FollowUps.Count(f => f.Document.Kind == OrderKind.Return);
            totals.Cancellations += batch.FollowUps.Count(f => f.Document.Kind == OrderKind.Cancellation);
            totals.Opportunities += batch.Opportunities.Count;
            progress?.Report(new SalesGenerationProgress(totals.Customers, BuildingIndexes: false));
        }
    }

    private static void AddOrders(Random random, Shop shop, SalesGeneration options, long customerId, string? ownerId, DateTime now, Batch batch)
    {
        // How often this customer buys (Gamma-Poisson: skewed, mean = OrdersPerCustomer) and how big their baskets are (log-normal).
        var rate = options.OrdersPerCustomer == 0 ? 0 : random.NextGamma(0.6) * options.OrdersPerCustomer / 0.6;
        var count = random.NextPoisson(rate);
        if (count == 0)
        {
            return;
        }

        var basketScale = Math.Exp(random.NextNormal() * 0.8);
        var historyStart = now.AddDays(-options.HistoryDays);
        var span = (now - historyStart).TotalDays;

        // The customer's active period: starts somewhere in the history; about a third stop buying before today.
        var start = span * Math.Pow(random.NextDouble(), 1.5) * 0.8;
        var end = random.NextDouble() < 0.35 ? start + ((span - start) * (0.1 + (0.6 * random.NextDouble()))) : span;

        // Renewal process with Gamma(2) gaps (a regular rhythm), scaled to fit the active period.
        var gaps = new double[count + 1];
        var sum = 0.0;
        for (var i = 0; i <= count; i++)
        {
            gaps[i] = random.NextGamma(2);
            sum += gaps[i];
        }

        var preferredChannel = PickChannel(random);
        var favourite = shop.RandomCategory(random);
        var at = 0.0;
        for (var i = 0; i < count; i++)
        {
            at += gaps[i];
            var orderedAt = historyStart.AddDays(start + ((end - start) * at / sum)).AddSeconds(random.Next(0, 3_600));
            if (orderedAt > now)
            {
                orderedAt = now.AddMinutes(-random.Next(1, 600));
            }

            var order = new Order
            {
                CustomerId = customerId,
                Channel = random.NextDouble() < 0.8 ? preferredChannel : PickChannel(random),
                Kind = OrderKind.Sale,
                Status = OrderStatus.Placed,
                OrderedAtUtc = orderedAt,
                SalesRepId = ownerId,
                Source = "generator",
            };
            FillBasket(random, shop, options.LinesPerOrder, basketScale, favourite, order);
            order.Recalculate();
            batch.Sales.Add(order);
            AddFollowUp(random, order, now, batch);
        }
    }

    private static void FillBasket(Random random, Shop shop, double linesPerOrder, double basketScale, int favourite, Order order)
    {
        var wanted = 1 + random.NextPoisson(linesPerOrder - 1);
        var chosen = new List<int>(wanted + 3);
        if (wanted >= 2 && random.NextDouble() < 0.4)
        {
            // A bundle: products that are bought together.
            foreach (var p in shop.Bundles[random.Next(shop.Bundles.Length)])
            {
                if (random.NextDouble() < 0.85 && !chosen.Contains(p))
                {
                    chosen.Add(p);
                }
            }
        }

        for (var tries = 0; chosen.Count < wanted && tries < wanted * 4; tries++)
        {
            var p = random.NextDouble() < 0.45 ? shop.InCategory(random, favourite) : shop.Popular(random);
            if (!chosen.Contains(p))
            {
                chosen.Add(p);
            }
        }

        var lineNumber = 1;
        foreach (var p in chosen)
        {
            var product = shop.Products[p];
            var quantity = (decimal)Math.Max(1, Math.Round(Math.Exp(Math.Log(1.6 * basketScale) + (random.NextNormal() * 0.5))));
            var discount = random.NextDouble() < 0.1 ? decimal.Round(quantity * product.ListPrice * 0.05m, 2) : 0m;
            order.Lines.Add(new OrderLine
            {
                LineNumber = lineNumber++,
                ProductId = product.Id,
                ProductCode = product.Code,
                ProductName = product.Name,
                Quantity = quantity,
                UnitPrice = product.ListPrice,
                Discount = discount,
                UnitCost = product.UnitCost,
                Amount = OrderLine.AmountOf(quantity, product.ListPrice, discount),
            });
        }
    }

    /// <summary>About 2% of sales are cancelled (a cancellation document, the sale marked cancelled), about 4% partly or fully returned.</summary>
    private static void AddFollowUp(Random random, Order sale, DateTime now, Batch batch)
    {
        var roll = random.NextDouble();
        if (roll >= 0.06)
        {
            return;
        }

        var cancel = roll < 0.02;
        var at = sale.OrderedAtUtc.AddHours(cancel ? random.Next(1, 48) : random.Next(24, 30 * 24));
        if (at > now)
        {
            return;
        }

        var document = new Order
        {
            CustomerId = sale.CustomerId,
            Channel = sale.Channel,
            Kind = cancel ? OrderKind.Cancellation : OrderKind.Return,
            Status = OrderStatus.Placed,
            OrderedAtUtc = at,
            SalesRepId = sale.SalesRepId,
            Source = "generator",
            Notes = cancel ? "Cancelled by the customer before dispatch" : "Returned: damaged or not as expected",
        };
        var allReturned = true;
        foreach (var line in sale.Lines)
        {
            var quantity = cancel ? line.Quantity : random.NextDouble() < 0.6 ? Math.Max(1, Math.Floor(line.Quantity * (decimal)random.NextDouble())) : 0;
            if (quantity == 0)
            {
                allReturned = false;
                continue;
            }

            allReturned &= quantity == line.Quantity;
            var discount = line.Quantity == 0 ? 0 : decimal.Round(line.Discount * quantity / line.Quantity, 4);
            document.Lines.Add(new OrderLine
            {
                LineNumber = document.Lines.Count + 1,
                ProductId = line.ProductId,
                ProductCode = line.ProductCode,
                ProductName = line.ProductName,
                Quantity = -quantity,
                UnitPrice = line.UnitPrice,
                Discount = -discount,
                UnitCost = line.UnitCost,
                Amount = OrderLine.AmountOf(-quantity, line.UnitPrice, -discount),
            });
        }

        if (document.Lines.Count == 0)
        {
            return;
        }

        sale.Status = cancel ? OrderStatus.Cancelled : allReturned ? OrderStatus.Returned : OrderStatus.PartiallyReturned;
        sale.Recalculate();
        document.Recalculate();
        batch.FollowUps.Add((document, sale));
    }

    private static void AddOpportunities(
        Random random, Shop shop, Stages stages, SalesGeneration options, long customerId, string ownerId, DateTime now, Batch batch)
    {
        var count = random.NextPoisson(options.OpportunitiesPerCustomer);
        for (var i = 0; i < count; i++)
        {
            var roll = random.NextDouble();
            var stage = roll < 0.6 ? stages.Open[random.Next(stages.Open.Length)] : roll < 0.85 ? stages.Won : stages.Lost;
            var opportunity = new Opportunity
            {
                CustomerId = customerId,
                StageId = stage.Id,
                OwnerId = ownerId,
                Probability = stage.Probability,
            };
            var items = 1 + random.Next(3);
            Product? first = null;
            for (var j = 0; j < items; j++)
            {
                var product = shop.Products[shop.Popular(random)];
                first ??= product;
                var quantity = (decimal)Math.Max(1, Math.Round(Math.Exp(3 + random.NextNormal())));
                opportunity.Products.Add(new OpportunityProduct { ProductId = product.Id, Quantity = quantity, UnitPrice = product.ListPrice });
            }

            opportunity.Name = string.Create(CultureInfo.InvariantCulture, $"{first!.Category ?? "Products"} for customer {customerId}");
            opportunity.Amount = decimal.Round(opportunity.Products.Sum(p => p.Quantity * p.UnitPrice), 4);
            opportunity.WeightedAmount = decimal.Round(opportunity.Amount * opportunity.Probability / 100m, 4);
            if (stage.Kind == StageKind.Open)
            {
                opportunity.ExpectedCloseDate = DateOnly.FromDateTime(now.AddDays(random.Next(-10, 120)));
            }
            else
            {
                // Closed over the last year, more of them recently, so this month and last month have figures.
                var closed = now.AddDays(-365 * Math.Pow(random.NextDouble(), 2)).AddMinutes(-random.Next(0, 600));
                opportunity.ClosedAtUtc = closed;
                opportunity.ExpectedCloseDate = DateOnly.FromDateTime(closed);
                opportunity.CloseReason = stage.Kind == StageKind.Won ? WinReasons[random.Next(WinReasons.Length)] : LossReasons[random.Next(LossReasons.Length)];
            }

            batch.Opportunities.Add(opportunity);
        }
    }

    private async Task<Product[]> AddProductsAsync(Random random, int count, DateTime now, bool allowBulkInsert, CancellationToken cancellationToken)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var first = await db.Set<Product>().CountAsync(cancellationToken) + 1;
        var products = new Product[count];
        for (var i = 0; i < count; i++)
        {
            var (category, nouns, median) = Categories[i % Categories.Length];
            var price = decimal.Round((decimal)Math.Clamp(median * Math.Exp(random.NextNormal() * 0.6), 0.5, 20_000), 2);
            var name = $"{Adjectives[random.Next(Adjectives.Length)]} {nouns[random.Next(nouns.Length)]} {first + i}";
            products[i] = new Product
            {
                Code = $"GEN-{first + i:D6}",
                Name = name,
                SearchName = SalesText.SearchKey(name),
                Category = category,
                Description = $"{category}: {name}.",
                ListPrice = price,
                UnitCost = decimal.Round(price * (decimal)(0.4 + (0.4 * random.NextDouble())), 2), // every product has a cost, so profit tiers work on demo data
                StockOnHand = random.NextDouble() < 0.08 ? 0 : random.Next(1, 2_000),
                IsActive = random.NextDouble() >= 0.02,
            };
        }

        if (allowBulkInsert && DatabaseDialect.Of(db).AssignsIdsAhead)
        {
            await using var writer = await BulkWriter.BeginAsync(db, cancellationToken);
            var nextId = await writer.NextIdAsync<Product>(cancellationToken);
            foreach (var product in products)
            {
                product.Id = nextId++;
                product.StampCreated(now, currentUser.ActorId);
                await writer.WriteAsync(product, includeKey: true, cancellationToken);
            }

            await writer.CommitAsync(cancellationToken);
        }
        else
        {
            db.AddRange(products);
            await db.SaveChangesAsync(cancellationToken);
        }

        return [.. products.Where(p => p.IsActive)];
    }

    private async Task<Product[]> LoadProductsAsync(CancellationToken cancellationToken)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var active = true;
        return await db.Set<Product>().AsNoTracking().Where(p => p.IsActive == active).OrderBy(p => p.Id).ToArrayAsync(cancellationToken);
    }

    private async Task<Stages> LoadStagesAsync(CancellationToken cancellationToken)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var stages = await db.Set<PipelineStage>().AsNoTracking().OrderBy(s => s.Position).ToListAsync(cancellationToken);
        var open = stages.Where(s => s.Kind == StageKind.Open && s.IsActive).ToArray();
        var won = stages.FirstOrDefault(s => s.Kind == StageKind.Won);
        var lost = stages.FirstOrDefault(s => s.Kind == StageKind.Lost);
        return open.Length == 0 || won is null || lost is null
            ? throw new InvalidOperationException("The pipeline needs at least one open stage, a Won stage and a Lost stage.")
            : new Stages(open, won, lost);
    }

    private async Task WriteAsync(Batch batch, DateTime now, bool allowBulkInsert, CancellationToken cancellationToken)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        if (allowBulkInsert && DatabaseDialect.Of(db).AssignsIdsAhead)
        {
            // A bigger page cache keeps the random-order index inserts (order dates, reps) in memory across a large batch.
            await db.Database.OpenConnectionAsync(cancellationToken);
            await DatabaseDialect.Of(db).PrepareBulkLoadAsync(db, cancellationToken);
            await using var writer = await BulkWriter.BeginAsync(db, cancellationToken);
            var orderId = await writer.NextIdAsync<Order>(cancellationToken);
            var lineId = await writer.NextIdAsync<OrderLine>(cancellationToken);
            foreach (var order in batch.Sales.Concat(batch.FollowUps.Select(f => f.Document)))
            {
                order.Id = orderId++;
                order.OrderNumber = Number(order);
            }

            foreach (var (document, original) in batch.FollowUps)
            {
                document.OriginalOrderId = original.Id;
            }

            foreach (var order in batch.Sales.Concat(batch.FollowUps.Select(f => f.Document)))
            {
                order.StampCreated(now, currentUser.ActorId);
                await writer.WriteAsync(order, includeKey: true, cancellationToken);
                foreach (var line in order.Lines)
                {
                    line.Id = lineId++;
                    line.OrderId = order.Id;
                    await writer.WriteAsync(line, includeKey: true, cancellationToken);
                }
            }

            var opportunityId = await writer.NextIdAsync<Opportunity>(cancellationToken);
            var itemId = await writer.NextIdAsync<OpportunityProduct>(cancellationToken);
            foreach (var opportunity in batch.Opportunities)
            {
                opportunity.Id = opportunityId++;
                opportunity.StampCreated(now, currentUser.ActorId);
                await writer.WriteAsync(opportunity, includeKey: true, cancellationToken);
                foreach (var item in opportunity.Products)
                {
                    item.Id = itemId++;
                    item.OpportunityId = opportunity.Id;
                    await writer.WriteAsync(item, includeKey: true, cancellationToken);
                }
            }

            await writer.CommitAsync(cancellationToken);
            return;
        }

        db.ChangeTracker.AutoDetectChangesEnabled = false;
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        db.AddRange(batch.Sales);
        db.AddRange(batch.Opportunities);
        await db.SaveChangesAsync(cancellationToken);
        foreach (var (document, original) in batch.FollowUps)
        {
            document.OriginalOrderId = original.Id;
        }

        db.AddRange(batch.FollowUps.Select(f => f.Document));
        await db.SaveChangesAsync(cancellationToken);
        foreach (var order in batch.Sales.Concat(batch.FollowUps.Select(f => f.Document)))
        {
            order.OrderNumber = Number(order);
            db.Entry(order).Property(o => o.OrderNumber).IsModified = true;
        }

        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    private static string Number(Order order) => order.Kind switch
    {
        OrderKind.Return => string.Create(CultureInfo.InvariantCulture, $"RT-{order.Id:D7}"),
        OrderKind.Cancellation => string.Create(CultureInfo.InvariantCulture, $"CN-{order.Id:D7}"),
        _ => string.Create(CultureInfo.InvariantCulture, $"SO-{order.Id:D7}"),
    };

    private static InteractionEntry TimelineEntry(Order order) => new(
        order.CustomerId!.Value,
        order.Channel switch
        {
            SalesChannel.WebShop => Channel.Web,
            SalesChannel.Phone => Channel.Phone,
            SalesChannel.Store or SalesChannel.FieldSales => Channel.FaceToFace,
            _ => Channel.Other,
        },
        InteractionDirection.Inbound,
        InteractionType.Order,
        order.OrderedAtUtc,
        string.Create(CultureInfo.InvariantCulture, $"Order {order.OrderNumber}: {order.LineCount} lines, {order.PurchaseAmount:N2}"),
        HandledBy: order.SalesRepId,
        OrderId: order.Id.ToString(CultureInfo.InvariantCulture));

    private static SalesChannel PickChannel(Random random)
    {
        var roll = random.NextDouble();
        foreach (var (channel, share) in ChannelMix)
        {
            if (roll < share)
            {
                return channel;
            }

            roll -= share;
        }

        return SalesChannel.Other;
    }

    private sealed record Stages(PipelineStage[] Open, PipelineStage Won, PipelineStage Lost);

    private sealed class Totals
    {
        public int Products { get; set; }

        public int Customers { get; set; }

        public int Opportunities { get; set; }

        public int Orders { get; set; }

        public int OrderLines { get; set; }

        public int Returns { get; set; }

        public int Cancellations { get; set; }

        public int TimelineEntries { get; set; }
    }

    private sealed class Batch
    {
        public List<Order> Sales { get; } = [];

        public List<(Order Document, Order Original)> FollowUps { get; } = [];

        public List<Opportunity> Opportunities { get; } = [];
    }

    /// <summary>The catalogue as the generator picks from it: popularity (Zipf-like), categories, and bundles bought together.</summary>
    private sealed class Shop
    {
        private readonly double[] cumulative;
        private readonly int[][] byCategory;

        public Shop(Random random, Product[] products)
        {
            Products = products;
            var order = Enumerable.Range(0, products.Length).OrderBy(_ => random.Next()).ToArray();
            cumulative = new double[products.Length];

            // Cumulative weights in product order for a binary search.
            var weights = new double[products.Length];
            for (var rank = 0; rank < order.Length; rank++)
            {
                weights[order[rank]] = 1 / Math.Pow(rank + 1, 0.9);
            }

            var running = 0.0;
            for (var i = 0; i < weights.Length; i++)
            {
                running += weights[i];
                cumulative[i] = running;
            }

            byCategory = [.. products.Select((p, i) => (p.Category ?? "", i)).GroupBy(x => x.Item1, StringComparer.Ordinal)
                .OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => g.Select(x => x.i).ToArray())];
            var bundleCount = Math.Max(1, products.Length / 12);
            Bundles = new int[bundleCount][];
            for (var b = 0; b < bundleCount; b++)
            {
                var size = Math.Min(products.Length, 2 + random.Next(3));
                var members = new List<int>(size);
                var category = byCategory[random.Next(byCategory.Length)];
                while (members.Count < size)
                {
                    // Mostly from one category (a desk and its chair), sometimes across categories.
                    var p = random.NextDouble() < 0.7 ? category[random.Next(category.Length)] : random.Next(products.Length);
                    if (!members.Contains(p))
                    {
                        members.Add(p);
                    }
                    else if (members.Count >= category.Length)
                    {
                        members.Add(Enumerable.Range(0, products.Length).First(i => !members.Contains(i)));
                    }
                }

                Bundles[b] = [.. members];
            }
        }

        public Product[] Products { get; }

        public int[][] Bundles { get; }

        public int RandomCategory(Random random) => random.Next(byCategory.Length);

        public int InCategory(Random random, int category) => byCategory[category][random.Next(byCategory[category].Length)];

        public int Popular(Random random)
        {
            var target = random.NextDouble() * cumulative[^1];
            var index = Array.BinarySearch(cumulative, target);
            return Math.Min(index < 0 ? ~index : index, cumulative.Length - 1);
        }
    }
}
