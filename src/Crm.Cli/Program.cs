using System.CommandLine;
using Crm.Cli;
using Crm.Cli.Commands;

var root = new RootCommand("eCRM command line: database, users and data over the same modules as the web app.");
root.Options.Add(CliHost.ProviderOption);
root.Options.Add(CliHost.ConnectionStringOption);
root.Subcommands.Add(MigrateCommand.Create());
root.Subcommands.Add(UsersCommand.Create());
root.Subcommands.Add(ApiKeysCommand.Create());
root.Subcommands.Add(GenerateCommand.Create());
root.Subcommands.Add(ImportCommand.Create());
root.Subcommands.Add(AnalyticsCommand.Create());

return await root.Parse(args).InvokeAsync();
