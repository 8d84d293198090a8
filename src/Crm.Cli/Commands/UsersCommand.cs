using System.CommandLine;
using System.Security.Cryptography;
using Crm.Kernel;
using Crm.Kernel.Data;
using Crm.Kernel.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.Cli.Commands;

/// <summary><c>crm users add|list</c>: the way to create the first Admin outside Development.</summary>
internal static class UsersCommand
{
    public static Command Create()
    {
        var users = new Command("users", "Manage the people who sign in to eCRM.");
        users.Subcommands.Add(CreateAdd());
        users.Subcommands.Add(CreateList());
        return users;
    }

    private static Command CreateAdd()
    {
        var email = new Option<string>("--email") { Description = "Email address; also the sign-in name.", Required = true };
        var role = new Option<string>("--role") { Description = $"One of: {string.Join(", ", CrmRoles.All)}.", Required = true };
        var name = new Option<string?>("--name") { Description = "Display name (default: the part of the email before @)." };
        var password = new Option<string?>("--password")
        {
            Description = "Initial password (10+ characters, upper and lower case, a digit). Default: a generated one, printed once.",
        };

        var command = new Command("add", "Create a user with a role (applies pending migrations first).") { email, role, name, password };
        command.SetAction((parseResult, cancellationToken) => CommandRunner.RunAsync(parseResult, async (services, ct) =>
        {
            var emailValue = parseResult.GetValue(email)!.Trim();
            var passwordValue = parseResult.GetValue(password);
            var generated = passwordValue is null;
            passwordValue ??= GeneratePassword();
            var displayName = parseResult.GetValue(name) ?? emailValue.Split('@')[0];

            await services.GetRequiredService<CrmDatabaseInitializer>().MigrateAsync(ct);
            var result = await services.GetRequiredService<UserAdministration>()
                .CreateAsync(new NewUser(emailValue, displayName, parseResult.GetValue(role)!, passwordValue), ct);
            if (!result.Succeeded)
            {
                foreach (var error in result.Errors)
                {
                    await parseResult.Error().WriteLineAsync($"error: {(string.IsNullOrEmpty(error.Field) ? "" : $"--{error.Field.ToLowerInvariant()}: ")}{error.Message}");
                }

                return CommandRunner.BadInput;
            }

            parseResult.Out().WriteLine($"Created {CrmRoles.Normalize(parseResult.GetValue(role))} {emailValue}.");
            if (generated)
            {
                parseResult.Out().WriteLine($"Password (shown once, ask them to change it): {passwordValue}");
            }

            return CommandRunner.Ok;
        }, cancellationToken));
        return command;
    }

    private static Command CreateList()
    {
        var command = new Command("list", "List users with their roles.");
        command.SetAction((parseResult, cancellationToken) => CommandRunner.RunAsync(parseResult, async (services, ct) =>
        {
            var page = await services.GetRequiredService<UserAdministration>().ListAsync(null, 0, int.MaxValue, ct);
            foreach (var user in page.Users)
            {
                parseResult.Out().WriteLine($"{user.Email,-40} {string.Join(",", user.Roles),-30} {(user.IsLockedOut ? "blocked" : "")}");
            }

            parseResult.Out().WriteLine($"{page.TotalCount} user(s).");
            return CommandRunner.Ok;
        }, cancellationToken));
        return command;
    }

    /// <summary>16 characters from an unambiguous alphabet, always with upper, lower and digit.</summary>
    private static string GeneratePassword()
    {
        const string upper = "ABCDEFGHJKLMNPQRSTUVWXYZ", lower = "abcdefghijkmnopqrstuvwxyz", digits = "23456789";
        var all = upper + lower + digits;
        var chars = Enumerable.Range(0, 13).Select(_ => all[RandomNumberGenerator.GetInt32(all.Length)])
            .Append(upper[RandomNumberGenerator.GetInt32(upper.Length)])
            .Append(lower[RandomNumberGenerator.GetInt32(lower.Length)])
            .Append(digits[RandomNumberGenerator.GetInt32(digits.Length)])
            .ToArray();
        RandomNumberGenerator.Shuffle(chars.AsSpan());
        return new string(chars);
    }
}
