namespace Crm.Sales.Tests;

/// <summary>Finds the real public data sets in <c>../shared/data</c> beside the repository root.</summary>
internal static class SharedData
{
    public static string PathOf(string relativePath)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Crm.sln")))
            {
                var path = Path.GetFullPath(Path.Combine(dir.FullName, "..", "shared", "data", relativePath));
                return File.Exists(path)
                    ? path
                    : throw new FileNotFoundException($"Shared data file not found at {path}. See ../shared/data/README.md.", path);
            }
        }

        throw new DirectoryNotFoundException("Could not find the repository root (Crm.sln) above " + AppContext.BaseDirectory);
    }
}
