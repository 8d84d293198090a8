using System.Reflection;
using Crm.Kernel.Data;
using Xunit.Sdk;

namespace Crm.Testing.Databases;

/// <summary>
/// Runs a data-access test on each provider, in the style of bitwarden's <c>DatabaseData</c>: SQLite always, SQL Server
/// in a Testcontainers container where a Docker engine is reachable (skipped with the reason where not). Use with
/// <c>[SkippableTheory]</c> and <see cref="TestDatabases.HostSettingsAsync"/>.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class DatabaseDataAttribute : DataAttribute
{
    public override IEnumerable<object[]> GetData(MethodInfo testMethod) =>
        [[DatabaseProvider.Sqlite], [DatabaseProvider.SqlServer]];
}
