using System.Diagnostics;
using System.Globalization;
using Crm.Analytics.Features.CustomerValue;
using Crm.Contacts.Contracts;
using Crm.Web.Hosting;
using Crm.Kernel;
using Crm.Kernel.Data;
using Crm.Kernel.Identity;
using Crm.Sales.Contracts;
using Crm.Sales.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Crm.Benchmarks.EndToEnd;

/// <summary>
/// End-to-end customer value on a SQLite CCR of 1,000,000 customers and about 10,000,000 order lines (a scripted
/// Stopwatch run: BenchmarkDotNet's repetitions do not fit a 10-second workload):
/// <code>
/// dotnet run -c Release -- end-to-end build [--db PATH] [--customers N] [--lines N]   # once: generate the file
/// dotnet run -c Release -- end-to-end run [--db PATH] [--as-of yyyy-MM-dd] [--runs N]  # measure in a fresh process
/// </code>
/// The run reads the purchase orders through <see cref="ISalesHistory"/> and computes RFM, tiers by spend and profit,
/// BG/NBD + Gamma-Gamma fits with P(alive), expected purchases and CLV per customer, and purchase cycles
/// (<see cref="CustomerValueAnalytics.ProfileAsync"/>), then RFM with external ids as <c>crm analytics rfm</c> does.
/// </summary>
internal static class CustomerValueEndToEnd
{
    private static readonly DateOnly FirstDay = new(2024, 1, 1);
    private static readonly DateOnly LastDay = new(2025, 12, 31);

