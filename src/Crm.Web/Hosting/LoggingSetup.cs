using Serilog;

namespace Crm.Web.Hosting;

internal static class LoggingSetup
{
    /// <summary>
    /// Serilog: levels from the <c>Serilog</c> section, console always, a daily rolling file under
    /// <c>Logging:FileDirectory</c> (default: <c>logs</c> beside the SQLite data) unless <c>Logging:WriteToFile</c> is false.
    /// </summary>
    public static WebApplicationBuilder AddCrmLogging(this WebApplicationBuilder builder)
    {
        // preserveStaticLogger: each host (the app, or one of several test hosts) gets its own pipeline; the static
        // bootstrap logger in Program only reports start-up failures.
        builder.Services.AddSerilog(preserveStaticLogger: true, configureLogger: (services, logger) =>
        {
            var configuration = services.GetRequiredService<IConfiguration>();
            logger.ReadFrom.Configuration(configuration)
                .ReadFrom.Services(services)
                .Enrich.FromLogContext()
                .Enrich.WithProperty("Application", "eCRM")
                .WriteTo.Console(outputTemplate: "[{Timestamp:HH:mm:ss} {Level:u3}] {SourceContext}: {Message:lj}{NewLine}{Exception}");

            if (configuration.GetValue("Logging:WriteToFile", true))
            {
                var directory = configuration["Logging:FileDirectory"];
                if (string.IsNullOrWhiteSpace(directory))
                {
                    var dataDirectory = configuration["Database:DataDirectory"];
                    directory = Path.Combine(
                        string.IsNullOrWhiteSpace(dataDirectory)
                            ? Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.Create)
                            : dataDirectory,
                        string.IsNullOrWhiteSpace(dataDirectory) ? Path.Combine("eCRM", "logs") : "logs");
                }

                logger.WriteTo.File(Path.Combine(directory, "crm-.log"), rollingInterval: RollingInterval.Day,
                    retainedFileCountLimit: 14, formatProvider: System.Globalization.CultureInfo.InvariantCulture);
            }
        });
        return builder;
    }
}
