namespace Crm.Testing.Data;

/// <summary>
/// Finds the public data sets the repository carries in <c>data/</c> at its root (see <c>data/README.md</c>), from
/// wherever a test or benchmark runs inside the clone. Linked as source into each project that reads them.
/// </summary>
internal static class RepositoryData
{
    /// <summary>The full path of <paramref name="relativePath"/> under <c>data/</c>, e.g. <c>cdnow/CDNOW_sample.txt</c>.</summary>
    public static string PathOf(string relativePath)
    {
        var path = Path.Combine(Folder, relativePath);
        return File.Exists(path)
            ? path
            : throw new FileNotFoundException($"Data file not found at {path}. See data/README.md in the repository.", path);
    }

    /// <summary>The repository's <c>data/</c> folder.</summary>
    public static string Folder => Path.Combine(Root, "data");

    /// <summary>The repository's root folder (the one with <c>Crm.sln</c>).</summary>
    public static string Root
    {
        get
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "Crm.sln")))
                {
                    return dir.FullName;
                }
            }

            throw new DirectoryNotFoundException("Could not find the repository root (Crm.sln) above " + AppContext.BaseDirectory);
        }
    }
}
