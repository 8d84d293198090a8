using Crm.Web.Hosting;
using Serilog;

Log.Logger = new LoggerConfiguration().WriteTo.Console().CreateBootstrapLogger();

try
{
    var builder = WebApplication.CreateBuilder(args);
    builder.AddCrmLogging();
    builder.Services.AddCrmModules(builder.Configuration);
    builder.Services.AddCrmPlatform(builder.Configuration, builder.Environment);

    var app = builder.Build();
    app.LogKeyProtection();
    await app.InitializeDatabaseAsync();
    app.UseCrmPipeline();
    app.MapCrmEndpoints();
    await app.RunAsync();
}
catch (Exception ex) when (ex is not HostAbortedException)
{
    Log.Fatal(ex, "eCRM stopped unexpectedly");
    throw;
}
finally
{
    await Log.CloseAndFlushAsync();
}

/// <summary>Entry point, public for the integration tests' WebApplicationFactory.</summary>
public partial class Program;
