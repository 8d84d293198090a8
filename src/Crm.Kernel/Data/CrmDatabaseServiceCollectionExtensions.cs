using Crm.Kernel.Auditing;
using Crm.Kernel.Events;
using Crm.Kernel.Events.Outbox;
using Crm.Kernel.Identity;
using Crm.Kernel.Modules;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Crm.Kernel.Data;

/// <summary>The resolved connection string of the CCR.</summary>
public sealed record CrmConnection(string ConnectionString);

/// <summary>The one place that chooses the database provider and its migrations assembly.</summary>
public static class CrmDatabaseServiceCollectionExtensions
{
    public const string ConnectionStringName = "Crm";
    public const string SqliteMigrationsAssembly = "Crm.Migrations.Sqlite";
    public const string SqlServerMigrationsAssembly = "Crm.Migrations.SqlServer";

    /// <summary>Contexts kept for reuse; more than this many at once are created and discarded.</summary>
    private const int PoolSize = 256;

    /// <summary>
    /// Registers the CCR: <see cref="CrmDbContext"/> as a scoped context (Identity and data protection use it) and an
    /// <see cref="IDbContextFactory{TContext}"/> for short-lived contexts per operation (handlers, Blazor circuits).
    /// Call after every <c>AddXxxModule</c>, which register the <see cref="CrmModule"/>s the model is built from.
    /// </summary>
    public static IServiceCollection AddCrmDatabase(this IServiceCollection services)
    {
        // Configuration is read when the first context is made, so hosts and tests can still add sources after registration.
        services.TryAddSingleton(sp => sp.GetRequiredService<IConfiguration>()
            .GetSection(DatabaseOptions.SectionName).Get<DatabaseOptions>() ?? new DatabaseOptions());
        services.TryAddSingleton(sp => new CrmConnection(ResolveConnectionString(
            sp.GetRequiredService<IConfiguration>(), sp.GetRequiredService<DatabaseOptions>())));
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddScoped<CurrentUser>();
        services.TryAddScoped<ICurrentUser>(sp => sp.GetRequiredService<CurrentUser>());
        services.TryAddSingleton(sp => sp.GetRequiredService<IConfiguration>()
            .GetSection(OutboxOptions.SectionName).Get<OutboxOptions>() ?? new OutboxOptions());
        services.TryAddSingleton(sp => new EventSubscriptions(sp.GetServices<EventSubscription>()));
        // The writer hands committed messages to this process's dispatcher where there is one (the web host).
        services.TryAddSingleton(sp => new OutboxWriter(sp.GetRequiredService<EventSubscriptions>(), sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<OutboxOptions>(), sp.GetService<ILocalOutbox>()));
        services.TryAddSingleton<OutboxInterceptor>();
        services.TryAddScoped<IIntegrationEventPublisher, OutboxPublisher>();
        services.TryAddScoped<OutboxAdministration>();

        services.TryAddSingleton(sp => new AuditingInterceptor(sp.GetRequiredService<TimeProvider>()));

        // Contexts are pooled (building one from scratch costs more than most queries); the scoped factory leases them
        // to the scope's user, for the audit columns.
        services.TryAddSingleton(sp =>
        {
            var builder = new DbContextOptionsBuilder<CrmDbContext>().UseApplicationServiceProvider(sp);
            Configure(builder, sp.GetRequiredService<DatabaseOptions>().Provider, sp.GetRequiredService<CrmConnection>().ConnectionString,
                    sp.GetServices<CrmModule>())
                .AddInterceptors(sp.GetRequiredService<AuditingInterceptor>(), sp.GetRequiredService<OutboxInterceptor>());
            return new PooledDbContextFactory<CrmDbContext>(builder.Options, PoolSize);
        });
        services.TryAddScoped<IDbContextFactory<CrmDbContext>>(sp => new CrmDbContextFactory(
            sp.GetRequiredService<PooledDbContextFactory<CrmDbContext>>(), sp.GetRequiredService<ICurrentUser>()));
        services.TryAddScoped(sp => sp.GetRequiredService<IDbContextFactory<CrmDbContext>>().CreateDbContext());
        return services;
    }

    /// <summary>
    /// Runs the outbox dispatcher in this process (the web host): it delivers the events written here the moment they are
    /// committed, and sweeps for the rest. Processes without one (the command line) leave their events to a host's sweep.
    /// </summary>
    public static IServiceCollection AddOutboxDispatcher(this IServiceCollection services)
    {
        services.TryAddSingleton<OutboxDispatcher>();
        services.TryAddSingleton<ILocalOutbox>(sp => sp.GetRequiredService<OutboxDispatcher>());
        services.AddHostedService(sp => sp.GetRequiredService<OutboxDispatcher>());
        return services;
    }

    /// <summary>Configures provider, migrations assembly and module model. Also used by tests and design-time tools.</summary>
    public static DbContextOptionsBuilder Configure(
        DbContextOptionsBuilder builder, DatabaseProvider provider, string connectionString, IEnumerable<CrmModule> modules)
    {
        _ = provider switch
        {
            DatabaseProvider.Sqlite => builder.UseSqlite(connectionString, sqlite => sqlite.MigrationsAssembly(SqliteMigrationsAssembly))
                .AddInterceptors(SqliteBusyTimeoutInterceptor.Instance),
            // No retrying execution strategy: the modules write in transactions of their own (an order with its stock and
            // timeline entry, import batches, a recompute's figures), which a retrying strategy refuses outside
            // ExecuteAsync ("does not support user-initiated transactions"). A transient failure reaches the caller, and
            // the creating calls are idempotent, so repeating them is safe.
            DatabaseProvider.SqlServer => builder.UseSqlServer(connectionString, sql => sql.MigrationsAssembly(SqlServerMigrationsAssembly)),
            _ => throw new InvalidOperationException($"Unknown database provider '{provider}'. Use Sqlite or SqlServer."),
        };

        ((IDbContextOptionsBuilderInfrastructure)builder).AddOrUpdateExtension(
            new CrmModelOptionsExtension([.. modules.Select(m => m.Assembly).Distinct()]));
        builder.ReplaceService<IModelCacheKeyFactory, CrmModelCacheKeyFactory>();
        return builder;
    }

    /// <summary>
    /// <c>ConnectionStrings:Crm</c> when set; otherwise, for SQLite, <c>crm.db</c> in <c>Database:DataDirectory</c>
    /// (default: the user's local application data folder, so the web host and the command line share one file).
    /// </summary>
    public static string ResolveConnectionString(IConfiguration configuration, DatabaseOptions options)
    {
        var configured = configuration.GetConnectionString(ConnectionStringName);
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return configured;
        }

        if (options.Provider != DatabaseProvider.Sqlite)
        {
            throw new InvalidOperationException(
                $"Database:Provider is {options.Provider} but ConnectionStrings:{ConnectionStringName} is not set.");
        }

        var directory = options.DataDirectory;
        if (string.IsNullOrWhiteSpace(directory))
        {
            directory = Path.Combine(Environment.GetFolderPath(
                Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.Create), "eCRM");
        }

        Directory.CreateDirectory(directory);
        return new SqliteConnectionStringBuilder { DataSource = Path.Combine(directory, "crm.db") }.ToString();
    }
}
