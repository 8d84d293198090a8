using System.CommandLine;
using System.Globalization;
using Crm.Contacts.Contracts;
using Crm.Kernel.Data;
using Crm.Sales.Contracts;
using Crm.Service.Contracts;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.Cli.Commands;

/// <summary>
/// <c>crm generate</c>: realistic, seeded data for demos and load tests: customers (Contacts), then products,
/// opportunities and orders (Sales), then service queues and cases (Service) for every customer in the database.
/// </summary>
internal static class GenerateCommand
{
    public static Command Create()
    {
        var customers = new Option<int?>("--customers") { Description = "How many customers to add (omit to add sales data for the customers already there)." };
        var interactions = new Option<double>("--interactions-per-customer")
        {
            Description = "Mean interactions per new customer (default 5).",
            DefaultValueFactory = _ => 5,
        };
        var orders = new Option<double>("--orders-per-customer")
        {
            Description = "Mean sales orders per customer over the last two years (default 0: no sales data). Skewed: a few customers buy very often.",
            DefaultValueFactory = _ => 0,
        };
        var lines = new Option<double>("--lines-per-order") { Description = "Mean lines per order (default 2.5).", DefaultValueFactory = _ => 2.5 };
        var products = new Option<int?>("--products") { Description = "How many products to add (default 200 when sales data is generated; 0 uses the active catalogue)." };
        var opportunities = new Option<double?>("--opportunities-per-customer")
        {
            Description = "Mean opportunities per customer (default 0.3 when sales data is generated).",
        };
        var cases = new Option<double>("--cases-per-customer")
        {
            Description = "Mean service cases per customer over the last year (default 0: no cases), with threads, pending periods and SLA breaches; adds the demo queues if missing.",
            DefaultValueFactory = _ => 0,
        };
        var noTimeline = new Option<bool>("--no-timeline") { Description = "Do not put the generated orders and cases on the customers' timelines." };
        var noRecompute = new Option<bool>("--no-recompute") { Description = "Do not recompute the customer-value figures after generating orders." };
        var seed = new Option<int>("--seed") { Description = "Random seed; the same seed on an empty database gives the same data (default 42).", DefaultValueFactory = _ => 42 };
        var command = new Command("generate", "Add generated customers, contact people and interactions, products, opportunities and orders, and service queues and cases, to the configured database.")
        {
            customers, interactions, orders, lines, products, opportunities, cases, noTimeline, noRecompute, seed,
        };
        command.SetAction((parseResult, cancellationToken) => CommandRunner.RunAsync(parseResult, async (services, ct) =>
        {
            var count = parseResult.GetValue(customers);
            var perCustomer = parseResult.GetValue(interactions);
            var ordersPerCustomer = parseResult.GetValue(orders);
            var opportunitiesPerCustomer = parseResult.GetValue(opportunities);
            var productCount = parseResult.GetValue(products);
            var casesPerCustomer = parseResult.GetValue(cases);
            var salesWanted = ordersPerCustomer > 0 || opportunitiesPerCustomer > 0 || productCount > 0;
            if (count is null && !salesWanted && casesPerCustomer == 0)
            {
                throw new CliUsageException(
                    "Say what to generate: --customers, sales data with --orders-per-customer, --opportunities-per-customer or --products, and/or service cases with --cases-per-customer.");
            }

            if (count is < 1 or > 10_000_000)
            {
                throw new CliUsageException("--customers must be between 1 and 10,000,000.");
            }

            if (perCustomer is < 0 or > 1_000)
            {
                throw new CliUsageException("--interactions-per-customer must be between 0 and 1,000.");
            }

            if (ordersPerCustomer is < 0 or > 1_000)
            {
                throw new CliUsageException("--orders-per-customer must be between 0 and 1,000.");
            }

            if (casesPerCustomer is < 0 or > 1_000)
            {
                throw new CliUsageException("--cases-per-customer must be between 0 and 1,000.");
            }

            if (parseResult.GetValue(lines) is < 1 or > 100)
            {
                throw new CliUsageException("--lines-per-order must be between 1 and 100.");
            }

            if (productCount is < 0 or > 1_000_000)
            {
                throw new CliUsageException("--products must be between 0 and 1,000,000.");
            }

            if (opportunitiesPerCustomer is < 0 or > 100)
            {
                throw new CliUsageException("--opportunities-per-customer must be between 0 and 100.");
            }

            await services.GetRequiredService<CrmDatabaseInitializer>().MigrateAsync(ct);
            var seedValue = parseResult.GetValue(seed);
            if (count is { } customerCount)
            {
                var progress = new ConsoleProgress<int>(done => parseResult.Error().Write(
                    string.Create(CultureInfo.InvariantCulture, $"\r{done:N0} / {customerCount:N0} customers ({100.0 * done / customerCount:F0}%)")));
                var result = await services.GetRequiredService<IContactsDataGenerator>()
                    .GenerateAsync(customerCount, perCustomer, seedValue, progress, ct);
                parseResult.Error().WriteLine();
                parseResult.Out().WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"Generated {result.Customers:N0} customers ({result.Companies:N0} companies) and {result.Interactions:N0} interactions in {result.Elapsed.TotalSeconds:F1} s."));
            }

            if (salesWanted)
            {
                var generator = services.GetRequiredService<ISalesDataGenerator>();
                var all = await services.GetRequiredService<IContactsDataGenerator>().CountCustomersAsync(ct);
                var progress = new ConsoleProgress<SalesGenerationProgress>(step => parseResult.Error().Write(step.BuildingIndexes
                    ? "\nBuilding the order indexes (a large load builds them after the rows)..."
                    : string.Create(CultureInfo.InvariantCulture, $"\r{step.Customers:N0} customers' sales data written")));
                var sales = await generator.GenerateAsync(new SalesGeneration
                {
                    Products = productCount ?? (ordersPerCustomer > 0 || opportunitiesPerCustomer > 0 ? 200 : 0),
                    OrdersPerCustomer = ordersPerCustomer,
                    LinesPerOrder = parseResult.GetValue(lines),
                    OpportunitiesPerCustomer = opportunitiesPerCustomer ?? (ordersPerCustomer > 0 ? 0.3 : 0),
                    RecordOnTimeline = !parseResult.GetValue(noTimeline),
                    Seed = seedValue,
                }, progress, ct);
                parseResult.Error().WriteLine();
                parseResult.Out().WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"Generated {sales.Products:N0} products, {sales.Opportunities:N0} opportunities and {sales.Orders:N0} orders ({sales.OrderLines:N0} lines, {sales.Returns:N0} returns, {sales.Cancellations:N0} cancellations) for {sales.Customers:N0} of {all:N0} customers in {sales.Elapsed.TotalSeconds:F1} s."));

                // The dashboards read stored figures: refresh them for the new orders (as of today).
                if (sales.Orders > 0 && !parseResult.GetValue(noRecompute))
                {
                    var run = await services.GetRequiredService<Crm.Analytics.Contracts.ICustomerValueJobs>().RecomputeAsync(
                        DateOnly.FromDateTime(DateTime.UtcNow), "Command line", "cli:generate", ct);
                    parseResult.Out().WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"Customer values recomputed: {run.Status}, {run.Customers:N0} customers, {run.Rules:N0} product rules."));
                }
            }

            if (casesPerCustomer > 0)
            {
                var all = await services.GetRequiredService<IContactsDataGenerator>().CountCustomersAsync(ct);
                var progress = new ConsoleProgress<ServiceGenerationProgress>(step => parseResult.Error().Write(step.BuildingIndexes
                    ? "\nBuilding the case indexes (a large load builds them after the rows)..."
                    : string.Create(CultureInfo.InvariantCulture, $"\r{step.Customers:N0} customers' cases written")));
                var service = await services.GetRequiredService<IServiceDataGenerator>().GenerateAsync(new ServiceGeneration
                {
                    CasesPerCustomer = casesPerCustomer,
                    RecordOnTimeline = !parseResult.GetValue(noTimeline),
                    Seed = seedValue,
                }, progress, ct);
                parseResult.Error().WriteLine();
                parseResult.Out().WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"Generated {service.Queues:N0} queues and {service.Cases:N0} cases ({service.Entries:N0} thread entries, {service.OpenCases:N0} open, {service.Warnings:N0} SLA warnings, {service.Breaches:N0} SLA breaches, {service.BreachedNow:N0} breached now) for {service.Customers:N0} of {all:N0} customers in {service.Elapsed.TotalSeconds:F1} s."));
            }

            return CommandRunner.Ok;
        }, cancellationToken));
        return command;
    }
}
