using System.Diagnostics;
using System.Globalization;
using Crm.Kernel;
using Crm.Kernel.Data;
using Crm.Kernel.Identity;
using Crm.Service.Contracts;
using Crm.Service.Domain.Knowledge;
using Crm.Service.Features.Knowledge;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.Benchmarks.EndToEnd;

/// <summary>
/// <c>kb-search --db FILE [--articles N] [--queries Q] [--seed S]</c>: knowledge-base search latency on SQLite. Fills the file
/// up to N articles (default 10,000: titles of 4-8 words, bodies of 100-300 words drawn Zipf-like from a 6,000-word
/// vocabulary, nine in ten published, a third of those public) through the domain (<see cref="Article"/>, so the word index
/// is the one the app writes), then times Q searches of the article list (page of 25, newest first, the total counted) for
/// a writer and for a reader, each of one to three words (common, middling and rare words, whole or cut to a prefix), and
/// Q case suggestions from subjects of six words. Reports p50, p95, p99 and max per kind.
/// </summary>
internal static class KnowledgeSearchLatency
{
    private const int Vocabulary = 6_000;

    public static async Task<int> RunAsync(string[] args)
    {
        var path = Arg(args, "--db") ?? throw new ArgumentException("--db FILE is required.");
        var articles = int.Parse(Arg(args, "--articles") ?? "10000", CultureInfo.InvariantCulture);
        var queries = int.Parse(Arg(args, "--queries") ?? "300", CultureInfo.InvariantCulture);
        var random = new Random(int.Parse(Arg(args, "--seed") ?? "5", CultureInfo.InvariantCulture));
        var words = VocabularyOf(new Random(11));
        await using var services = CustomerValueEndToEnd.BuildServices(Path.GetFullPath(path));
        await services.GetRequiredService<CrmDatabaseInitializer>().MigrateAsync();
        await FillAsync(services, articles, words, new Random(17));

        await using (var scope = CustomerValueEndToEnd.Scope(services))
        {
            var db = scope.ServiceProvider.GetRequiredService<CrmDbContext>();
            var (count, indexed) = (await db.Set<Article>().CountAsync(), await db.Set<ArticleWord>().CountAsync());
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{count:N0} articles, {indexed:N0} indexed words, file {new FileInfo(path).Length / 1024.0 / 1024.0:F0} MB"));
        }

        string Query()
        {
            var terms = Enumerable.Range(0, random.Next(1, 4)).Select(_ => words[Zipf(random)]).ToList();
            // Half the time the last word is being typed: a prefix of it.
            if (random.Next(2) == 0 && terms[^1].Length > 4)
            {
                terms[^1] = terms[^1][..random.Next(3, terms[^1].Length)];
            }

            return string.Join(' ', terms);
        }

        await MeasureAsync(services, "writer list search", CrmRoles.ServiceAgent, queries, (q, _) => q.ListAsync(new ArticleListQuery { Search = Query() }));
        await MeasureAsync(services, "reader list search", CrmRoles.SalesRep, queries, (q, _) => q.ListAsync(new ArticleListQuery { Search = Query() }));
        await MeasureAsync(services, "public help search", "", queries, (q, _) => q.ListAsync(new ArticleListQuery { Search = Query(), PublicOnly = true }));
        await MeasureAsync(services, "case suggestions", CrmRoles.ServiceAgent, queries,
            (q, _) => q.SuggestAsync(string.Join(' ', Enumerable.Range(0, 6).Select(_ => words[Zipf(random)]))));
        return 0;
    }

    private static async Task MeasureAsync(ServiceProvider services, string name, string role, int count, Func<ArticleQueries, int, Task> query)
    {
        var times = new List<double>();
        for (var i = -20; i < count; i++)
        {
            await using var scope = services.CreateAsyncScope();
            var user = scope.ServiceProvider.GetRequiredService<CurrentUser>();
            if (role.Length > 0)
            {
                user.SetSystemActor("benchmark", role);
            }

            var queries = scope.ServiceProvider.GetRequiredService<ArticleQueries>();
            var started = Stopwatch.GetTimestamp();
            await query(queries, i);
            if (i >= 0)
            {
                // The first 20 warm up the JIT, the connection pool and SQLite's page cache.
                times.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }
        }

        times.Sort();
        double At(double q) => times[Math.Min(times.Count - 1, (int)Math.Ceiling(q * times.Count) - 1)];
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{name,-20} {count} queries: p50 {At(0.5):F1} ms, p95 {At(0.95):F1} ms, p99 {At(0.99):F1} ms, max {times[^1]:F1} ms"));
    }

    private static async Task FillAsync(ServiceProvider services, int wanted, string[] words, Random random)
    {
        int have;
        await using (var scope = CustomerValueEndToEnd.Scope(services))
        {
            have = await scope.ServiceProvider.GetRequiredService<CrmDbContext>().Set<Article>().CountAsync();
        }

        var watch = Stopwatch.StartNew();
        var now = DateTime.UtcNow;
        for (var done = have; done < wanted;)
        {
            await using var scope = CustomerValueEndToEnd.Scope(services);
            await using var db = await scope.ServiceProvider.GetRequiredService<IDbContextFactory<CrmDbContext>>().CreateDbContextAsync();
            db.ChangeTracker.AutoDetectChangesEnabled = false;
            var batch = Math.Min(250, wanted - done);
            for (var i = 0; i < batch; i++, done++)
            {
                string Words(int n) => string.Join(' ', Enumerable.Range(0, n).Select(_ => words[Zipf(random)]));
                var title = Words(random.Next(4, 9));
                var body = string.Join("\n\n", Enumerable.Range(0, 4).Select(_ => Words(random.Next(25, 76)) + "."));
                var visibility = random.Next(3) == 0 ? ArticleVisibility.Public : ArticleVisibility.Internal;
                var article = Article.Draft(new ArticleContent(title, body, $"Category {random.Next(12)}", [words[Zipf(random)]], visibility), $"a{done}");
                if (random.Next(10) != 0)
                {
                    article.Publish("benchmark", now.AddMinutes(-done));
                }

                db.Add(article);
            }

            await db.SaveChangesAsync();
        }

        if (wanted > have)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Wrote {wanted - have:N0} articles in {watch.Elapsed.TotalSeconds:F0} s"));
        }
    }

    /// <summary>A word rank with probability about 1/rank (Zipf with exponent 1), as in natural text.</summary>
    private static int Zipf(Random random) => Math.Min(Vocabulary - 1, (int)Math.Exp(random.NextDouble() * Math.Log(Vocabulary)) - 1);

    /// <summary>Distinct pronounceable words of 4 to 10 letters.</summary>
    private static string[] VocabularyOf(Random random)
    {
        string[] syllables = ["ba", "ce", "di", "fo", "gu", "ha", "je", "ki", "lo", "mu", "na", "pe", "ri", "so", "tu", "va", "we", "xi", "yo", "ze",
            "ret", "urn", "del", "iv", "pas", "wor", "ord", "er", "ack", "ount"];
        var words = new HashSet<string>(StringComparer.Ordinal);
        while (words.Count < Vocabulary)
        {
            var word = string.Concat(Enumerable.Range(0, random.Next(2, 5)).Select(_ => syllables[random.Next(syllables.Length)]));
            if (word.Length >= 4 && SearchWords.Of(word).Count == 1)
            {
                words.Add(word);
            }
        }

        return [.. words];
    }

    private static string? Arg(string[] args, string name)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
    }
}
