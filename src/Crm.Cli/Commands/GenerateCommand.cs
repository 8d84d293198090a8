using System.CommandLine;
using System.Globalization;
using Crm.Contacts.Contracts;
using Crm.Kernel.Data;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.Cli.Commands;

/// <summary><c>crm generate</c>: realistic, seeded data for demos and load tests.</summary>
internal static class GenerateCommand
{
    public static Command Create()
    {
        var customers = new Option<int>("--customers") { Description = "How many customers to add.", Required = true };
        var interactions = new Option<double>("--interactions-per-customer")
        {
            Description = "Mean interactions per customer (default 5).",
            DefaultValueFactory = _ => 5,
        };
        var seed = new Option<int>("--seed") { Description = "Random seed; the same seed on an empty database gives the same data (default 42).", DefaultValueFactory = _ => 42 };
        var command = new Command("generate", "Add generated customers, contact people and interactions to the configured database.")
        {
            customers, interactions, seed,
        };
        command.SetAction((parseResult, cancellationToken) => CommandRunner.RunAsync(parseResult, async (services, ct) =>
        {
            var count = parseResult.GetValue(customers);
            var perCustomer = parseResult.GetValue(interactions);
            if (count is < 1 or > 10_000_000)
            {
                throw new CliUsageException("--customers must be between 1 and 10,000,000.");
            }

            if (perCustomer is < 0 or > 1_000)
            {
                throw new CliUsageException("--interactions-per-customer must be between 0 and 1,000.");
            }

            await services.GetRequiredService<CrmDatabaseInitializer>().MigrateAsync(ct);
            var progress = new Progress<int>(done => Console.Error.Write(
                string.Create(CultureInfo.InvariantCulture, $"\r{done:N0} / {count:N0} customers ({100.0 * done / count:F0}%)")));
            var result = await services.GetRequiredService<IContactsDataGenerator>()
                .GenerateAsync(count, perCustomer, parseResult.GetValue(seed), progress, ct);
            Console.Error.WriteLine();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"Generated {result.Customers:N0} customers ({result.Companies:N0} companies) and {result.Interactions:N0} interactions in {result.Elapsed.TotalSeconds:F1} s."));
            return CommandRunner.Ok;
        }, cancellationToken));
        return command;
    }
}
