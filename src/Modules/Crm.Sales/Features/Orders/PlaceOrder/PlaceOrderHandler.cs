using System.Data.Common;
using Crm.Contacts.Contracts;
using Crm.Kernel.Data;
using Crm.Kernel.Errors;
using Crm.Kernel.Identity;
using Crm.Sales.Contracts;
using Crm.Sales.Domain;
using Crm.Sales.Features.Orders;
using Crm.Sales.Features.Orders.Writing;
using Crm.Sales.Features.Shared;
using Microsoft.EntityFrameworkCore;

namespace Crm.Sales.Features.Orders.PlaceOrder;

/// <summary>An order placed (or found stored, for a replay): its id and, when just stored, the order as stored.</summary>
internal sealed record PlacedOrder(long Id, OrderDto? Order);

/// <summary>
/// Places orders (one, or up to 1,000 in a bulk call). Every write is one transaction: the order documents, their lines,
/// the stock of their products and, in the outbox, <see cref="OrderChanged"/> and the CCR timeline entries
/// (<see cref="InteractionReported"/>), delivered once it has committed. Orders placed one per call are group-committed
/// by the <see cref="OrderWriteBatcher"/>. Access, validation, pricing and stock are checked here, for the UI and the API alike.
/// </summary>
internal sealed class PlaceOrderHandler(
    IDbContextFactory<CrmDbContext> contextFactory,
    ICurrentUser currentUser,
    TimeProvider clock,
    ICustomerDirectory customers,
    ICustomerRegistration registration,
    OrderWriteBatcher batcher,
    OrderInputValidator validator,
    OrderPricing pricing)
{
    public const int MaxBulk = 1_000;
    private const int Chunk = 500;
    private const int WriteAttempts = 3;

    /// <summary>Places one order. A replay (same external id, same content) returns the stored order as <see cref="CommandOutcome.Unchanged"/>.</summary>
    public async Task<CommandResult<PlacedOrder>> CreateAsync(OrderInput input, string source, CancellationToken cancellationToken = default)
    {
        SalesAccess.EnsureCreateOrder(currentUser);
        var item = (await CreateCoreAsync([input], source, batched: true, cancellationToken))[0];
        return item.Result;
    }

    /// <summary>Places up to <see cref="MaxBulk"/> orders, each accepted or rejected on its own; the accepted ones in one transaction.</summary>
    public async Task<BulkOrdersResult> CreateManyAsync(IReadOnlyList<OrderInput> inputs, string source, CancellationToken cancellationToken = default)
    {
        SalesAccess.EnsureCreateOrder(currentUser);
        if (inputs.Count > MaxBulk)
        {
            throw new ArgumentOutOfRangeException(nameof(inputs), $"At most {MaxBulk} orders per call.");
        }

        var items = await CreateCoreAsync(inputs, source, batched: false, cancellationToken);
        var results = items.Select(i => i.Result.Outcome switch
        {
            CommandOutcome.Created => new BulkOrderItemResult(i.Index, BulkOrderItemResult.Created, i.Result.Value!.Id, i.OrderNumber, null),
            CommandOutcome.Unchanged => new BulkOrderItemResult(i.Index, BulkOrderItemResult.Unchanged, i.Result.Value!.Id, i.OrderNumber, null),
            CommandOutcome.Conflict => new BulkOrderItemResult(i.Index, BulkOrderItemResult.Rejected, null, null,
                new Dictionary<string, string[]> { ["externalId"] = [i.Result.Message!] }),
            _ => new BulkOrderItemResult(i.Index, BulkOrderItemResult.Rejected, null, null, i.Result.Validation.ToDictionary()),
        }).ToList();
        return new BulkOrdersResult(
            results.Count(r => r.Status == BulkOrderItemResult.Created),
            results.Count(r => r.Status == BulkOrderItemResult.Unchanged),
            results.Count(r => r.Status == BulkOrderItemResult.Rejected),
            results);
    }

    private sealed class Item(int index, OrderInput input)
    {
        public int Index { get; } = index;

        public OrderInput Input { get; } = input;

        public string Hash { get; set; } = "";

        public string? ExternalId { get; set; }

        public List<ValidationError> Errors { get; } = [];

        public CustomerSummary? Customer { get; set; }

        public Order? Order { get; set; }

        /// <summary>An earlier item of the same call with the same external id.</summary>
        public Item? SameAs { get; set; }

        /// <summary>Invalid with no errors while the item is still being worked on.</summary>
        public CommandResult<PlacedOrder> Result { get; set; } = CommandResult.Invalid<PlacedOrder>(OperationResult.Success);

        public string? OrderNumber { get; set; }

        public bool Pending => Errors.Count == 0 && Result.Outcome == CommandOutcome.Invalid && SameAs is null;
    }

    /// <param name="batched">One order per call: written through the <see cref="OrderWriteBatcher"/> (group commit).</param>
    private async Task<List<Item>> CreateCoreAsync(IReadOnlyList<OrderInput> inputs, string source, bool batched, CancellationToken cancellationToken)
    {
        var items = inputs.Select((input, i) => new Item(i, input)).ToList();
        foreach (var item in items)
        {
            if (item.Input is null)
            {
                item.Errors.Add(new ValidationError("", "The order is empty."));
                continue;
            }

            item.Errors.AddRange(OrderContent.ToResult(await validator.ValidateAsync(item.Input, cancellationToken)).Errors);
            item.Hash = OrderContent.HashOf(item.Input);
            item.ExternalId = OrderContent.Trim(item.Input.ExternalId);
        }

        // The same external id twice in one call: the later ones follow the first (same content) or are a conflict.
        foreach (var group in items.Where(i => i.Errors.Count == 0 && i.ExternalId is not null).GroupBy(i => i.ExternalId!, StringComparer.Ordinal))
        {
            var first = group.First();
            foreach (var later in group.Skip(1))
            {
                if (later.Hash == first.Hash)
                {
                    later.SameAs = first;
                }
                else
                {
                    later.Result = Conflict(later.ExternalId!);
                }
            }
        }

        await using (var db = await contextFactory.CreateDbContextAsync(cancellationToken))
        {
            await db.Database.OpenConnectionAsync(cancellationToken); // one open for both look-ups
            await FindStoredAsync(db, items, cancellationToken);
            await PriceLinesAsync(db, items, source, cancellationToken);
        }

        await ResolveCustomersAsync(items, cancellationToken);

        for (var attempt = 1; ; attempt++)
        {
            foreach (var item in items.Where(i => i.Pending))
            {
                item.Order!.SalesRepId = SalesAccess.CreditedRep(currentUser, item.Customer?.OwnerId);
                item.Order.CustomerId = item.Customer?.Id;
            }

            try
            {
                List<Order> toWrite = [.. items.Where(i => i.Pending).Select(i => i.Order!)];
                if (batched && toWrite.Count > 0)
                {
                    await batcher.WriteAsync(toWrite, currentUser.ActorId, WriteAsync, cancellationToken);
                }
                else
                {
                    await WriteAsync(toWrite, cancellationToken);
                }

                break;
            }
            catch (OutOfStockException ex)
            {
                foreach (var order in items.Where(i => i.Pending).Select(i => i.Order!))
                {
                    OrderWriteBatcher.Reset(order);
                }

                if (attempt >= WriteAttempts)
                {
                    throw new ConflictException(ex.Message);
                }

                CheckStock(items, await ProductsNowAsync(items, cancellationToken));
            }
            catch (DbUpdateException) when (attempt < WriteAttempts && items.Any(i => i.Pending && i.ExternalId is not null))
            {
                // Another call stored one of these external ids meanwhile: those are replays or conflicts now; write the rest.
                await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
                foreach (var order in items.Where(i => i.Pending).Select(i => i.Order!))
                {
                    OrderWriteBatcher.Reset(order);
                }

                await FindStoredAsync(db, items, cancellationToken);
            }
        }

        var created = items.Where(i => i.Pending).ToList();
        foreach (var item in created)
        {
            item.Result = CommandResult.Created(new PlacedOrder(item.Order!.Id, OrderQueries.ToDto(item.Order, item.Customer?.DisplayName, null, [])));
            item.OrderNumber = item.Order.OrderNumber;
        }

        foreach (var item in items)
        {
            if (item.SameAs is { } first)
            {
                item.Result = first.Result.Outcome == CommandOutcome.Created ? CommandResult.Unchanged(first.Result.Value! with { Order = null }) : first.Result;
                item.OrderNumber = first.OrderNumber;
            }
            else if (item.Errors.Count > 0)
            {
                item.Result = CommandResult.Invalid<PlacedOrder>(new OperationResult(item.Errors));
            }
        }

        return items;
    }

    private static List<InteractionEntry> PlacedEntries(IEnumerable<Order> orders) =>
    [
        .. orders.Where(o => o.CustomerId is not null).Select(o => new InteractionEntry(
            o.CustomerId!.Value, OrderContent.TimelineChannel(o.Channel), InteractionDirection.Inbound, InteractionType.Order, o.OrderedAtUtc,
            $"Order {o.OrderNumber} placed: {o.LineCount} {OrderStore.Lines(o.LineCount)}, {OrderContent.Money(o.Total)}",
            Notes: o.Notes, OrderId: o.OrderNumber)),
    ];

    private sealed record StoredOrder(string ExternalId, long Id, string OrderNumber, string ContentHash);

    // The look-up of an order placed alone (the API's most frequent call): compiled once, so a call skips EF's query
    // translation cache (hashing the expression tree, extracting its parameters).
    private static readonly Func<CrmDbContext, string, CancellationToken, Task<StoredOrder?>> StoredByExternalId = EF.CompileAsyncQuery(
        (CrmDbContext db, string externalId, CancellationToken _) => db.Set<Order>().AsNoTracking().Where(o => o.ExternalId == externalId)
            .Select(o => new StoredOrder(o.ExternalId!, o.Id, o.OrderNumber, o.ContentHash)).SingleOrDefault());

    /// <summary>Items whose external id is already stored become replays (same content) or conflicts.</summary>
    private static async Task FindStoredAsync(CrmDbContext db, List<Item> items, CancellationToken cancellationToken)
    {
        var wanted = items.Where(i => i.Pending && i.ExternalId is not null).ToList();
        foreach (var chunk in wanted.Chunk(Chunk))
        {
            Dictionary<string, StoredOrder> stored;
            if (chunk.Length == 1)
            {
                var found = await StoredByExternalId(db, chunk[0].ExternalId!, cancellationToken);
                stored = found is null ? [] : new() { [found.ExternalId] = found };
            }
            else
            {
                var ids = chunk.Select(i => i.ExternalId!).ToList();
                stored = await db.Set<Order>().AsNoTracking().Where(o => ids.Contains(o.ExternalId!))
                    .Select(o => new StoredOrder(o.ExternalId!, o.Id, o.OrderNumber, o.ContentHash))
                    .ToDictionaryAsync(o => o.ExternalId, StringComparer.Ordinal, cancellationToken);
            }

            foreach (var item in chunk)
            {
                if (stored.TryGetValue(item.ExternalId!, out var found))
                {
                    item.Result = found.ContentHash == item.Hash
                        ? CommandResult.Unchanged(new PlacedOrder(found.Id, null))
                        : Conflict(item.ExternalId!);
                    item.OrderNumber = found.OrderNumber;
                }
            }
        }
    }

    /// <summary>Looks up every product code once, checks the lines against the catalogue and builds the order documents.</summary>
    private async Task PriceLinesAsync(CrmDbContext db, List<Item> items, string source, CancellationToken cancellationToken)
    {
        var pending = items.Where(i => i.Pending).ToList();
        var codes = pending.SelectMany(i => i.Input.Lines!).Select(l => l.ProductCode!.Trim()).Distinct(StringComparer.Ordinal).ToList();
        var products = new Dictionary<string, Product>(StringComparer.OrdinalIgnoreCase);
        foreach (var chunk in codes.Chunk(Chunk))
        {
            // The codes as one JSON parameter: the same SQL for any number of codes, so EF reuses its SQL instead of
            // writing it anew for each count (as it does for a list of parameters).
            foreach (var product in await db.Set<Product>().AsNoTracking().Where(p => EF.Parameter(chunk).Contains(p.Code)).ToListAsync(cancellationToken))
            {
                products[product.Code] = product;
            }
        }

        var missing = codes.Where(c => !products.ContainsKey(c)).ToList();
        if (missing.Count > 0)
        {
            // Codes are stored as given; match a different letter case too (one more query, only when needed).
            var upper = missing.Select(c => c.ToUpperInvariant()).ToList();
            foreach (var product in await db.Set<Product>().AsNoTracking().Where(p => upper.Contains(p.Code.ToUpper())).ToListAsync(cancellationToken))
            {
                products.TryAdd(product.Code, product);
            }
        }

        var now = Now();
        foreach (var item in pending)
        {
            var order = new Order
            {
                OrderNumber = OrderContent.Trim(item.Input.OrderNumber) ?? OrderContent.NewOrderNumber(now),
                ExternalId = item.ExternalId,
                ContentHash = item.Hash,
                Channel = item.Input.Channel,
                Kind = OrderKind.Sale,
                Status = OrderStatus.Placed,
                OrderedAtUtc = item.Input.OrderedAtUtc?.ToUniversalTime() ?? now,
                Source = source,
                Notes = OrderContent.Trim(item.Input.Notes),
            };
            var lines = item.Input.Lines!;
            for (var i = 0; i < lines.Count; i++)
            {
                var input = lines[i];
                var code = input.ProductCode!.Trim();
                if (!products.TryGetValue(code, out var product))
                {
                    item.Errors.Add(new ValidationError($"lines[{i}].productCode", $"No product with code '{code}'."));
                    continue;
                }

                if (!product.IsActive)
                {
                    item.Errors.Add(new ValidationError($"lines[{i}].productCode", $"Product '{product.Code}' is no longer sold."));
                    continue;
                }

                var (unitPrice, discount, unitCost, problem) = pricing.Price(i, input, product);
                if (problem is not null)
                {
                    item.Errors.Add(problem);
                    continue;
                }

                order.Lines.Add(new OrderLine
                {
                    LineNumber = i + 1,
                    ProductId = product.Id,
                    ProductCode = product.Code,
                    ProductName = product.Name,
                    Quantity = input.Quantity,
                    UnitPrice = unitPrice,
                    Discount = discount,
                    UnitCost = unitCost,
                    Amount = OrderLine.AmountOf(input.Quantity, unitPrice, discount),
                });
            }

            order.Recalculate();
            item.Order = order;
        }

        CheckStock(pending, products.Values.ToDictionary(p => p.Id));
    }

    /// <summary>
    /// Refuses, in the order sent, each order that would take a product without back orders below zero (counting what
    /// the earlier orders of the call take). The write checks again in its transaction (<see cref="OrderStore.AdjustStockAsync"/>).
    /// </summary>
    private static void CheckStock(IEnumerable<Item> items, IReadOnlyDictionary<long, Product> products)
    {
        var taken = new Dictionary<long, int>();
        foreach (var item in items.Where(i => i.Pending && i.Order is not null))
        {
            var needs = item.Order!.Lines.Where(l => l.ProductId is not null).GroupBy(l => l.ProductId!.Value)
                .Select(g => (ProductId: g.Key, Units: OrderStore.Units(g.Sum(l => l.Quantity)), FirstLine: g.Min(l => l.LineNumber) - 1)).ToList();
            foreach (var (productId, units, line) in needs)
            {
                var product = products[productId];
                var before = taken.GetValueOrDefault(productId);
                if (!product.CanTake(before + units))
                {
                    var left = Math.Max(0, product.StockOnHand - before);
                    item.Errors.Add(new ValidationError($"lines[{line}].quantity",
                        $"Only {left:N0} of {product.Code} in stock{(before > 0 ? " after the earlier orders of this call" : "")}, and it takes no back orders: this order needs {units:N0}."));
                }
            }

            if (item.Errors.Count == 0)
            {
                foreach (var (productId, units, _) in needs)
                {
                    taken[productId] = taken.GetValueOrDefault(productId) + units;
                }
            }
        }
    }

    /// <summary>Stock moved between the check and the write: the products as they are now.</summary>
    private async Task<Dictionary<long, Product>> ProductsNowAsync(IEnumerable<Item> items, CancellationToken cancellationToken)
    {
        var ids = items.Where(i => i.Pending).SelectMany(i => i.Order!.Lines).Where(l => l.ProductId is not null)
            .Select(l => l.ProductId!.Value).Distinct().ToList();
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        return await db.Set<Product>().AsNoTracking().Where(p => ids.Contains(p.Id)).ToDictionaryAsync(p => p.Id, cancellationToken);
    }

    /// <summary>
    /// customerId must exist; a customer block is matched by external id, then email, else created through the Contacts
    /// registration. Done last, so an order with other problems never creates a customer.
    /// </summary>
    private async Task ResolveCustomersAsync(List<Item> items, CancellationToken cancellationToken)
    {
        var byId = new Dictionary<long, CustomerSummary?>();
        var byKey = new Dictionary<string, CustomerSummary>(StringComparer.OrdinalIgnoreCase);
        foreach (var item in items.Where(i => i.Pending))
        {
            if (item.Input.CustomerId is { } id)
            {
                if (!byId.TryGetValue(id, out var found))
                {
                    found = await customers.FindAsync(id, cancellationToken);
                    byId[id] = found;
                }

                if (found is null)
                {
                    item.Errors.Add(new ValidationError("customerId", $"No customer with id {id}."));
                }

                item.Customer = found;
                continue;
            }

            var block = item.Input.Customer!;
            var externalId = OrderContent.Trim(block.ExternalId);
            var email = OrderContent.Trim(block.Email)?.ToLowerInvariant();
            var key = externalId is not null ? "x:" + externalId : email is not null ? "e:" + email : null;
            if (key is not null && byKey.TryGetValue(key, out var known))
            {
                item.Customer = known;
                continue;
            }

            var (customer, errors) = await MatchOrRegisterAsync(block, externalId, email, cancellationToken);
            item.Errors.AddRange(errors);
            item.Customer = customer;
            if (customer is not null && key is not null)
            {
                byKey[key] = customer;
            }
        }
    }

    private async Task<(CustomerSummary? Customer, IReadOnlyList<ValidationError> Errors)> MatchOrRegisterAsync(
        OrderCustomerInput block, string? externalId, string? email, CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            var found = (externalId is null ? null : await customers.FindByExternalIdAsync(externalId, cancellationToken))
                ?? (email is null ? null : await customers.FindByEmailAsync(email, cancellationToken));
            if (found is not null)
            {
                return (found, []);
            }

            var hasName = OrderContent.Trim(block.LastName) is not null || OrderContent.Trim(block.CompanyName) is not null;
            var isCompany = OrderContent.Trim(block.LastName) is null && OrderContent.Trim(block.FirstName) is null && OrderContent.Trim(block.CompanyName) is not null;
            var input = new CustomerInput
            {
                Kind = isCompany ? CustomerKind.Company : CustomerKind.Person,
                FirstName = hasName ? OrderContent.Trim(block.FirstName) : OrderContent.Trim(block.FirstName) ?? "Customer",
                LastName = hasName ? OrderContent.Trim(block.LastName) : externalId ?? email,
                CompanyName = OrderContent.Trim(block.CompanyName),
                Emails = email is null ? [] : [email],
                Phones = OrderContent.Trim(block.Phone) is { } phone ? [phone] : [],
                Address = OrderContent.Trim(block.Country) is { } country ? new AddressDto(null, null, null, null, country) : null,
                Source = "order",
                ExternalId = externalId,
            };
            try
            {
                var registered = await registration.RegisterAsync(input, allowDuplicates: true, cancellationToken);
                if (!registered.Created && attempt == 0 && externalId is not null
                    && registered.Errors.Any(e => e.Field.StartsWith("ExternalId", StringComparison.Ordinal)))
                {
                    // A concurrent order registered the same customer between our look-up and the registration's own
                    // check: find it on the next round.
                    continue;
                }

                if (!registered.Created)
                {
                    return (null, [.. registered.Errors.Select(e => new ValidationError(CustomerField(e.Field), e.Message))]);
                }

                return (await customers.FindAsync(registered.CustomerId!.Value, cancellationToken), []);
            }
            catch (DbUpdateException) when (attempt == 0 && externalId is not null)
            {
                // A concurrent order registered the same customer first: find it on the next round.
            }
        }
    }

    private static string CustomerField(string field) => field switch
    {
        _ when field.StartsWith("Emails", StringComparison.Ordinal) => "customer.email",
        _ when field.StartsWith("Phones", StringComparison.Ordinal) => "customer.phone",
        _ when field.StartsWith("Address", StringComparison.Ordinal) => "customer.country",
        "" => "customer",
        _ => "customer." + OrderContent.JsonName(field),
    };

    /// <summary>
    /// One transaction: the orders with their lines, the stock of their products and the outbox messages of their events and
    /// timeline entries (an order is never stored without them, nor they without the order).
    /// </summary>
    private async Task WriteAsync(IReadOnlyList<Order> orders, CancellationToken cancellationToken)
    {
        if (orders.Count == 0)
        {
            return;
        }

        await using var outer = await contextFactory.CreateDbContextAsync(cancellationToken);
        var strategy = outer.Database.CreateExecutionStrategy();
        await strategy.ExecuteAsync(async ct =>
        {
            foreach (var order in orders)
            {
                OrderWriteBatcher.Reset(order);
            }

            await using var db = await contextFactory.CreateDbContextAsync(ct);
            db.ChangeTracker.AutoDetectChangesEnabled = false;
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            await InsertAsync(db, orders, ct);
            await OrderStore.AdjustStockAsync(db, orders.SelectMany(o => o.Lines).Select(l => (l.ProductId, l.Quantity)), -1, guarded: true, ct);
            OrderStore.ReportOnTimeline(db, PlacedEntries(orders));
            var now = Now();
            foreach (var order in orders)
            {
                db.RaiseAfterCommit(new OrderChanged(order.Id, order.CustomerId, OrderChange.Placed, now));
            }

            await transaction.CommitAsync(ct);
        }, cancellationToken);
    }

    /// <summary>
    /// The order documents and their lines through prepared INSERTs (parsed once per batch; EF would build and parse the
    /// SQL of every row), stamped as the auditing interceptor stamps; a unique-key clash surfaces as a
    /// <see cref="DbUpdateException"/> as it would through EF, so a racing replay is handled alike.
    /// </summary>
    private async Task InsertAsync(CrmDbContext db, IReadOnlyList<Order> orders, CancellationToken cancellationToken)
    {
        var now = Now();
        try
        {
            await using var writer = BulkWriter.Join(db);
            foreach (var order in orders)
            {
                order.StampCreated(now, currentUser.ActorId);
                order.Id = await writer.InsertAsync(order, cancellationToken);
                foreach (var line in order.Lines)
                {
                    line.OrderId = order.Id;
                    line.Id = await writer.InsertAsync(line, cancellationToken);
                }
            }
        }
        catch (DbException ex) when (DatabaseDialect.Of(db).IsUniqueViolation(ex))
        {
            throw new DbUpdateException($"An order of this batch clashes with a stored one: {ex.Message}", ex);
        }
    }

    private static CommandResult<PlacedOrder> Conflict(string externalId) => CommandResult.Conflict<PlacedOrder>(
        $"An order with external id '{externalId}' was already stored with different content. Send a new external id for a new order.");

    private DateTime Now() => clock.GetUtcNow().UtcDateTime;
}
