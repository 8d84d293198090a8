using Crm.Cli;

return await new CrmRootCommand().Parse(args).InvokeAsync();
