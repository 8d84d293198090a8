using System.CommandLine;
using Crm.Kernel;
using Crm.Kernel.Api;
using Crm.Kernel.Data;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.Cli.Commands;

/// <summary><c>crm apikeys add|list|revoke</c>: keys for integrations; a new key is printed once.</summary>
internal static class ApiKeysCommand
{
    public static Command Create()
    {
        var apiKeys = new Command("apikeys", "Manage the API keys integrations send in X-Api-Key.");
        apiKeys.Subcommands.Add(CreateAdd());
        apiKeys.Subcommands.Add(CreateList());
        apiKeys.Subcommands.Add(CreateRevoke());
        return apiKeys;
    }

    private static Command CreateAdd()
    {
        var name = new Option<string>("--name") { Description = "What uses the key, for example \"Web shop\".", Required = true };
        var role = new Option<string>("--role") { Description = $"The role the key acts with: {string.Join(", ", CrmRoles.All)}.", Required = true };
        var command = new Command("add", "Issue a key and print it once.") { name, role };
        command.SetAction((parseResult, cancellationToken) => CommandRunner.RunAsync(parseResult, async (services, ct) =>
        {
            await services.GetRequiredService<CrmDatabaseInitializer>().MigrateAsync(ct);
            var (key, result) = await services.GetRequiredService<ApiKeyService>()
                .IssueAsync(parseResult.GetValue(name)!, parseResult.GetValue(role)!, ct);
            if (key is null)
            {
                foreach (var error in result.Errors)
                {
                    await parseResult.Error().WriteLineAsync($"error: --{error.Field.ToLowerInvariant()}: {error.Message}");
                }

                return CommandRunner.BadInput;
            }

            parseResult.Out().WriteLine($"Issued key {key.Id} \"{key.Name}\" acting as {key.Role}. Store it now; it is not shown again:");
            parseResult.Out().WriteLine(key.Key);
            return CommandRunner.Ok;
        }, cancellationToken));
        return command;
    }

    private static Command CreateList()
    {
        var command = new Command("list", "List keys (never their secrets).");
        command.SetAction((parseResult, cancellationToken) => CommandRunner.RunAsync(parseResult, async (services, ct) =>
        {
            foreach (var key in await services.GetRequiredService<ApiKeyService>().ListAsync(ct))
            {
                parseResult.Out().WriteLine($"{key.Id}  {key.Name,-30} {key.Role,-13} ecrm_{key.Prefix}_…  {(key.RevokedAtUtc is null ? "active" : "revoked")}");
            }

            return CommandRunner.Ok;
        }, cancellationToken));
        return command;
    }

    private static Command CreateRevoke()
    {
        var id = new Option<Guid>("--id") { Description = "The key's id, from `crm apikeys list`.", Required = true };
        var command = new Command("revoke", "Revoke a key at once.") { id };
        command.SetAction((parseResult, cancellationToken) => CommandRunner.RunAsync(parseResult, async (services, ct) =>
        {
            await services.GetRequiredService<ApiKeyService>().RevokeAsync(parseResult.GetValue(id), ct);
            parseResult.Out().WriteLine("Revoked.");
            return CommandRunner.Ok;
        }, cancellationToken));
        return command;
    }
}
