using Crm.Kernel.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Crm.Web.Hosting;

/// <summary>
/// Lets <c>dotnet ef</c> build the CCR model without starting the host. The provider comes from the
/// <c>Database__Provider</c> environment variable (see scripts/add-migration.sh).
/// </summary>
internal sealed class DesignTimeDbContextFactory : IDesignTimeDbContextFactory<CrmDbContext>
{
    public CrmDbContext CreateDbContext(string[] args)
    {
        var configuration = new ConfigurationBuilder().AddEnvironmentVariables().Build();
        var provider = Enum.Parse<DatabaseProvider>(configuration["Database:Provider"] ?? nameof(DatabaseProvider.Sqlite), ignoreCase: true);
        var connectionString = provider == DatabaseProvider.Sqlite ? "Data Source=design-time.db" : "Server=.;Database=eCRM;Integrated Security=true";
        var builder = new DbContextOptionsBuilder<CrmDbContext>();
        CrmDatabaseServiceCollectionExtensions.Configure(builder, provider, connectionString, CrmModules.Describe(configuration));
        return new CrmDbContext(builder.Options);
    }
}
