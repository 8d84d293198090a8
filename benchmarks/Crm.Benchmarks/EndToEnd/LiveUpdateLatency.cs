using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using Crm.Analytics.Contracts;
using Crm.Analytics.Domain;
using Crm.Analytics.Features.Live;
using Crm.Kernel.Data;
using Crm.Sales.Contracts;
using Crm.Sales.Domain;
using Crm.Sales.Features.Orders;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.Benchmarks.EndToEnd;

/// <summary>
/// <c>live-latency --db FILE [--orders N] [--warm-up W] [--seed S]</c>: how long the real-time update takes from a committed order to the
/// customer's committed figures. Places N one-line orders, one at a time, for random customers who have figures, through
/// the Sales order commands (the path of the UI and the order API: OrderChanged is raised after the commit), and reads the
/// latency the <see cref="LiveValueUpdater"/> records for each (from the event, right after the commit, to the saved row).
/// Recomputes first when the database has no figures yet and reports how long that took.
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
            products = [.. await db.Set<Product>().Where(p => p.IsActive).OrderBy(p => p.Code).Select(p => p.Code).Take(200).ToListAsync()];
        }

        var updater = services.GetRequiredService<LiveValueUpdater>();
        var waiting = new ConcurrentDictionary<long, TaskCompletionSource<double>>();
        updater.Updated += (customerId, milliseconds) =>
        {
            if (waiting.TryRemove(customerId, out var done))
            {
                done.TrySetResult(milliseconds);
            }
        };
        await updater.StartAsync(CancellationToken.None);

        var latencies = new List<double>();
        var total = Stopwatch.StartNew();
        foreach (var customerId in customers)
        {
            var done = new TaskCompletionSource<double>(TaskCreationOptions.RunContinuationsAsynchronously);
            waiting[customerId] = done;
            await using (var scope = CustomerValueEndToEnd.Scope(services))
            {
                var result = await scope.ServiceProvider.GetRequiredService<OrderCommands>().CreateAsync(new OrderInput
                {
                    CustomerId = customerId,
                    Channel = SalesChannel.Phone,
                    Lines = [new OrderLineInput { ProductCode = products[random.Next(products.Length)], Quantity = random.Next(1, 4) }],
                }, "benchmark");
                if (result.Id is null)
                {
                    throw new InvalidOperationException($"Order for customer {customerId} refused: {result.Message}");
                }
            }

            var latency = await done.Task.WaitAsync(TimeSpan.FromSeconds(30));
            if (--warmUp < 0)
            {
                latencies.Add(latency); // the first orders warm up the JIT and caches
            }
        }

        await updater.StopAsync(CancellationToken.None);
        latencies.Sort();
        double At(double q) => latencies[Math.Min(latencies.Count - 1, (int)Math.Ceiling(q * latencies.Count) - 1)];
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Live updates: {latencies.Count} orders in {total.Elapsed.TotalSeconds:F1} s; committed order -> committed figures: p50 {At(0.5):F1} ms, p95 {At(0.95):F1} ms, p99 {At(0.99):F1} ms, max {latencies[^1]:F1} ms, mean {latencies.Average():F1} ms"));
        return 0;
    }

    private static string? Arg(string[] args, string name)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
    }
}
