using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Threading.Channels;
using Crm.Contacts.Contracts;
using Crm.Kernel;
using Crm.Kernel.Data;
using Crm.Kernel.Errors;
using Crm.Kernel.Events;
using Crm.Kernel.Identity;
using Crm.Sales.Contracts;
using Crm.Sales.Domain;
using Microsoft.EntityFrameworkCore;

namespace Crm.Sales.Features.Import;

/// <summary>
/// Imports a transaction file: reads it with the format's reader (streaming, through <see cref="ImportGuard"/>'s bounds),
/// and writes orders in batches. Per batch: customers through Contacts' <see cref="ICustomerRegistration.EnsureExternalCustomersAsync"/>,
/// then in one transaction the missing products, the new orders with their lines (SQLite: prepared INSERTs; SQL Server:
/// EF), the conflicting orders replaced when asked, and each order's CCR timeline entry as <see cref="InteractionReported"/>
/// in the outbox, so an order never exists without its entry. Readers yield only whole orders, so a batch holds whole
/// orders and a crash leaves whole orders or none. Every order has a deterministic external id: one already stored with
/// the same content is unchanged, with other content a conflict (listed, or replaced). One <see cref="OrdersImported"/> event at the end.
/// </summary>
internal sealed class OrderImporter(
    IDbContextFactory<CrmDbContext> contextFactory,
    ICustomerRegistration registration,
    IIntegrationEventPublisher events,
    ICurrentUser currentUser,
    TimeProvider clock,
    Microsoft.Extensions.Options.IOptions<OrderImportLimits> configuredLimits) : IOrderImporter
{
    private const int BatchOrders = 2_000;
    private const int BatchLines = 20_000;
    private const int LookupChunk = 500;
    private const int MaxCustomerIdLength = 100;

    public Task<OrderImportSummary> ImportAsync(
        string path, OrderImportFormat format, IProgress<OrderImportProgress>? progress = null, CancellationToken cancellationToken = default) =>
        ImportAsync(path, format, new OrderImportSettings(), progress, cancellationToken);

    public async Task<OrderImportSummary> ImportAsync(
        string path, OrderImportFormat format, OrderImportSettings settings, IProgress<OrderImportProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (!currentUser.IsInRole(CrmRoles.Admin) && !currentUser.IsInRole(CrmRoles.Manager))
        {
            throw new ForbiddenException("Only Managers and Admins import orders.");
        }

        if (!File.Exists(path))
        {
            throw new OrderImportException($"File not found: {path}");
        }

        var stopwatch = Stopwatch.StartNew();
        var run = new Run(OrderImportFormats.NameOf(format), clock.GetUtcNow().UtcDateTime, currentUser.ActorId, settings.ReplaceConflicting);
        var limits = new OrderImportLimits
        {
            MaxDecompressedBytes = settings.MaxDecompressedBytes ?? configuredLimits.Value.MaxDecompressedBytes,
            MaxLineBytes = settings.MaxLineBytes ?? configuredLimits.Value.MaxLineBytes,
        };
        IOrderFileReader reader = format switch
        {
            OrderImportFormat.OnlineRetail => new OnlineRetailReader(),
            OrderImportFormat.Cdnow => new CdnowReader(sample: false),
            OrderImportFormat.CdnowSample => new CdnowReader(sample: true),
            OrderImportFormat.Baskets => new BasketsReader(run.StartedAtUtc),
            OrderImportFormat.Csv => new OrderCsvReader(),
            _ => throw new OrderImportException($"Unknown format {format}."),
        };

        await using (var db = await contextFactory.CreateDbContextAsync(cancellationToken))
        {
            foreach (var product in await db.Set<Product>().Select(p => new { p.Code, p.Id, p.UnitCost }).ToListAsync(cancellationToken))
            {
                run.Products.TryAdd(product.Code, new CatalogueProduct(product.Id, product.UnitCost));
            }
        }

        // Reading (parsing, grouping) and writing overlap: the reader fills batches on its own thread, at most two ahead.
        var counters = new ImportCounters();
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var batches = System.Threading.Channels.Channel.CreateBounded<(List<ImportedOrder> Orders, long RowsRead)>(
            new BoundedChannelOptions(2) { SingleReader = true, SingleWriter = true });
        var producer = Task.Run(() => ReadBatchesAsync(reader, new ImportFile(path, limits), counters, run, batches.Writer, linked.Token), linked.Token);
        try
        {
            await foreach (var (batch, rowsRead) in batches.Reader.ReadAllAsync(linked.Token))
            {
                await WriteBatchAsync(batch, run, linked.Token);
                progress?.Report(new OrderImportProgress(rowsRead, counters.TotalRows, run.OrdersCreated));
            }
        }
        catch
        {
            await linked.CancelAsync();
            try
            {
                await producer;
            }
            catch (OperationCanceledException)
            {
                // Stopped because writing failed or was cancelled: that is the exception to report.
            }

            throw;
        }

        await producer; // rethrows a reading failure (for example a missing column)
        progress?.Report(new OrderImportProgress(counters.RowsRead, counters.TotalRows, run.OrdersCreated));
        if (run.OrdersCreated > 0)
        {
            await events.PublishAsync([new OrdersImported(run.OrdersCreated, run.CustomersCreated)], cancellationToken);
        }

        return new OrderImportSummary(run.Format, counters.RowsRead, run.CustomersCreated, run.OrdersCreated, run.OrdersUnchanged,
            run.RowsSkipped, run.ProductsCreated, run.LinesCreated, [.. run.Skipped.OrderBy(s => s.Line)],
            [.. run.SkipCounts.OrderByDescending(c => c.Value).ThenBy(c => c.Key, StringComparer.Ordinal).Select(c => new OrderImportSkipCount(c.Key, c.Value))],
            stopwatch.Elapsed)
        {
            OrdersReplaced = run.OrdersReplaced,
            Conflicts = [.. run.Conflicts],
            ConflictCount = run.ConflictCount,
        };
    }

    private static async Task ReadBatchesAsync(
        IOrderFileReader reader, ImportFile file, ImportCounters counters, Run run,
        ChannelWriter<(List<ImportedOrder> Orders, long RowsRead)> output, CancellationToken cancellationToken)
    {
        try
        {
            var batch = new List<ImportedOrder>();
            var batchLines = 0;
            await foreach (var item in reader.ReadAsync(file, counters, cancellationToken))
            {
                if (item.Skip is { } skip)
                {
                    run.Skip(skip, 1);
                    continue;
                }

                batch.Add(item.Order!);
                batchLines += item.Order!.Lines.Count;
                if (batch.Count >= BatchOrders || batchLines >= BatchLines)
                {
                    await output.WriteAsync((batch, counters.RowsRead), cancellationToken);
                    (batch, batchLines) = ([], 0);
                }
            }

            if (batch.Count > 0)
            {
                await output.WriteAsync((batch, counters.RowsRead), cancellationToken);
            }
        }
        finally
        {
            output.TryComplete();
        }
    }

    private async Task WriteBatchAsync(List<ImportedOrder> batch, Run run, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var candidates = new List<ImportedOrder>(batch.Count);
        foreach (var order in batch)
        {
            if (order.CustomerExternalId is { Length: > MaxCustomerIdLength })
            {
                run.Skip(new OrderImportSkip(order.FirstLine, "Customer id too long",
                    $"Customer id of order {order.OrderNumber} has more than {MaxCustomerIdLength} characters."), order.Rows);
            }
            else
            {
                candidates.Add(order);
            }
        }

        await EnsureCustomersAsync(candidates, run, cancellationToken);

        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var existing = new Dictionary<string, (long Id, string Hash)>(StringComparer.Ordinal);
        foreach (var chunk in candidates.Select(o => o.ExternalId).Chunk(LookupChunk))
        {
            foreach (var found in await db.Set<Order>().Where(o => chunk.Contains(o.ExternalId!))
                         .Select(o => new { o.Id, o.ExternalId, o.ContentHash }).ToListAsync(cancellationToken))
            {
                existing[found.ExternalId!] = (found.Id, found.ContentHash);
            }
        }

        var fresh = new List<(ImportedOrder Source, string Hash)>();
        var replacing = new List<(ImportedOrder Source, string Hash, long StoredId)>();
        foreach (var order in candidates)
        {
            var hash = order.ContentHash();
            if (!existing.TryGetValue(order.ExternalId, out var stored))
            {
                fresh.Add((order, hash));
            }
            else if (stored.Hash == hash)
            {
                run.OrdersUnchanged++;
            }
            else if (run.ReplaceConflicting)
            {
                replacing.Add((order, hash, stored.Id));
            }
            else
            {
                run.Conflict(order.OrderNumber);
                run.Skip(new OrderImportSkip(order.FirstLine, "Imported before with other content",
                    $"Order {order.OrderNumber} ({order.ExternalId}) is already in the CCR with different content; it was left unchanged (import with replace to take the file's)."), order.Rows);
            }
        }

        if (fresh.Count == 0 && replacing.Count == 0)
        {
            return;
        }

        var newProducts = NewProducts(fresh.Select(f => f.Source).Concat(replacing.Select(r => r.Source)), run);
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        List<Order> orders;
        if (DatabaseDialect.Of(db).AssignsIdsAhead)
        {
            await using var writer = BulkWriter.Join(db);
            var productId = await writer.NextIdAsync<Product>(cancellationToken);
            foreach (var product in newProducts)
            {
                product.Id = productId++;
                await writer.WriteAsync(product, includeKey: true, cancellationToken);
            }

            RememberProducts(newProducts, run);
            orders = [.. fresh.Select(f => NewOrder(f.Source, f.Hash, run))];
            var orderId = await writer.NextIdAsync<Order>(cancellationToken);
            foreach (var order in orders)
            {
                order.Id = orderId++;
                await writer.WriteAsync(order, includeKey: true, cancellationToken);
                foreach (var line in order.Lines)
                {
                    line.OrderId = order.Id;
                    await writer.WriteAsync(line, includeKey: false, cancellationToken);
                }
            }

            await writer.FlushAsync(cancellationToken);
        }
        else
        {
            db.AddRange(newProducts);
            await db.SaveChangesAsync(cancellationToken);
            RememberProducts(newProducts, run);
            orders = [.. fresh.Select(f => NewOrder(f.Source, f.Hash, run))];
            db.AddRange(orders);
            await db.SaveChangesAsync(cancellationToken);
        }

        var replaced = await ReplaceAsync(db, replacing, run, cancellationToken);

        // The timeline entries go to the outbox in this transaction (written as it commits): orders and entries together or neither.
        foreach (var order in orders.Concat(replaced).Where(o => o.CustomerId is not null))
        {
            db.RaiseAfterCommit(new InteractionReported(TimelineEntry(order)));
        }

        await transaction.CommitAsync(cancellationToken);
        run.ProductsCreated += newProducts.Count;
        run.OrdersCreated += orders.Count;
        run.OrdersReplaced += replaced.Count;
        run.LinesCreated += orders.Sum(o => o.Lines.Count) + replaced.Sum(o => o.Lines.Count);
    }

    /// <summary>
    /// Stored orders take the file's content: same order (id, number, anything that refers to it), the file's header,
    /// lines and totals. Their old lines go; the CCR keeps the old entry and gets one for the new content.
    /// </summary>
    private static async Task<List<Order>> ReplaceAsync(CrmDbContext db, List<(ImportedOrder Source, string Hash, long StoredId)> replacing, Run run, CancellationToken cancellationToken)
    {
        var replaced = new List<Order>(replacing.Count);
        if (replacing.Count == 0)
        {
            return replaced;
        }

        db.ChangeTracker.AutoDetectChangesEnabled = true;
        var ids = replacing.Select(r => r.StoredId).ToList();
        var stored = await db.Set<Order>().Include(o => o.Lines).Where(o => ids.Contains(o.Id)).ToDictionaryAsync(o => o.Id, cancellationToken);
        foreach (var (source, hash, storedId) in replacing)
        {
            var order = stored[storedId];
            var incoming = NewOrder(source, hash, run);
            db.Set<OrderLine>().RemoveRange(order.Lines);
            order.Lines.Clear();
            (order.ContentHash, order.CustomerId, order.Channel, order.Kind) = (hash, incoming.CustomerId, incoming.Channel, incoming.Kind);
            (order.OrderedAtUtc, order.Source, order.ModifiedAtUtc, order.ModifiedBy) = (incoming.OrderedAtUtc, run.Format, run.StartedAtUtc, run.Actor);
            order.Lines.AddRange(incoming.Lines);
            order.Recalculate();
            replaced.Add(order);
        }

        await db.SaveChangesAsync(cancellationToken);
        return replaced;
    }

    private async Task EnsureCustomersAsync(List<ImportedOrder> orders, Run run, CancellationToken cancellationToken)
    {
        var wanted = orders
            .Where(o => o.CustomerExternalId is not null && !run.Customers.ContainsKey(o.CustomerExternalId))
            .GroupBy(o => o.CustomerExternalId!, StringComparer.Ordinal)
            .Select(g => new ExternalCustomer(g.Key, Country: g.Select(o => o.Country).FirstOrDefault(c => c is not null)))
            .ToList();
        if (wanted.Count == 0)
        {
            return;
        }

        var ensured = await registration.EnsureExternalCustomersAsync(wanted, cancellationToken);
        run.CustomersCreated += ensured.Created;
        foreach (var (externalId, id) in ensured.IdsByExternalId)
        {
            run.Customers[externalId] = id;
        }
    }

    /// <summary>
    /// The products the catalogue does not have yet: first seen name and price, and the first unit cost the file gives for
    /// the code (so lines without a cost can take it, whichever order the orders come in).
    /// </summary>
    private static List<Product> NewProducts(IEnumerable<ImportedOrder> orders, Run run)
    {
        var created = new Dictionary<string, Product>(StringComparer.OrdinalIgnoreCase);
        foreach (var line in orders.SelectMany(o => o.Lines))
        {
            if (run.Products.ContainsKey(line.Code))
            {
                continue;
            }

            if (created.TryGetValue(line.Code, out var seen))
            {
                seen.UnitCost ??= line.UnitCost;
                continue;
            }

            created[line.Code] = new Product
            {
                Code = line.Code,
                Name = line.Name,
                SearchName = SearchKey(line.Name),
                ListPrice = Math.Max(0, line.UnitPrice),
                UnitCost = line.UnitCost,
                IsActive = true,
                CreatedAtUtc = run.StartedAtUtc,
                ModifiedAtUtc = run.StartedAtUtc,
                CreatedBy = run.Actor,
                ModifiedBy = run.Actor,
                Version = Guid.NewGuid(),
            };
        }

        return [.. created.Values];
    }

    private static void RememberProducts(List<Product> products, Run run)
    {
        foreach (var product in products)
        {
            run.Products[product.Code] = new CatalogueProduct(product.Id, product.UnitCost);
        }
    }

    private static Order NewOrder(ImportedOrder source, string hash, Run run)
    {
        var order = new Order
        {
            OrderNumber = source.OrderNumber,
            ExternalId = source.ExternalId,
            ContentHash = hash,
            CustomerId = source.CustomerExternalId is { } customer ? run.Customers[customer] : null,
            Channel = source.Channel,
            Kind = source.Kind,
            Status = OrderStatus.Placed,
            OrderedAtUtc = source.OrderedAtUtc,
            Source = run.Format,
            CreatedAtUtc = run.StartedAtUtc,
            ModifiedAtUtc = run.StartedAtUtc,
            CreatedBy = run.Actor,
            ModifiedBy = run.Actor,
            Version = Guid.NewGuid(),
        };
        var number = 0;
        foreach (var line in source.Lines)
        {
            var product = run.Products[line.Code];
            order.Lines.Add(new OrderLine
            {
                LineNumber = ++number,
                ProductId = product.Id,
                ProductCode = line.Code,
                ProductName = line.Name,
                Quantity = line.Quantity,
                UnitPrice = line.UnitPrice,
                Discount = line.Discount,
                // A file without a cost (no unit_cost column, or an empty cell) takes the catalogue's, as an order placed
                // through the API does; the content hash keeps the file's own values, so a re-import still matches.
                UnitCost = line.UnitCost ?? product.UnitCost,
                Amount = OrderLine.AmountOf(line.Quantity, line.UnitPrice, line.Discount),
            });
        }

        order.Recalculate();
        return order;
    }

    private static InteractionEntry TimelineEntry(Order order)
    {
        var what = order.Kind switch
        {
            OrderKind.Cancellation => "Cancellation",
            OrderKind.Return => "Return",
            _ => "Order",
        };
        return new InteractionEntry(order.CustomerId!.Value, Crm.Kernel.Channel.Web, InteractionDirection.Inbound, InteractionType.Order, order.OrderedAtUtc,
            string.Create(CultureInfo.InvariantCulture, $"{what} {order.OrderNumber}: {order.LineCount} line{(order.LineCount == 1 ? "" : "s")}, total {order.Total:N2}"),
            Notes: $"Imported from {order.Source}.", OrderId: order.OrderNumber);
    }

    /// <summary>Upper-case, accent-free: what product search compares.</summary>
    internal static string SearchKey(string name)
    {
        var decomposed = name.Normalize(NormalizationForm.FormD);
        var builder = new StringBuilder(decomposed.Length);
        foreach (var c in decomposed)
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) != UnicodeCategory.NonSpacingMark)
            {
                builder.Append(char.ToUpperInvariant(c));
            }
        }

        return ImportParsing.Truncate(builder.ToString().Normalize(NormalizationForm.FormC).Trim(), ImportParsing.MaxNameLength);
    }

    /// <summary>A catalogue product as the import needs it: its id and unit cost (null when unknown).</summary>
    private readonly record struct CatalogueProduct(long Id, decimal? UnitCost);

    /// <summary>The state of one import: caches of customer and product ids, counts and the skipped rows.</summary>
    private sealed class Run(string format, DateTime startedAtUtc, string actor, bool replaceConflicting)
    {
        public bool ReplaceConflicting { get; } = replaceConflicting;

        public List<string> Conflicts { get; } = [];

        public int ConflictCount { get; private set; }

        public int OrdersReplaced { get; set; }

        public string Format { get; } = format;

        public DateTime StartedAtUtc { get; } = startedAtUtc;

        public string Actor { get; } = actor;

        public Dictionary<string, long> Customers { get; } = new(StringComparer.Ordinal);

        /// <summary>Product codes are matched without regard to case (a catalogue must not hold "85123a" beside "85123A").</summary>
        public Dictionary<string, CatalogueProduct> Products { get; } = new(StringComparer.OrdinalIgnoreCase);

        public List<OrderImportSkip> Skipped { get; } = [];

        public Dictionary<string, int> SkipCounts { get; } = new(StringComparer.Ordinal);

        public int CustomersCreated { get; set; }

        public int OrdersCreated { get; set; }

        public int OrdersUnchanged { get; set; }

        public int ProductsCreated { get; set; }

        public int LinesCreated { get; set; }

        public long RowsSkipped { get; private set; }

        public void Conflict(string orderNumber)
        {
            ConflictCount++;
            if (Conflicts.Count < OrderImportSummary.MaxSkippedListed)
            {
                Conflicts.Add(orderNumber);
            }
        }

        /// <summary>Called by the reading and the writing side (a conflicting order), hence the lock.</summary>
        public void Skip(OrderImportSkip skip, int rows)
        {
            lock (Skipped)
            {
                AddSkip(skip, rows);
            }
        }

        private void AddSkip(OrderImportSkip skip, int rows)
        {
            RowsSkipped += rows;
            SkipCounts[skip.Reason] = SkipCounts.GetValueOrDefault(skip.Reason) + rows;
            if (Skipped.Count < OrderImportSummary.MaxSkippedListed)
            {
                Skipped.Add(skip);
            }
        }
    }
}
