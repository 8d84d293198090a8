using System.Reflection;
using Crm.Kernel.Api;
using Crm.Kernel.Auditing;
using Crm.Kernel.Events;
using Crm.Kernel.Events.Outbox;
using Crm.Kernel.Identity;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Crm.Kernel.Data;

/// <summary>
/// The Customer Contact Repository: one database for every module. The kernel owns identity and data-protection
/// keys; each registered module contributes its own entity configurations (tables prefixed with the module name).
/// </summary>
public sealed class CrmDbContext(DbContextOptions<CrmDbContext> options)
    : IdentityDbContext<CrmUser, IdentityRole, string>(options), IDataProtectionKeyContext
{
    private readonly List<IIntegrationEvent> pendingEvents = [];

    /// <summary>Outbox messages written in the current save or transaction, handed to the dispatcher once committed.</summary>
    internal List<OutboxMessage> OutboxWritten { get; } = [];

    /// <summary>
    /// Who the audit columns name for this context's saves: set by <see cref="CrmDbContextFactory"/> each time a pooled
    /// context is handed out (null outside the factory, e.g. design-time tools: saves are stamped "system").
    /// </summary>
    internal ICurrentUser? Actor { get; private set; }

    /// <summary>Prepares a context taken from the pool for one scope: its actor, and no events left from earlier use.</summary>
    internal void Lease(ICurrentUser actor)
    {
        Actor = actor;
        pendingEvents.Clear();
        OutboxWritten.Clear();
    }

    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    public DbSet<ApiKey> ApiKeys => Set<ApiKey>();

    public DbSet<IdempotencyRecord> IdempotencyRecords => Set<IdempotencyRecord>();

    public DbSet<OutboxMessage> OutboxMessages => Set<OutboxMessage>();

    public DbSet<InboxEntry> InboxEntries => Set<InboxEntry>();

    /// <summary>The module assemblies that make up this model.</summary>
    public IReadOnlyList<Assembly> ModuleAssemblies =>
        this.GetService<IDbContextOptions>().FindExtension<CrmModelOptionsExtension>()?.ModuleAssemblies ?? [];

    /// <summary>
    /// Raises an event of this context's change: it is written to the outbox with the next save or when the open
    /// transaction commits, and delivered to its handlers only after that commit (never if the change is rolled back).
    /// </summary>
    public void RaiseAfterCommit(IIntegrationEvent integrationEvent) => pendingEvents.Add(integrationEvent);

    internal bool HasPendingEvents => pendingEvents.Count > 0;

    /// <summary>Who the audit columns name for this context's writes.</summary>
    internal string ActorId => Actor?.ActorId ?? "system";

    internal List<IIntegrationEvent> TakePendingEvents()
    {
        var taken = pendingEvents.ToList();
        pendingEvents.Clear();
        return taken;
    }

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // Money and quantities: explicit precision on both providers.
        configurationBuilder.Properties<decimal>().HavePrecision(18, 4);
        if (Database.IsSqlite())
        {
            // SQLite has no decimal type: EF would store text, which cannot be summed or sorted in SQL. Store exact
            // fixed-point integers (1/10,000ths) instead, so totals, forecasts and rankings aggregate in the database.
            // Arithmetic between money columns inside a query is not scaled back: store computed amounts (a line's
            // amount, an order's total) and let queries sum, compare and sort those.
            configurationBuilder.Properties<decimal>().HaveConversion<SqliteFixedPointConverter>();
            configurationBuilder.Properties<decimal?>().HaveConversion<SqliteFixedPointConverter>();
        }

        // All timestamps are UTC; SQLite hands them back unspecified, so mark them on the way out.
        configurationBuilder.Properties<DateTime>().HaveConversion<UtcDateTimeConverter>();
        configurationBuilder.Properties<DateTime?>().HaveConversion<NullableUtcDateTimeConverter>();
    }

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);

        builder.Entity<CrmUser>(user =>
        {
            user.ToTable("Identity_Users");
            user.Property(u => u.DisplayName).HasMaxLength(200);
        });
        builder.Entity<IdentityRole>().ToTable("Identity_Roles");
        builder.Entity<IdentityUserRole<string>>().ToTable("Identity_UserRoles");
        builder.Entity<IdentityUserClaim<string>>().ToTable("Identity_UserClaims");
        builder.Entity<IdentityUserLogin<string>>().ToTable("Identity_UserLogins");
        builder.Entity<IdentityUserToken<string>>().ToTable("Identity_UserTokens");
        builder.Entity<IdentityRoleClaim<string>>().ToTable("Identity_RoleClaims");
        builder.Entity<DataProtectionKey>().ToTable("Kernel_DataProtectionKeys");
        builder.Entity<ApiKey>(key =>
        {
            key.ToTable("Kernel_ApiKeys");
            key.Property(k => k.Name).HasMaxLength(100);
            key.Property(k => k.Role).HasMaxLength(50);
            key.Property(k => k.Prefix).HasMaxLength(20);
            key.Property(k => k.SecretHash).HasMaxLength(32);
            key.Property(k => k.CreatedBy).HasMaxLength(200);
            key.HasIndex(k => k.Prefix).IsUnique();
            key.Ignore(k => k.IsActive);
        });
        builder.Entity<IdempotencyRecord>(record =>
        {
            record.ToTable("Kernel_IdempotencyRecords");
            record.Property(r => r.Scope).HasMaxLength(300);
            record.Property(r => r.Key).HasMaxLength(200);
            record.Property(r => r.RequestHash).HasMaxLength(32);
            record.Property(r => r.ContentType).HasMaxLength(200);
            record.Property(r => r.Location).HasMaxLength(500);
            record.Property(r => r.ETag).HasMaxLength(100);
            record.HasIndex(r => new { r.Scope, r.Key }).IsUnique();
            record.HasIndex(r => r.CreatedAtUtc);
        });
        builder.Entity<OutboxMessage>(message =>
        {
            message.ToTable("Kernel_OutboxMessages");
            message.Property(m => m.Id).ValueGeneratedNever();
            message.Property(m => m.EventType).HasMaxLength(300);
            message.Property(m => m.Handler).HasMaxLength(300);
            message.Property(m => m.RaisedBy).HasMaxLength(200);
            message.Property(m => m.LastError).HasMaxLength(2000);
            // The dispatchers' sweep: due messages in order, the dead left out.
            message.HasIndex(m => new { m.DeadAtUtc, m.AvailableAtUtc });
            message.HasIndex(m => m.LeaseToken);
        });
        builder.Entity<InboxEntry>(entry =>
        {
            entry.ToTable("Kernel_InboxEntries");
            entry.HasKey(e => new { e.Handler, e.EventId });
            entry.Property(e => e.Handler).HasMaxLength(300);
            entry.HasIndex(e => e.HandledAtUtc);
        });

        foreach (var assembly in ModuleAssemblies.Where(HasEntityConfigurations))
        {
            builder.ApplyConfigurationsFromAssembly(assembly);
        }

        ApplyAuditConventions(builder);
    }

    /// <summary>Every <see cref="AuditableEntity"/>: <c>Version</c> is the concurrency token; actor columns have a bounded length.</summary>
    private static void ApplyAuditConventions(ModelBuilder builder)
    {
        foreach (var entityType in builder.Model.GetEntityTypes().Where(t => typeof(AuditableEntity).IsAssignableFrom(t.ClrType)))
        {
            var entity = builder.Entity(entityType.ClrType);
            entity.Property(nameof(AuditableEntity.Version)).IsConcurrencyToken();
            entity.Property(nameof(AuditableEntity.CreatedBy)).HasMaxLength(200);
            entity.Property(nameof(AuditableEntity.ModifiedBy)).HasMaxLength(200);
        }
    }

    private static bool HasEntityConfigurations(Assembly assembly) =>
        assembly.GetTypes().Any(t => !t.IsAbstract && t.GetInterfaces().Any(i =>
            i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IEntityTypeConfiguration<>)));

    /// <summary>decimal(18,4) as a 64-bit integer count of 1/10,000ths: exact, and SUM/ORDER BY work in SQLite.</summary>
    private sealed class SqliteFixedPointConverter() : ValueConverter<decimal, long>(
        v => (long)decimal.Round(v * 10_000m, MidpointRounding.AwayFromZero),
        v => v / 10_000m);

    private sealed class UtcDateTimeConverter() : ValueConverter<DateTime, DateTime>(
        v => v.Kind == DateTimeKind.Utc ? v : v.ToUniversalTime(),
        v => DateTime.SpecifyKind(v, DateTimeKind.Utc));

    private sealed class NullableUtcDateTimeConverter() : ValueConverter<DateTime?, DateTime?>(
        v => v.HasValue ? (v.Value.Kind == DateTimeKind.Utc ? v.Value : v.Value.ToUniversalTime()) : v,
        v => v.HasValue ? DateTime.SpecifyKind(v.Value, DateTimeKind.Utc) : v);
}

/// <summary>Keys EF's model cache by the set of modules, so tests with other module sets get their own model.</summary>
internal sealed class CrmModelCacheKeyFactory : IModelCacheKeyFactory
{
    public object Create(DbContext context, bool designTime) =>
        (context.GetType(), (context as CrmDbContext)?.ModuleAssemblies is { } modules
            ? string.Join('|', modules.Select(m => m.GetName().Name))
            : "", designTime);
}
