using System.Collections.Concurrent;
using Microsoft.Playwright;

namespace Crm.Testing;

/// <summary>
/// Debian's Chromium driven by Playwright against a real eCRM host. Playwright's own browser download does not work on
/// our machines, so the tests use /usr/bin/chromium (installed by .ci/run); set CRM_CHROMIUM to use another binary.
/// </summary>
public class BrowserFixture : IAsyncLifetime
{
    private readonly ConcurrentDictionary<string, Lazy<Task<string>>> signedIn = new(StringComparer.OrdinalIgnoreCase);
    private IPlaywright? playwright;

    /// <summary>Over a host with the demo data: the pages show a realistic CRM.</summary>
    public BrowserFixture()
        : this(CrmWebHost.WithDemoData())
    {
    }

    /// <summary>Over <paramref name="host"/>, for tests that need other settings and no demo data (a host starts faster without).</summary>
    protected BrowserFixture(CrmWebHost host) => Host = host;

    public CrmWebHost Host { get; }

    /// <summary>
    /// How long a page action or wait may take before the test fails: a guard against a hang, never a speed limit. CI runs
    /// two test projects side by side on two shared cores, where a search that answers in 200 ms quiet can take 20 s.
    /// </summary>
    public const float WaitTimeout = 60_000;

    public IBrowser Browser { get; private set; } = default!;

    public static string ScreenshotDirectory
    {
        get
        {
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Crm.sln")))
            {
                dir = dir.Parent;
            }

            var path = Path.Combine(dir?.FullName ?? AppContext.BaseDirectory, "artifacts", "screenshots");
            Directory.CreateDirectory(path);
            return path;
        }
    }

    public async Task InitializeAsync()
    {
        var executable = Environment.GetEnvironmentVariable("CRM_CHROMIUM") ?? "/usr/bin/chromium";
        if (!File.Exists(executable))
        {
            throw new InvalidOperationException($"Chromium not found at {executable}. Install it with: apt-get install -y chromium");
        }

        Assertions.SetDefaultExpectTimeout(WaitTimeout);
        playwright = await Playwright.CreateAsync();
        Browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = executable,
            Headless = true,
            Args =
            [
                "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic",
            ],
        });
        Host.StartServer();
    }

    /// <summary>A fresh browser context (own cookies) with a laptop-sized or tablet-sized viewport.</summary>
    public async Task<IPage> NewPageAsync(int width = 1366, int height = 800)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = Host.BaseAddress.ToString(),
            ViewportSize = new ViewportSize { Width = width, Height = height },
        });
        context.SetDefaultTimeout(WaitTimeout);
        return await context.NewPageAsync();
    }

    /// <summary>
    /// A fresh browser context signed in as <paramref name="email"/> (a demo user), on a blank page. The sign-in form runs
    /// once per user and fixture; later contexts start with the cookies it set (Playwright's storage state), as a browser
    /// that stayed signed in. For tests about what a signed-in user sees, not about signing in or out.
    /// </summary>
    public async Task<IPage> NewSignedInPageAsync(string email, int width = 1366, int height = 800)
    {
        var state = await signedIn.GetOrAdd(email, user => new Lazy<Task<string>>(async () =>
        {
            var first = await NewPageAsync(width, height);
            try
            {
                await SignInAsync(first, user);
                return await first.Context.StorageStateAsync();
            }
            finally
            {
                await first.Context.CloseAsync();
            }
        })).Value;
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = Host.BaseAddress.ToString(),
            ViewportSize = new ViewportSize { Width = width, Height = height },
            StorageState = state,
        });
        context.SetDefaultTimeout(WaitTimeout);
        return await context.NewPageAsync();
    }

    /// <summary>Signs in through the form and waits until the Blazor circuit is live.</summary>
    public static async Task SignInAsync(IPage page, string email, string password = CrmWebHost.DemoPassword)
    {
        await page.GotoAsync("/account/login");
        await page.FillAsync("#email", email);
        await page.FillAsync("#password", password);
        await page.ClickAsync("[data-testid=sign-in]");
        await page.WaitForSelectorAsync("[data-interactive=true]");
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }

        playwright?.Dispose();
        await Host.DisposeAsync();
    }
}
