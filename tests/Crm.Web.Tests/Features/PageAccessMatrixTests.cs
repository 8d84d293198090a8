using System.Net;
using System.Reflection;
using System.Text.RegularExpressions;
using Crm.Kernel;
using Crm.Kernel.Modules;
using Crm.Testing;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.Web.Tests.Features;

/// <summary>
/// Every page of the host and the modules (found by their [Route] attributes, so a new page cannot be left out), opened
/// by every role and by an anonymous visitor with a plain GET of the prerendered page: never a server error; the
/// sign-in page for anonymous visitors of protected pages; the "No access" page (403) for a role the page's
/// [Authorize(Roles = ...)] does not admit; the page itself for the roles it admits.
/// </summary>
public sealed partial class PageAccessMatrixTests(NoDemoDataHost fixture) : IClassFixture<NoDemoDataHost>
{
    private const string Anonymous = "anonymous";

    private static readonly Dictionary<string, string> Logins = new()
    {
        [CrmRoles.Admin] = "admin@ecrm.local",
        [CrmRoles.Manager] = "manager@ecrm.local",
        [CrmRoles.SalesRep] = "rep@ecrm.local",
        [CrmRoles.ServiceAgent] = "agent@ecrm.local",
    };

    [Fact]
    public async Task Every_page_answers_every_role_as_its_authorize_attribute_says_and_never_with_a_server_error()
    {
        var pages = Pages().ToList();
        Assert.True(pages.Count >= 35, $"only {pages.Count} page routes found");
        var clients = new Dictionary<string, HttpClient> { [Anonymous] = fixture.Host.CreateBrowserLikeClient() };
        foreach (var (role, email) in Logins)
        {
            clients[role] = await fixture.Host.SignedInClientAsync(email);
        }

        var failures = new List<string>();
        try
        {
            foreach (var page in pages)
            {
                foreach (var (who, client) in clients)
                {
                    using var response = await client.GetAsync(new Uri(page.Path, UriKind.Relative));
                    var body = await response.Content.ReadAsStringAsync();
                    var status = (int)response.StatusCode;
                    var location = response.Headers.Location is { } to ? (to.IsAbsoluteUri ? to.PathAndQuery : to.OriginalString) : null;
                    var problem = Check(page, who, status, location, body);
                    if (problem is not null)
                    {
                        failures.Add($"{page.Path} ({page.Component}) as {who}: {status} {problem}");
                    }
                }
            }
        }
        finally
        {
            foreach (var client in clients.Values)
            {
                client.Dispose();
            }
        }

        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures));
    }

    private static string? Check(Page page, string who, int status, string? location, string body)
    {
        if (status >= 500)
        {
            return "server error";
        }

        if (!page.Declared)
        {
            return "the page declares neither [Authorize] nor [AllowAnonymous]";
        }

        if (page.Anonymous)
        {
            return status is 401 or 403 ? "refused on a public page" : null;
        }

        if (who == Anonymous)
        {
            return status == 302 && location?.StartsWith("/account/login", StringComparison.Ordinal) == true
                ? null
                : "an anonymous visitor is not sent to sign in";
        }

        var allowed = page.Roles is null || page.Roles.Contains(who);
        if (!allowed)
        {
            return status == 403 && body.Contains("No access", StringComparison.Ordinal) ? null : "not the No access page";
        }

        if (status is 301 or 302 && location?.StartsWith("/account/login", StringComparison.Ordinal) == true)
        {
            return "sent to sign in although signed in";
        }

        return status == 403 || body.Contains("data-testid=\"access-denied\"", StringComparison.Ordinal) ? "refused a role the page admits" : null;
    }

    private IEnumerable<Page> Pages()
    {
        fixture.Host.StartServer();
        var assemblies = fixture.Host.Services.GetServices<CrmModule>().Select(m => m.Assembly)
            .Append(typeof(Program).Assembly).Distinct();
        foreach (var type in assemblies.SelectMany(a => a.GetTypes()).Where(t => typeof(IComponent).IsAssignableFrom(t) && !t.IsAbstract))
        {
            var authorize = type.GetCustomAttributes<AuthorizeAttribute>(inherit: true).ToList();
            var anonymous = type.GetCustomAttribute<AllowAnonymousAttribute>(inherit: true) is not null;
            // The roles every [Authorize] admits together (each attribute must be met); null: any signed-in role.
            IReadOnlySet<string>? roles = null;
            foreach (var attribute in authorize.Where(a => !string.IsNullOrWhiteSpace(a.Roles)))
            {
                var these = attribute.Roles!.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).ToHashSet();
                roles = roles is null ? these : roles.Intersect(these).ToHashSet();
            }

            foreach (var route in type.GetCustomAttributes<RouteAttribute>())
            {
                yield return new Page(Fill(route.Template), type.Name, anonymous || authorize.Count > 0, anonymous, roles);
            }
        }
    }

    /// <summary>Route parameters get values that name no record (or, for the status page, a real status).</summary>
    private static string Fill(string template) => RouteParameter().Replace(template, match => match.Groups["name"].Value switch
    {
        "StatusCode" => "404",
        _ => match.Groups["type"].Value is "long" or "int" ? "987654" : "no-such-record",
    });

    [GeneratedRegex(@"\{(?<name>\w+)(:(?<type>\w+))?\??\}")]
    private static partial Regex RouteParameter();

    private sealed record Page(string Path, string Component, bool Declared, bool Anonymous, IReadOnlySet<string>? Roles);
}
