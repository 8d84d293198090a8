using System.CommandLine;
using Crm.Kernel.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.Cli.Commands;

/// <summary><c>crm migrate</c>: brings the configured database up to date.</summary>
internal static class MigrateCommand
{
    public static Command Create()
    {
        var command = new Command("migrate", "Apply pending migrations to the configured database and create the roles.");
        command.SetAction((parseResult, cancellationToken) => CommandRunner.RunAsync(parseResult, async (services, ct) =>
        {
            var options = services.GetRequiredService<DatabaseOptions>();
            await using (var context = await services.GetRequiredService<IDbContextFactory<CrmDbContext>>().CreateDbContextAsync(ct))
            {
                var pending = (await context.Database.GetPendingMigrationsAsync(ct)).ToList();
                parseResult.Out().WriteLine(pending.Count == 0
                    ? $"{options.Provider} database is up to date."
                    : $"Applying {pending.Count} migration(s) to the {options.Provider} database: {string.Join(", ", pending)}");
            }

            await services.GetRequiredService<CrmDatabaseInitializer>().MigrateAsync(ct);
            parseResult.Out().WriteLine("Done.");
            return CommandRunner.Ok;
        }, cancellationToken));
        return command;
    }
}
