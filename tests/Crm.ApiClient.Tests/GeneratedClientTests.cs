namespace Crm.ApiClient.Tests;

/// <summary>
/// The client in Generated/ is exactly what Kiota makes of the live document, so the flow tests use the API as documented,
/// and a change to the API that is not reflected in the document (or a document change not regenerated) fails here.
/// Regenerate with <c>scripts/update-api-client.sh</c>.
/// </summary>
[Collection(ApiHostCollection.Name)]
public sealed class GeneratedClientTests(ApiHostFixture fixture)
{
    private static readonly string Committed = Path.Combine(RepositoryData.Root, "tests", "Crm.ApiClient.Tests", "Generated");

    [Fact]
    public async Task The_committed_client_is_what_Kiota_generates_from_the_live_document()
    {
        var document = await fixture.CanonicalDocumentFileAsync();
        var generated = Path.Combine(Path.GetTempPath(), $"ecrm-kiota-{Guid.NewGuid():N}");
        try
        {
            var (exitCode, output, error) = await Tools.KiotaAsync(
                "generate", "--language", "CSharp", "--openapi", document, "--class-name", "CrmApiClient", "--namespace-name", "Crm.Api.Client",
                "--output", generated, "--exclude-backward-compatible", "--clean-output", "--log-level", "Warning");
            Assert.True(exitCode == 0, $"kiota generate failed ({exitCode}):\n{output}\n{error}");
            // The lock file records the temporary path of the document; it is not part of the client.
            File.Delete(Path.Combine(generated, "kiota-lock.json"));

            if (Environment.GetEnvironmentVariable("ECRM_UPDATE_API_CLIENT") == "1")
            {
                if (Directory.Exists(Committed))
                {
                    Directory.Delete(Committed, recursive: true);
                }

                CopyTree(generated, Committed);
                return;
            }

            var expected = Files(generated);
            var actual = Files(Committed);
            Assert.True(expected.Keys.Order().SequenceEqual(actual.Keys.Order()),
                $"The generated client's files differ (run scripts/update-api-client.sh). Only in the fresh generation: " +
                $"{string.Join(", ", expected.Keys.Except(actual.Keys))}; only in Generated/: {string.Join(", ", actual.Keys.Except(expected.Keys))}");
            var changed = expected.Where(file => file.Value != actual[file.Key]).Select(file => file.Key).ToList();
            Assert.True(changed.Count == 0, $"Generated/ is not what Kiota makes of the live document (run scripts/update-api-client.sh): {string.Join(", ", changed)}");
        }
        finally
        {
            File.Delete(document);
            if (Directory.Exists(generated))
            {
                Directory.Delete(generated, recursive: true);
            }
        }
    }

    private static Dictionary<string, string> Files(string root) => Directory.EnumerateFiles(root, "*.cs", SearchOption.AllDirectories)
        .ToDictionary(path => Path.GetRelativePath(root, path).Replace('\\', '/'), path => File.ReadAllText(path).ReplaceLineEndings("\n"));

    private static void CopyTree(string from, string to)
    {
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }
}
