using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using Crm.Analytics.Contracts;
using Crm.Analytics.Domain;
using Crm.Analytics.Features.Live;
using Crm.Kernel.Data;
using Crm.Sales.Contracts;
using Crm.Sales.Domain;
using Crm.Sales.Features.Orders.PlaceOrder;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.Benchmarks.EndToEnd;

/// <summary>
/// <c>live-latency --db FILE [--orders N] [--warm-up W] [--seed S]</c>: how long the real-time update takes from a committed order to the
/// customer's committed figures. Places N one-line orders, one at a time, for random customers who have figures, through
/// the Sales order commands (the path of the UI and the order API: OrderChanged goes to the outbox in the order's
/// transaction and the dispatcher hands it to Analytics after the commit), and times each from the moment the order is
/// committed to the moment the <see cref="LiveValueUpdater"/> has saved the customer's row. Recomputes first when the
/// database has no figures yet and reports how long that took.
/// </summary>
internal static class LiveUpdateLatency
{
    public static async Task<int> RunAsync(string[] args)
    {
        var path = Arg(args, "--db") ?? throw new ArgumentException("--db FILE is required.");
        var orders = int.Parse(Arg(args, "--orders") ?? "300", CultureInfo.InvariantCulture);
        var warmUp = int.Parse(Arg(args, "--warm-up") ?? "30", CultureInfo.InvariantCulture);
        var random = new Random(int.Parse(Arg(args, "--seed") ?? "7", CultureInfo.InvariantCulture));
        await using var services = CustomerValueEndToEnd.BuildServices(Path.GetFullPath(path));
        await services.GetRequiredService<CrmDatabaseInitializer>().MigrateAsync();
        var jobs = services.GetRequiredService<ICustomerValueJobs>();
        if (await jobs.NeverComputedAsync())
        {
            var watch = Stopwatch.StartNew();
            var run = await jobs.RecomputeAsync(DateOnly.FromDateTime(DateTime.UtcNow), "Benchmark", "benchmark");
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"Recompute (no figures yet): {run.Status}, {run.Customers:N0} customers, {run.Rules:N0} rules in {watch.Elapsed.TotalSeconds:F1} s"));
        }

        long[] customers;
        string[] products;
        await using (var scope = CustomerValueEndToEnd.Scope(services))
        {
            var db = scope.ServiceProvider.GetRequiredService<CrmDbContext>();
            var all = await db.Set<CustomerValueRecord>().Select(v => v.CustomerId).ToListAsync();
            customers = [.. Enumerable.Range(0, warmUp + orders).Select(_ => all[random.Next(all.Count)]).Distinct()];
            products = [.. await db.Set<Product>().Where(p => p.IsActive && (p.AllowBackorder || p.StockOnHand > 1_000)).OrderBy(p => p.Code).Select(p => p.Code).Take(200).ToListAsync()];
        }

        var updater = services.GetRequiredService<LiveValueUpdater>();
        // When each customer's figures were saved (Stopwatch timestamp).
        var waiting = new ConcurrentDictionary<long, TaskCompletionSource<long>>();
        updater.Updated += (customerId, _) =>
        {
            if (waiting.TryRemove(customerId, out var done))
            {
                done.TrySetResult(Stopwatch.GetTimestamp());
            }
        };
        var dispatcher = services.GetRequiredService<Crm.Kernel.Events.Outbox.OutboxDispatcher>();
        await dispatcher.StartAsync(CancellationToken.None);
        await updater.StartAsync(CancellationToken.None);

        // The commit happens inside the order call: "after" counts from the call's return (a lower bound of commit ->
        // figures), "whole" from the call's start (an upper bound, the order's own write included).
        var latencies = new List<double>();
        var whole = new List<double>();
        var total = Stopwatch.StartNew();
        foreach (var customerId in customers)
        {
            var done = new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously);
            waiting[customerId] = done;
            var started = Stopwatch.GetTimestamp();
            long returned;
            await using (var scope = CustomerValueEndToEnd.Scope(services))
            {
                var result = await scope.ServiceProvider.GetRequiredService<PlaceOrderHandler>().CreateAsync(new OrderInput
                {
                    CustomerId = customerId,
                    Channel = SalesChannel.Phone,
                    Lines = [new OrderLineInput { ProductCode = products[random.Next(products.Length)], Quantity = random.Next(1, 4) }],
                }, "benchmark");
                returned = Stopwatch.GetTimestamp();
                if (!result.Succeeded)
                {
                    throw new InvalidOperationException($"Order for customer {customerId} refused: {result.Message ?? result.Validation.ToString()}");
                }
            }

            var saved = await done.Task.WaitAsync(TimeSpan.FromSeconds(30));
            if (--warmUp < 0)
            {
                // The first orders warm up the JIT and caches.
                latencies.Add(Math.Max(0, Stopwatch.GetElapsedTime(returned, saved).TotalMilliseconds));
                whole.Add(Stopwatch.GetElapsedTime(started, saved).TotalMilliseconds);
            }
        }

        await updater.StopAsync(CancellationToken.None);
        await dispatcher.StopAsync(CancellationToken.None);
        static string Figures(List<double> values)
        {
            values.Sort();
            double At(double q) => values[Math.Min(values.Count - 1, (int)Math.Ceiling(q * values.Count) - 1)];
            return string.Create(CultureInfo.InvariantCulture,
                $"p50 {At(0.5):F1} ms, p95 {At(0.95):F1} ms, p99 {At(0.99):F1} ms, max {values[^1]:F1} ms, mean {values.Average():F1} ms");
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Live updates: {latencies.Count} orders in {total.Elapsed.TotalSeconds:F1} s"));
        Console.WriteLine($"  committed order (the order call returned) -> committed figures: {Figures(latencies)}");
        Console.WriteLine($"  order call started -> committed figures (the order's write included): {Figures(whole)}");
        return 0;
    }

    private static string? Arg(string[] args, string name)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
    }
}
