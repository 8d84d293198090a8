using Crm.Web.Hosting;
using Crm.Kernel.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.Configuration;

namespace Crm.Web.Tests.Data;

public sealed class MigrationsTests
{
    [Theory]
    [InlineData(DatabaseProvider.Sqlite, "Data Source=pending-check.db")]
    [InlineData(DatabaseProvider.SqlServer, "Server=localhost;Database=eCRM;User Id=sa;Password=unused;TrustServerCertificate=true")]
    public void The_model_has_no_changes_missing_from_the_migrations(DatabaseProvider provider, string connectionString)
    {
        using var context = NewContext(provider, connectionString);
        Assert.False(context.Database.HasPendingModelChanges(),
            $"The CCR model has changes without a {provider} migration. Run scripts/add-migration.sh NAME.");
    }

    [Fact]
    public async Task A_freshly_migrated_SQLite_database_has_every_index_of_the_model()
    {
        var path = Path.Combine(Path.GetTempPath(), "ecrm-tests", $"indexes-{Guid.NewGuid():N}.db");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        try
        {
            await using var context = NewContext(DatabaseProvider.Sqlite, $"Data Source={path};Pooling=false");
            await context.Database.MigrateAsync();

            // The initializer's repair of indexes a killed bulk load left missing finds nothing to do on a sound database.
            Assert.Empty(await SqliteIndexes.RestoreAsync(context, default));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task Published_articles_get_the_category_and_tags_of_their_latest_revision_not_of_the_working_copy()
    {
        var path = Path.Combine(Path.GetTempPath(), "ecrm-tests", $"article-backfill-{Guid.NewGuid():N}.db");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        try
        {
            await using var context = NewContext(DatabaseProvider.Sqlite, $"Data Source={path};Pooling=false");
            var migrations = context.Database.GetMigrations().ToList();
            var backfill = migrations.FindIndex(m => m.EndsWith("_ArticlePublishedCategoryAndTags", StringComparison.Ordinal));
            var migrator = context.GetService<IMigrator>();
            await migrator.MigrateAsync(migrations[backfill - 1]);
            // Article 1: published twice, then edited (working copy "Secret", unpublished); article 2: a draft.
            await context.Database.ExecuteSqlRawAsync(
                "INSERT INTO Service_Articles (Id, Slug, Title, Body, Category, Tags, Visibility, PublishedRevision, PublishedVisibility, PublishedTitle, "
                + "PublishedAtUtc, HasUnpublishedChanges, CreatedAtUtc, CreatedBy, ModifiedAtUtc, ModifiedBy, Version) VALUES "
                + "(1, 'returns', 'Returns', 'x', 'Secret', 'secret-tag', 'Internal', 2, 'Public', 'Returns', '2026-12-01', 1, '2026-12-01', 'a', '2026-12-02', 'a', '00000000-0000-0000-0000-000000000001'), "
                + "(2, 'draft', 'Draft', 'x', 'Drafts', 'd', 'Public', 0, NULL, NULL, NULL, 1, '2026-12-01', 'a', '2026-12-01', 'a', '00000000-0000-0000-0000-000000000002');");
            await context.Database.ExecuteSqlRawAsync(
                "INSERT INTO Service_ArticleRevisions (Id, ArticleId, Number, Title, Body, Category, Tags, Visibility, PublishedBy, PublishedAtUtc) VALUES "
                + "(1, 1, 1, 'Returns', 'x', 'Old', 'old', 'Public', 'a', '2026-11-01'), "
                + "(2, 1, 2, 'Returns', 'x', 'Delivery', 'returns|parcel', 'Public', 'a', '2026-12-01');");

            await migrator.MigrateAsync();

            var published = await context.Database.SqlQueryRaw<string>(
                "SELECT COALESCE(PublishedCategory, '-') || ':' || PublishedTags AS Value FROM Service_Articles ORDER BY Id").ToListAsync();
            Assert.Equal(["Delivery:returns|parcel", "-:"], published);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Both_providers_have_the_same_migrations()
    {
        using var sqlite = NewContext(DatabaseProvider.Sqlite, "Data Source=x.db");
        using var sqlServer = NewContext(DatabaseProvider.SqlServer, "Server=localhost;Database=eCRM;TrustServerCertificate=true");
        static IEnumerable<string> Names(DbContext c) => c.Database.GetMigrations().Select(m => m[(m.IndexOf('_', StringComparison.Ordinal) + 1)..]);
        Assert.NotEmpty(Names(sqlite));
        Assert.Equal(Names(sqlite), Names(sqlServer));
    }

    [Fact]
    public void The_SQL_Server_idempotent_script_is_generated()
    {
        using var context = NewContext(DatabaseProvider.SqlServer, "Server=localhost;Database=eCRM;TrustServerCertificate=true");
        var script = context.GetService<IMigrator>().GenerateScript(options: MigrationsSqlGenerationOptions.Idempotent);

        var directory = Path.Combine(AppContext.BaseDirectory, "artifacts");
        Directory.CreateDirectory(directory);
        File.WriteAllText(Path.Combine(directory, "sqlserver-idempotent.sql"), script);

        Assert.Contains("IF NOT EXISTS (\n    SELECT * FROM [__EFMigrationsHistory]", script.ReplaceLineEndings("\n"), StringComparison.Ordinal);
        Assert.Contains("CREATE TABLE [Identity_Users]", script, StringComparison.Ordinal);
        Assert.Contains("CREATE TABLE [Kernel_DataProtectionKeys]", script, StringComparison.Ordinal);
    }

    private static CrmDbContext NewContext(DatabaseProvider provider, string connectionString)
    {
        var builder = new DbContextOptionsBuilder<CrmDbContext>();
        CrmDatabaseServiceCollectionExtensions.Configure(builder, provider, connectionString,
            CrmModules.Describe(new ConfigurationBuilder().Build()));
        return new CrmDbContext(builder.Options);
    }
}
