using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Crm.Kernel.Files;

/// <summary>Where the import pages keep uploads while they are imported (configuration section <c>Import</c>).</summary>
public sealed class UploadFolderOptions
{
    public const string SectionName = "Import";

    /// <summary>The folder; empty: <c>ecrm-imports</c> in the system's temp folder.</summary>
    public string UploadFolder { get; set; } = "";

    public string Root => string.IsNullOrWhiteSpace(UploadFolder) ? Path.Combine(Path.GetTempPath(), "ecrm-imports") : UploadFolder;
}

/// <summary>
/// The import pages' uploads (orders, customers), in a folder of this process's own under <see cref="UploadFolderOptions.Root"/>. The
/// folder holds a lock file open for the life of the process: a folder whose lock can be taken belongs to a process that
/// has ended (crashed mid-import, say), and its uploads are deleted at start-up. Several hosts can share the root.
/// </summary>
public sealed partial class UploadFolder : IDisposable
{
    private const string LockName = ".lock";

    private readonly FileStream lockFile;

    public UploadFolder(IOptions<UploadFolderOptions> options)
    {
        Root = options.Value.Root;
        Folder = Path.Combine(Root, Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Folder);
        lockFile = new FileStream(Path.Combine(Folder, LockName), FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None);
    }

    public string Root { get; }

    public string Folder { get; }

    public string NewPath() => Path.Combine(Folder, $"upload-{Guid.NewGuid():N}.tmp");

    /// <summary>Deletes the folders of processes that have ended; returns how many files went with them.</summary>
    public int DeleteStale()
    {
        var deleted = 0;
        foreach (var folder in Directory.EnumerateDirectories(Root))
        {
            if (string.Equals(folder, Folder, StringComparison.Ordinal) || !Abandoned(folder))
            {
                continue;
            }

            deleted += Directory.EnumerateFiles(folder).Count(f => !f.EndsWith(LockName, StringComparison.Ordinal));
            Directory.Delete(folder, recursive: true);
        }

        return deleted;
    }

    public void Dispose()
    {
        lockFile.Dispose();
        Directory.Delete(Folder, recursive: true);
    }

    private static bool Abandoned(string folder)
    {
        var lockPath = Path.Combine(folder, LockName);
        if (!File.Exists(lockPath))
        {
            // A process that has just made its folder takes its lock next; a folder without one for a minute is left over.
            return Directory.GetCreationTimeUtc(folder) < DateTime.UtcNow.AddMinutes(-1);
        }

        try
        {
            // FileShare.None takes an exclusive lock, which fails while the owning process lives.
            using var probe = new FileStream(lockPath, FileMode.Open, FileAccess.ReadWrite, FileShare.None);
            return true;
        }
        catch (IOException)
        {
            return false;
        }
    }

    /// <summary>Removes what crashed imports left behind, once, as the host starts.</summary>
    public sealed partial class StartupCleanup(UploadFolder uploads, ILogger<StartupCleanup> logger) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken)
        {
            try
            {
                var deleted = uploads.DeleteStale();
                if (deleted > 0)
                {
                    LogDeleted(deleted, uploads.Root);
                }
            }
            catch (IOException ex)
            {
                // A folder another process is deleting right now, say: the next start-up tries again.
                LogFailed(ex, uploads.Root);
            }

            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        [LoggerMessage(Level = LogLevel.Information, Message = "Deleted {Count} upload(s) of ended imports under {Root}")]
        private partial void LogDeleted(int count, string root);

        [LoggerMessage(Level = LogLevel.Warning, Message = "Could not clean the import uploads under {Root}")]
        private partial void LogFailed(Exception exception, string root);
    }
}
