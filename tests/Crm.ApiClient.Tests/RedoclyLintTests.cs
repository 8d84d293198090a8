using System.Text.Json;

namespace Crm.ApiClient.Tests;

/// <summary>The live document passes Redocly's recommended rules (pinned in tests/node): no errors, and no warnings but the accepted ones.</summary>
[Collection(ApiHostCollection.Name)]
public sealed class RedoclyLintTests(ApiHostFixture fixture)
{
    // The old product paths stay for integrations until their sunset; their templates overlap with /products/by-code/{code}.
    private static readonly string[] AcceptedWarnings =
    [
        "no-ambiguous-paths:/api/v1/products/by-code/{code}|/api/v1/products/{code}/stock",
        "no-ambiguous-paths:/api/v1/products/by-code/{code}|/api/v1/products/{code}/price",
    ];

    [Fact]
    public async Task The_document_has_no_lint_errors_and_only_the_accepted_warnings()
    {
        // As served (the canonical localhost server of the generated client would be a warning of its own).
        var document = Path.Combine(Path.GetTempPath(), $"ecrm-openapi-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(document, await fixture.DocumentTextAsync());
        try
        {
            var (_, output, error) = await Tools.RedoclyAsync("lint", document, "--format=json", "--extends=recommended");
            var json = output[output.IndexOf('{', StringComparison.Ordinal)..];
            using var report = JsonDocument.Parse(json);
            var problems = report.RootElement.GetProperty("problems").EnumerateArray().Select(p => new
            {
                Rule = p.GetProperty("ruleId").GetString(),
                Severity = p.GetProperty("severity").GetString(),
                Message = p.GetProperty("message").GetString()!,
            }).ToList();
            Assert.True(problems.Count > 0 || report.RootElement.TryGetProperty("totals", out _), $"No report from Redocly:\n{output}\n{error}");

            var errors = problems.Where(p => p.Severity == "error").ToList();
            Assert.True(errors.Count == 0, string.Join("\n", errors.Select(e => $"{e.Rule}: {e.Message}")));
            var unexpected = problems.Where(p => p.Severity == "warn" && !AcceptedWarnings.Any(accepted => Matches(accepted, p.Rule, p.Message))).ToList();
            Assert.True(unexpected.Count == 0, string.Join("\n", unexpected.Select(w => $"{w.Rule}: {w.Message}")));
        }
        finally
        {
            File.Delete(document);
        }
    }

    private static bool Matches(string accepted, string? rule, string message)
    {
        var (acceptedRule, paths) = (accepted[..accepted.IndexOf(':', StringComparison.Ordinal)], accepted[(accepted.IndexOf(':', StringComparison.Ordinal) + 1)..].Split('|'));
        return rule == acceptedRule && paths.All(path => message.Contains($"`{path}`", StringComparison.Ordinal));
    }
}
