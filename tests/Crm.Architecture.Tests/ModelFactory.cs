using Crm.Web.Hosting;
using Crm.Kernel.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;

namespace Crm.Architecture.Tests;

internal static class ModelFactory
{
    public static CrmDbContext NewContext()
    {
        var builder = new DbContextOptionsBuilder<CrmDbContext>();
        CrmDatabaseServiceCollectionExtensions.Configure(builder, DatabaseProvider.Sqlite, "Data Source=model-only.db",
            CrmModules.Describe(new ConfigurationBuilder().Build()));
        return new CrmDbContext(builder.Options);
    }
}
