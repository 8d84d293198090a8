using System.Net.Http.Json;
using System.Text.Json;
using Crm.Kernel;
using Crm.Testing;
using Microsoft.Playwright;

namespace Crm.Web.Tests.Browser;

/// <summary>
/// Stored XSS: script payloads saved through the API in every free-text field an integration can fill (customer, its
/// interaction, product, lead, opportunity, order) are shown as text on the main pages in real Chromium: each payload's
/// marker is visible, no payload ran (<c>window.__xss</c> stays unset) and no element of a payload exists in the page.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class StoredXssBrowserTests(BrowserFixture browser)
{
    // Short enough for the tightest fields (tags: 50 characters); any of them that ran would set window.__xss.
    private static readonly string[] Shapes =
    [
        "<img src=x onerror=__xss=1>",
        "<script>__xss=1</script>",
        "\"><svg onload=__xss=1>",
        "'><iframe srcdoc=<script>parent.__xss=1</script>>",
    ];

    private readonly Dictionary<string, string> payloads = [];

    /// <summary>A payload whose marker ("X" and the field) names the field it went into.</summary>
    private string Payload(string field) => payloads[$"X{field}"] = $"X{field}{Shapes[payloads.Count % Shapes.Length]}";

    [Fact]
    public async Task Script_payloads_in_stored_records_render_as_text_on_the_main_pages()
    {
        await using var host = new CrmWebHost();
        host.StartServer();
        using var api = host.CreateApiKeyClient(await host.IssueApiKeyAsync(CrmRoles.Manager));

        var customer = await CreateAsync(api, "/api/v1/customers", new
        {
            kind = "Person",
            firstName = Payload("FirstName"),
            lastName = Payload("LastName"),
            companyName = Payload("Company"),
            jobTitle = Payload("Job"),
            address = new { street = Payload("Street"), city = Payload("City"), postalCode = "1000", country = "CH" },
            industry = Payload("Industry"),
            source = Payload("Src"),
            tags = new[] { Payload("Tag") },
            notes = Payload("CustomerNotes"),
        });
        await CreateAsync(api, $"/api/v1/customers/{customer}/interactions", new
        {
            channel = "Email", direction = "Inbound", type = "Email",
            subject = Payload("Subject"), notes = Payload("InteractionNotes"), outcome = Payload("Outcome"),
        });
        var code = $"XSS-{Guid.NewGuid():N}"[..12];
        var product = await CreateAsync(api, "/api/v1/products", new
        {
            code, name = Payload("ProductName"), category = Payload("Category"), description = Payload("Description"),
            listPrice = 10m, unitCost = 4m, stockOnHand = 100,
        });
        var lead = await CreateAsync(api, "/api/v1/leads", new
        {
            firstName = Payload("LeadFirst"), lastName = Payload("LeadLast"), companyName = Payload("LeadCompany"),
            email = "lead.xss@example.com", source = Payload("LeadSource"), message = Payload("LeadMessage"),
        });
        var opportunity = await CreateAsync(api, "/api/v1/opportunities", new
        {
            name = Payload("Opportunity"), customerId = customer, amount = 1000m,
            expectedCloseDate = DateTime.UtcNow.AddMonths(1).ToString("yyyy-MM-dd"), notes = Payload("OpportunityNotes"),
        });
        var order = await CreateAsync(api, "/api/v1/orders", new
        {
            customerId = customer, channel = "Phone", notes = Payload("OrderNotes"),
            lines = new[] { new { productCode = code, quantity = 2m } },
        });
        await host.OutboxSettledAsync();

        var pages = new (string Path, string[] Markers)[]
        {
            ("/customers", ["XFirstName", "XLastName", "XCity"]),
            ($"/customers/{customer}", ["XFirstName", "XJob", "XCity", "XIndustry", "XTag", "XCustomerNotes", "XSubject", "XInteractionNotes"]),
            ($"/customers/{customer}/edit", []),
            ("/products", ["XProductName", "XCategory"]),
            ($"/products/{product}/edit", []),
            ("/leads", ["XLeadFirst", "XLeadCompany"]),
            ($"/leads/{lead}", ["XLeadLast", "XLeadMessage", "XLeadSource"]),
            ("/pipeline", ["XOpportunity"]),
            ("/pipeline/list", ["XOpportunity"]),
            ($"/pipeline/opportunities/{opportunity}", []),
            ("/orders", ["XFirstName"]),
            ($"/orders/{order}", ["XOrderNotes", "XProductName"]),
            ("/sales/dashboard", []),
            ("/", []),
        };

        var context = await browser.Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = host.BaseAddress.ToString() });
        await using var _ = context;
        context.SetDefaultTimeout(BrowserFixture.WaitTimeout);
        var page = await context.NewPageAsync();
        var dialogs = new List<string>();
        page.Dialog += (_, dialog) =>
        {
            dialogs.Add(dialog.Message);
            _ = dialog.DismissAsync();
        };
        await BrowserFixture.SignInAsync(page, "manager@ecrm.local");

        var failures = new List<string>();
        foreach (var (path, markers) in pages)
        {
            await page.GotoAsync(path);
            await page.WaitForSelectorAsync("[data-interactive=true]");
            foreach (var marker in markers)
            {
                // Shown as text: the whole payload, angle brackets included, is among the page's visible characters.
                try
                {
                    await page.WaitForFunctionAsync("p => document.body.innerText.includes(p)", payloads[marker]);
                }
                catch (TimeoutException)
                {
                    failures.Add($"{path}: {marker}'s payload is not shown as text");
                }
            }

            // Form fields hold payloads as values; an edit page shows them there, not as markup.
            await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
            var (ran, injected) = await TracesAsync(page);
            if (ran > 0 || injected > 0)
            {
                failures.Add($"{path}: {ran} payload(s) ran, {injected} payload element(s) in the page");
            }

            await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ScreenshotDirectory, $"xss{path.Replace('/', '-')}.png") });
        }

        Assert.Empty(dialogs);
        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures));
    }

    /// <summary>The check itself catches each payload when it is written into a page as markup.</summary>
    [Fact]
    public async Task The_check_finds_every_payload_shape_written_as_markup()
    {
        var page = await browser.Browser.NewPageAsync();
        try
        {
            foreach (var shape in Shapes)
            {
                await page.SetContentAsync($"<div title='a'>X{shape}</div>");
                var (ran, injected) = await TracesAsync(page);
                Assert.True(ran + injected > 0, $"not caught: {shape}");
            }
        }
        finally
        {
            await page.CloseAsync();
        }
    }

    /// <summary>Whether a payload ran, and how many of its elements or scripts are in the page.</summary>
    private static async Task<(int Ran, int Injected)> TracesAsync(IPage page) =>
        (await page.EvaluateAsync<int>("() => window.__xss ? 1 : 0"),
         await page.EvaluateAsync<int>(
             "() => document.querySelectorAll('img[src=\"x\"], svg[onload], iframe[srcdoc], [onerror*=\"__xss\"]').length"
             + " + [...document.scripts].filter(s => s.text.includes('__xss')).length"));

    private static async Task<long> CreateAsync(HttpClient api, string path, object body)
    {
        using var response = await api.PostAsJsonAsync(new Uri(path, UriKind.Relative), body);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"POST {path}: {(int)response.StatusCode} {text}");
        return JsonDocument.Parse(text).RootElement.GetProperty("id").GetInt64();
    }
}
