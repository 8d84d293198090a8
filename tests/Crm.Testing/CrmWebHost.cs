using System.Net;
using System.Text.RegularExpressions;
using Crm.Kernel.Data;
using Crm.Kernel.Events.Outbox;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.Testing;

/// <summary>
/// The real eCRM host on Kestrel (a free loopback port) over a fresh SQLite file, in the Development environment
/// (so static assets are served and the demo users exist). Logging is quiet and goes to the console only.
/// </summary>
public sealed partial class CrmWebHost : WebApplicationFactory<Program>
{
    public const string DemoPassword = "Demo-Passw0rd";

    /// <summary>
    /// The demo data of a first start in Development (300 customers, their history, products, opportunities, orders,
    /// service queues and cases, and two recomputes), for tests that show a realistic CRM (browser tests, dashboards); it costs seconds per host.
    /// </summary>
    public static readonly IReadOnlyDictionary<string, string?> DemoData = new Dictionary<string, string?>
    {
        ["DemoData:Customers"] = "300",
        ["DemoData:OrdersPerCustomer"] = "6",
        ["DemoData:CasesPerCustomer"] = "1.5",
    };

    /// <summary>A host over a fresh file with the demo users only: tests bring the records they need.</summary>
    public CrmWebHost()
        : this(NewMigratedDatabasePath())
    {
    }

    /// <summary>
    /// A host over <paramref name="databasePath"/> with extra settings, another environment or extra services. Demo users
    /// but no demo records unless the settings ask for them (<see cref="DemoData"/>).
    /// </summary>
    public static CrmWebHost Create(
        string databasePath, IReadOnlyDictionary<string, string?>? settings = null, string environment = "Development",
        Action<IServiceCollection>? configureServices = null) => new(databasePath, settings, environment, configureServices);

    /// <summary>
    /// A host over a fresh file with the demo data (<see cref="DemoData"/>). The demo data is seeded once per test process
    /// into a template file (<see cref="DemoTemplate"/>); each host starts over a copy of it, as the app's second start over
    /// its own seeded database: the same records, without paying the seeding and the two recomputes again.
    /// </summary>
    public static CrmWebHost WithDemoData()
    {
        var path = NewDatabasePath();
        CopyDatabase(DemoTemplate.Value, path);
        return new(path, DemoData, "Development", null);
    }

    /// <summary>
    /// A fresh file as a first start in Development leaves it (the schema and the demo users, no records), copied from a
    /// template migrated once per test process: a host over it starts without applying the migrations and hashing the demo
    /// users' passwords again. Tests of the first start itself (migrations, seeding, other environments) use <see cref="NewDatabasePath"/>.
    /// </summary>
    public static string NewMigratedDatabasePath()
    {
        var path = NewDatabasePath();
        CopyDatabase(MigratedTemplate.Value, path);
        return path;
    }

    private static readonly Lazy<string> MigratedTemplate = new(() =>
    {
        var path = NewDatabasePath();
        using (var host = new CrmWebHost(path))
        {
            host.StartServer();
            host.OutboxSettledAsync().GetAwaiter().GetResult();
        }

        return path;
    });

    private static void CopyDatabase(string templatePath, string path)
    {
        using var template = new SqliteConnection($"Data Source={templatePath};Mode=ReadOnly;Pooling=False");
        using var copy = new SqliteConnection($"Data Source={path};Pooling=False");
        template.Open();
        copy.Open();
        template.BackupDatabase(copy);
    }

    /// <summary>
    /// The demo data of a first start, seeded by a host that is then stopped, once its outbox has delivered the events of
    /// the seeding (so a copy starts as settled as the app's second start would).
    /// </summary>
    private static readonly Lazy<string> DemoTemplate = new(() =>
    {
        var path = NewMigratedDatabasePath();
        using (var host = new CrmWebHost(path, DemoData))
        {
            host.StartServer();
            host.OutboxSettledAsync().GetAwaiter().GetResult();
        }

        return path;
    });

    private CrmWebHost(
        string databasePath, IReadOnlyDictionary<string, string?>? settings = null, string environment = "Development",
        Action<IServiceCollection>? configureServices = null)
    {
        DatabasePath = databasePath;
        this.configureServices = configureServices;
        this.settings = settings ?? new Dictionary<string, string?>();
        this.environment = environment;
        UseKestrel(0);
    }

    private readonly IReadOnlyDictionary<string, string?> settings;
    private readonly string environment;
    private readonly Action<IServiceCollection>? configureServices;

    public string DatabasePath { get; }

    public Uri BaseAddress
    {
        get
        {
            StartServer();
            return ClientOptions.BaseAddress;
        }
    }

