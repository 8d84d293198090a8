using System.Text.Json;
using Microsoft.Playwright;

namespace Crm.Testing;

/// <summary>
/// Runs axe-core (pinned in tests/node, installed by <c>npm ci</c>) over the page as it stands and fails on any critical or
/// serious finding, naming the rule, the impact and the elements. Minor and moderate findings are not failures.
/// </summary>
public static class Accessibility
{
    private static readonly Lazy<string> Script = new(() =>
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var axe = Path.Combine(dir.FullName, "tests", "node", "node_modules", "axe-core", "axe.min.js");
            if (File.Exists(Path.Combine(dir.FullName, "Crm.sln")))
            {
                return File.Exists(axe)
                    ? File.ReadAllText(axe)
                    : throw new FileNotFoundException($"axe-core is not installed at {axe}: run `npm ci --prefix tests/node` (scripts/test.sh does).");
            }
        }

        throw new DirectoryNotFoundException("Could not find the repository root (Crm.sln) above " + AppContext.BaseDirectory);
    });

    /// <summary>Fails when axe-core finds a critical or serious violation on <paramref name="page"/> (WCAG 2.1 A and AA rules).</summary>
    public static async Task AssertNoSeriousFindingsAsync(IPage page)
    {
        ArgumentNullException.ThrowIfNull(page);
        if (!await page.EvaluateAsync<bool>("() => typeof window.axe !== 'undefined'"))
        {
            // Evaluated through the browser's debugging protocol: the app's Content-Security-Policy (script-src 'self')
            // rightly refuses an inline script tag.
            await page.EvaluateAsync(Script.Value);
        }

        // Colours are judged as they settle: a button that was just enabled again fades in over a CSS transition.
        var json = await page.EvaluateAsync<JsonElement>("""
            async () => {
              await Promise.all(document.getAnimations().filter(a => a.playState === 'running' && a.effect?.getTiming().iterations !== Infinity).map(a => a.finished.catch(() => null)));
              const result = await window.axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } });
              return result.violations
                .filter(v => v.impact === 'critical' || v.impact === 'serious')
                .map(v => `${v.impact} ${v.id}: ${v.help} (${v.nodes.slice(0, 5).map(n => n.html.slice(0, 200) + ' ' + (n.failureSummary || '').replace(/\s+/g, ' ')).join(' | ')})`);
            }
            """);
        var findings = json.EnumerateArray().Select(e => e.GetString()!).ToList();
        if (findings.Count > 0)
        {
            throw new Xunit.Sdk.XunitException($"axe-core found {findings.Count} critical or serious problem(s) on {page.Url}:\n" + string.Join("\n", findings));
        }
    }
}
