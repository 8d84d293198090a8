using Crm.Kernel.Data;
using Microsoft.EntityFrameworkCore;

namespace Crm.Kernel.Tests.Data;

/// <summary>Every connection the contexts open waits for SQLite's write lock instead of failing at once.</summary>
public sealed class SqliteBusyTimeoutTests
{
    [Fact]
    public async Task Every_opened_connection_has_the_busy_timeout_also_when_it_comes_from_the_pool()
    {
        await using var database = await TestDatabase.CreateAsync();
        for (var round = 0; round < 2; round++)
        {
            await using var context = await database.NewContextAsync("reader");
            var timeout = await context.Database.SqlQueryRaw<int>("SELECT timeout AS \"Value\" FROM pragma_busy_timeout").SingleAsync();
            Assert.Equal(SqliteBusyTimeoutInterceptor.TimeoutMilliseconds, timeout);
        }
    }
}
