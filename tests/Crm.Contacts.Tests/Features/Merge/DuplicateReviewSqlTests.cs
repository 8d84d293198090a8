using Crm.Contacts.Features.Merge;
using Crm.Web.Hosting;
using Crm.Kernel.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;

namespace Crm.Contacts.Tests.Features.Merge;

/// <summary>The review must stay set-based on a large base: one SQL statement that groups, pairs and pages on the server.</summary>
public sealed class DuplicateReviewSqlTests
{
    [Theory]
    [InlineData(DatabaseProvider.Sqlite, "Data Source=model-only.db")]
    [InlineData(DatabaseProvider.SqlServer, "Server=localhost;Database=model-only;Trusted_Connection=True")]
    public void The_candidate_pairs_are_one_grouping_query_paged_on_the_server_on_both_providers(DatabaseProvider provider, string connectionString)
    {
        var builder = new DbContextOptionsBuilder<CrmDbContext>();
        CrmDatabaseServiceCollectionExtensions.Configure(builder, provider, connectionString, CrmModules.Describe(new ConfigurationBuilder().Build()));
        using var db = new CrmDbContext(builder.Options);

        var sql = DuplicateReview.PairsQuery(db).OrderByDescending(p => p.SecondId).ThenByDescending(p => p.FirstId).Skip(50).Take(25).ToQueryString();

        Assert.Equal(3, Occurrences(sql, "UNION"));
        Assert.DoesNotContain("UNION ALL", sql, StringComparison.Ordinal);
        Assert.Equal(4, Occurrences(sql, "GROUP BY"));
        Assert.Equal(4, Occurrences(sql, "HAVING"));
        Assert.Contains(provider == DatabaseProvider.SqlServer ? "OFFSET" : "LIMIT", sql, StringComparison.Ordinal);
    }

    private static int Occurrences(string text, string word)
    {
        var count = 0;
        for (var at = text.IndexOf(word, StringComparison.Ordinal); at >= 0; at = text.IndexOf(word, at + word.Length, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }
}