    public static async Task<int> RunAsync(string[] args)
    {
        var mode = args.Length > 0 ? args[0] : "run";
        var db = Arg(args, "--db") ?? Path.Combine(Path.GetTempPath(), "ecrm-bench", "customer-value-1m.db");
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(db))!);
        await using var services = BuildServices(db);
        if (mode == "build")
        {
            var customers = int.Parse(Arg(args, "--customers") ?? "1000000", CultureInfo.InvariantCulture);
            var lines = long.Parse(Arg(args, "--lines") ?? "10000000", CultureInfo.InvariantCulture);
            await BuildAsync(services, customers, lines);
            return 0;
        }

        if (mode == "read")
        {
            await ReadOnlyAsync(services);
            return 0;
        }

        var asOf = DateOnly.ParseExact(Arg(args, "--as-of") ?? LastDay.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), "yyyy-MM-dd", CultureInfo.InvariantCulture);
        var runs = int.Parse(Arg(args, "--runs") ?? "3", CultureInfo.InvariantCulture);
        await MeasureAsync(services, asOf, runs);
        return 0;
    }

    private static async Task MeasureAsync(ServiceProvider services, DateOnly asOf, int runs)
    {
        await using (var scope = Scope(services))
        {
            await using var db = await scope.ServiceProvider.GetRequiredService<IDbContextFactory<CrmDbContext>>().CreateDbContextAsync();
            var orders = await db.Set<Order>().CountAsync();
            var lines = await db.Set<OrderLine>().CountAsync();
            var customers = await scope.ServiceProvider.GetRequiredService<IContactsDataGenerator>().CountCustomersAsync();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Database: {orders:N0} orders, {lines:N0} order lines, {customers:N0} customers."));
        }

        for (var run = 1; run <= runs; run++)
        {
            GC.Collect();
            await using var scope = Scope(services);
            var analytics = scope.ServiceProvider.GetRequiredService<CustomerValueAnalytics>();
            var watch = Stopwatch.StartNew();
            var profile = await analytics.ProfileAsync(asOf);
            var profileTime = watch.Elapsed;
            watch.Restart();
            var rfm = await analytics.RfmAsync(asOf);
            var rfmTime = watch.Elapsed;
            using var process = Process.GetCurrentProcess();
            var fit = profile.Lifetime!;
            Console.WriteLine("  stages: " + string.Join("; ", profile.Timings.Select(t => string.Create(CultureInfo.InvariantCulture, $"{t.Stage} {t.Elapsed.TotalSeconds:F2} s"))));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"run {run}: profile (RFM + spend/profit tiers + BG/NBD & Gamma-Gamma fits + P(alive)/E[purchases]/CLV + cycles) {profileTime.TotalSeconds:F2} s; " +
                $"RFM with external ids {rfmTime.TotalSeconds:F2} s; peak working set {process.PeakWorkingSet64 / 1024.0 / 1024:F0} MB"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  {profile.CustomerIds.Length:N0} customers, {rfm.Rows.Count:N0} RFM rows, BG/NBD {string.Join(", ", fit.Parameters.Select(p => $"{p.Name} = {p.Value:G4}"))} (LL {fit.LogLikelihood:F0}), " +
                $"{profile.Cycles.Length:N0} cycles, {profile.Due.Length:N0} due, platinum {profile.Value.BySpend.Summary[0].Customers:N0}, profit tiers {(profile.Value.ByProfit is null ? "no" : "yes")}"));
        }
    }

    /// <summary>Where the time goes: the contract's stream alone, and SQLite stepping through the same rows.</summary>
    private static async Task ReadOnlyAsync(ServiceProvider services)
    {
        for (var run = 1; run <= 2; run++)
        {
            await using var scope = Scope(services);
            var watch = Stopwatch.StartNew();
            long count = 0;
            await foreach (var purchase in scope.ServiceProvider.GetRequiredService<ISalesHistory>().StreamPurchasesAsync())
            {
                count += purchase.CustomerId > 0 ? 1 : 0;
            }

            var stream = watch.Elapsed;
            watch.Restart();
            await using var db = await scope.ServiceProvider.GetRequiredService<IDbContextFactory<CrmDbContext>>().CreateDbContextAsync();
            await db.Database.OpenConnectionAsync();
            await using var command = db.Database.GetDbConnection().CreateCommand();
            command.CommandText = "SELECT CustomerId, OrderedAtUtc, PurchaseAmount, PurchaseCost FROM Sales_Orders WHERE IsPurchase = 1 AND CustomerId IS NOT NULL ORDER BY CustomerId, OrderedAtUtc, Id";
            long rows = 0;
            await using (var reader = await command.ExecuteReaderAsync())
            {
                while (await reader.ReadAsync())
                {
                    rows += reader.GetInt64(0) > 0 ? 1 : 0;
                }
            }

            var raw = watch.Elapsed;
            watch.Restart();
            var log = await PurchaseLog.ReadAsync(scope.ServiceProvider.GetRequiredService<ISalesHistory>(), null, null, CancellationToken.None);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"read {run}: contract stream {count:N0} rows {stream.TotalSeconds:F2} s; raw SQLite step {rows:N0} rows {raw.TotalSeconds:F2} s; PurchaseLog {log.OrderCount:N0} {watch.Elapsed.TotalSeconds:F2} s"));
        }
    }

    private static async Task BuildAsync(ServiceProvider services, int customerCount, long lineTarget)
    {
        var total = Stopwatch.StartNew();
        await using (var scope = Scope(services))
        {
            await scope.ServiceProvider.GetRequiredService<CrmDatabaseInitializer>().MigrateAsync();
            var generator = scope.ServiceProvider.GetRequiredService<IContactsDataGenerator>();
            var existing = await generator.CountCustomersAsync();
            if (existing < customerCount)
            {
                var progress = new SynchronousProgress<int>(done => Console.Error.Write(string.Create(CultureInfo.InvariantCulture, $"\rcustomers {done:N0}")));
                await generator.GenerateAsync(customerCount - existing, 0, 42, progress);
                Console.Error.WriteLine();
            }

            await using var db = await scope.ServiceProvider.GetRequiredService<IDbContextFactory<CrmDbContext>>().CreateDbContextAsync();
            db.Database.SetCommandTimeout(TimeSpan.FromMinutes(10));
            await db.Database.ExecuteSqlRawAsync("UPDATE \"Contacts_Customers\" SET \"ExternalId\" = 'B' || \"Id\" WHERE \"ExternalId\" IS NULL");
            await db.Database.ExecuteSqlRawAsync("DELETE FROM \"Sales_OrderLines\"");
            await db.Database.ExecuteSqlRawAsync("DELETE FROM \"Sales_Orders\"");
        }

        Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"customers ready after {total.Elapsed.TotalSeconds:F0} s"));
        var ids = new List<long>();
        await using (var scope = Scope(services))
        {
            var generator = scope.ServiceProvider.GetRequiredService<IContactsDataGenerator>();
            for (long after = 0; ;)
            {
                var page = await generator.ListCustomersAsync(after, 50_000);
                if (page.Count == 0)
                {
                    break;
                }

                ids.AddRange(page.Select(c => c.CustomerId));
                after = page[^1].CustomerId;
            }
        }

        var random = new Random(7);
        var span = LastDay.DayNumber - FirstDay.DayNumber;
        long orderId = 0, lineId = 0, lines = 0;
        var now = DateTime.UtcNow;
        var batch = new List<Order>(50_000);
        for (var pass = 0; lines < lineTarget; pass++)
        {
            foreach (var customer in ids)
            {
                if (lines >= lineTarget)
                {
                    break;
                }

                // 1 + geometric(0.4) orders: 2.5 on average; 1-7 lines each: about 10 lines per customer.
                var orders = 1;
                while (random.NextDouble() > 0.4)
                {
                    orders++;
                }

                var day = FirstDay.DayNumber + random.Next(span * 3 / 4);
                for (var o = 0; o < orders && lines < lineTarget; o++)
                {
                    if (o > 0)
                    {
                        var gap = (int)(-Math.Log(1 - random.NextDouble()) * 60) + 1;
                        day = day + gap <= LastDay.DayNumber ? day + gap : day + random.Next(LastDay.DayNumber - day + 1);
                    }

                    var at = DateOnly.FromDayNumber(day).ToDateTime(new TimeOnly(8 + random.Next(12), random.Next(60)), DateTimeKind.Utc);
                    var order = NewOrder(++orderId, customer, at, now);
                    order.Status = random.NextDouble() < 0.01 ? Crm.Sales.Contracts.OrderStatus.Cancelled : Crm.Sales.Contracts.OrderStatus.Placed;
                    var count = 1 + random.Next(7);
                    for (var l = 0; l < count; l++)
                    {
                        var price = 1 + (random.Next(9_900) / 100m);
                        var quantity = 1 + random.Next(5);
                        order.Lines.Add(NewLine(++lineId, orderId, l + 1, random.Next(5_000), quantity, price));
                    }

                    order.Recalculate();
                    lines += count;
                    batch.Add(order);
                    if (random.NextDouble() < 0.02)
                    {
                        // A return of the first line, recorded against the sale.
                        var sale = order;
                        var ret = NewOrder(++orderId, customer, at.AddDays(3), now);
                        ret.Kind = Crm.Sales.Contracts.OrderKind.Return;
                        ret.OriginalOrderId = sale.Id;
                        var first = sale.Lines[0];
                        ret.Lines.Add(NewLine(++lineId, orderId, 1, int.Parse(first.ProductCode.AsSpan(1), CultureInfo.InvariantCulture), -first.Quantity, first.UnitPrice));
                        ret.Recalculate();
                        lines++;
                        batch.Add(ret);
                    }

                    if (batch.Count >= 50_000)
                    {
                        await WriteAsync(services, batch);
                        Console.Error.Write(string.Create(CultureInfo.InvariantCulture, $"\r{lines:N0} / {lineTarget:N0} lines, {orderId:N0} orders, {total.Elapsed.TotalSeconds:F0} s"));
                    }
                }
            }
        }

        await WriteAsync(services, batch);
        Console.Error.WriteLine();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Built {ids.Count:N0} customers, {orderId:N0} orders, {lines:N0} lines in {total.Elapsed.TotalSeconds:F0} s."));
    }

    private static Order NewOrder(long id, long customer, DateTime at, DateTime now) => new()
    {
        Id = id,
        OrderNumber = string.Create(CultureInfo.InvariantCulture, $"B{id}"),
        CustomerId = customer,
        Channel = Crm.Sales.Contracts.SalesChannel.WebShop,
        Kind = Crm.Sales.Contracts.OrderKind.Sale,
        Status = Crm.Sales.Contracts.OrderStatus.Placed,
        OrderedAtUtc = at,
        Source = "benchmark",
        CreatedAtUtc = now,
        CreatedBy = "benchmark",
        ModifiedAtUtc = now,
        ModifiedBy = "benchmark",
        Version = Guid.NewGuid(),
    };

    private static OrderLine NewLine(long id, long orderId, int number, int product, decimal quantity, decimal price) => new()
    {
        Id = id,
        OrderId = orderId,
        LineNumber = number,
        ProductCode = string.Create(CultureInfo.InvariantCulture, $"P{product:D5}"),
        ProductName = string.Create(CultureInfo.InvariantCulture, $"Product {product}"),
        Quantity = quantity,
        UnitPrice = price,
        UnitCost = decimal.Round(price * 0.6m, 4),
        Amount = OrderLine.AmountOf(quantity, price, 0),
    };

    private static async Task WriteAsync(ServiceProvider services, List<Order> batch)
    {
        await using var scope = Scope(services);
        await using var db = await scope.ServiceProvider.GetRequiredService<IDbContextFactory<CrmDbContext>>().CreateDbContextAsync();
        await using var writer = await BulkWriter.BeginAsync(db, CancellationToken.None);
        foreach (var order in batch)
        {
            await writer.WriteAsync(order, includeKey: true, CancellationToken.None);
            foreach (var line in order.Lines)
            {
                await writer.WriteAsync(line, includeKey: true, CancellationToken.None);
            }
        }

        await writer.CommitAsync(CancellationToken.None);
        batch.Clear();
    }

    internal static ServiceProvider BuildServices(string databasePath)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:Crm"] = $"Data Source={databasePath}",
            ["Database:Provider"] = "Sqlite",
        }).Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddLogging(logging => logging.SetMinimumLevel(LogLevel.Warning).AddSimpleConsole());
        services.AddCrmModules(configuration);
        services.AddCrmDatabase();
        // As in the web host: events of this process are delivered by its dispatcher once committed (started where needed).
        services.AddOutboxDispatcher();
        services.AddCrmIdentityCore();
        return services.BuildServiceProvider();
    }

    internal static AsyncServiceScope Scope(ServiceProvider services)
    {
        var scope = services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<CurrentUser>().SetSystemActor("benchmark", CrmRoles.Admin);
        return scope;
    }

    private static string? Arg(string[] args, string name)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
    }

    private sealed class SynchronousProgress<T>(Action<T> report) : IProgress<T>
    {
        public void Report(T value) => report(value);
    }
}