    public static string NewDatabasePath()
    {
        var directory = Path.Combine(Path.GetTempPath(), "ecrm-tests");
        Directory.CreateDirectory(directory);
        return Path.Combine(directory, $"crm-{Guid.NewGuid():N}.db");
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment(environment);
        builder.UseSetting("ConnectionStrings:Crm", $"Data Source={DatabasePath}");
        builder.UseSetting("Database:Provider", "Sqlite");
        builder.UseSetting("Logging:WriteToFile", "false");
        builder.UseSetting("Serilog:MinimumLevel:Default", "Warning");
        builder.UseSetting("Serilog:MinimumLevel:Override:Microsoft.Hosting.Lifetime", "Warning");
        // Demo records are opt-in: most tests bring their own, and a host without them starts in a second.
        builder.UseSetting("DemoData:Customers", "0");
        foreach (var (key, value) in settings)
        {
            builder.UseSetting(key, value);
        }

        if (configureServices is not null)
        {
            builder.ConfigureServices(configureServices);
        }
    }

    /// <summary>An HTTP client with its own cookie jar that does not follow redirects, so tests can see them.</summary>
    public HttpClient CreateBrowserLikeClient(CookieContainer? cookies = null)
    {
        StartServer();
        var handler = new HttpClientHandler { AllowAutoRedirect = false, CookieContainer = cookies ?? new CookieContainer(), UseCookies = true };
        return new HttpClient(handler) { BaseAddress = ClientOptions.BaseAddress };
    }

    /// <summary>Signs in through the real sign-in form (antiforgery token included) and returns the response.</summary>
    public static async Task<HttpResponseMessage> PostSignInAsync(HttpClient client, string email, string password)
    {
        var page = await client.GetStringAsync(new Uri("/account/login", UriKind.Relative));
        var token = AntiforgeryField().Match(page).Groups["value"].Value;
        Assert.False(string.IsNullOrEmpty(token), "The sign-in form has no antiforgery token.");
        using var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "login",
            ["__RequestVerificationToken"] = token,
            ["Input.Email"] = email,
            ["Input.Password"] = password,
        });
        return await client.PostAsync(new Uri("/account/login", UriKind.Relative), form);
    }

    /// <summary>A client already signed in as <paramref name="email"/> (one of the demo users unless a password is given).</summary>
    public async Task<HttpClient> SignedInClientAsync(string email, string password = DemoPassword)
    {
        var client = CreateBrowserLikeClient();
        using var response = await PostSignInAsync(client, email, password);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return client;
    }

    /// <summary>Issues an API key with <paramref name="role"/> (as an Admin would) and returns the key as shown once.</summary>
    public async Task<string> IssueApiKeyAsync(string role, string? name = null)
    {
        StartServer();
        await using var scope = Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<Crm.Kernel.Identity.CurrentUser>().SetSystemActor("test:admin", Crm.Kernel.CrmRoles.Admin);
        var (key, result) = await scope.ServiceProvider.GetRequiredService<Crm.Kernel.Api.ApiKeyService>().IssueAsync(name ?? $"Test {role} {Guid.NewGuid():N}", role);
        Assert.True(result.Succeeded, result.ToString());
        return key!.Key;
    }

    /// <summary>A client that sends <paramref name="key"/> in <c>X-Api-Key</c> on every request.</summary>
    public HttpClient CreateApiKeyClient(string key)
    {
        var client = CreateBrowserLikeClient();
        client.DefaultRequestHeaders.Add(Crm.Kernel.Api.ApiKeyService.HeaderName, key);
        return client;
    }

    public async Task<T> QueryAsync<T>(Func<CrmDbContext, Task<T>> query)
    {
        StartServer();
        await using var scope = Services.CreateAsyncScope();
        await using var context = await scope.ServiceProvider.GetRequiredService<IDbContextFactory<CrmDbContext>>().CreateDbContextAsync();
        return await query(context);
    }

    /// <summary>
    /// Waits until the outbox has delivered what is in it now (messages already retried or dead aside): the events of the
    /// calls a test made have then reached their handlers. Waits on the dispatcher's rounds, not on a clock.
    /// </summary>
    public async Task OutboxSettledAsync()
    {
        StartServer();
        var dispatcher = Services.GetRequiredService<OutboxDispatcher>();
        using var round = new SemaphoreSlim(0);
        void OnRound(OutboxRound _) => round.Release();
        dispatcher.RoundCompleted += OnRound;
        try
        {
            while (await QueryAsync(db => db.OutboxMessages.AnyAsync(m => m.DeadAtUtc == null && m.Attempts == 0)))
            {
                // A guard against a hang, not a speed limit.
                if (!await round.WaitAsync(TimeSpan.FromSeconds(60)))
                {
                    throw new TimeoutException("The outbox did not deliver its messages within a minute.");
                }
            }
        }
        finally
        {
            dispatcher.RoundCompleted -= OnRound;
        }
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"(?<value>[^\"]+)\"")]
    private static partial Regex AntiforgeryField();
}
