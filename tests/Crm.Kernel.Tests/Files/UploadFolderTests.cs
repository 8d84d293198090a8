using Crm.Kernel.Files;
using Microsoft.Extensions.Options;

namespace Crm.Kernel.Tests.Files;

/// <summary>Uploads of a crashed import do not stay in the temp folder; a live host's uploads are never touched.</summary>
public sealed class UploadFolderTests : IDisposable
{
    private readonly string root = Path.Combine(Path.GetTempPath(), "ecrm-tests", $"uploads-{Guid.NewGuid():N}");

    public void Dispose()
    {
        if (Directory.Exists(root))
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [Fact]
    public async Task Start_up_deletes_the_uploads_of_ended_processes_and_keeps_those_of_a_live_host()
    {
        var options = Options.Create(new UploadFolderOptions { UploadFolder = root });
        using var live = new UploadFolder(options);
        var liveUpload = live.NewPath();
        await File.WriteAllTextAsync(liveUpload, "in progress");

        // What a process killed mid-import leaves: its folder, its lock file (no longer held) and the upload.
        var crashed = Path.Combine(root, Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(crashed);
        await File.WriteAllTextAsync(Path.Combine(crashed, ".lock"), "");
        await File.WriteAllTextAsync(Path.Combine(crashed, "upload-1.tmp"), "left behind");

        using var restarted = new UploadFolder(options);
        Assert.Equal(1, restarted.DeleteStale());

        Assert.False(Directory.Exists(crashed));
        Assert.True(File.Exists(liveUpload));
        Assert.True(Directory.Exists(restarted.Folder));
    }

    [Fact]
    public void A_host_that_stops_removes_its_own_folder()
    {
        var uploads = new UploadFolder(Options.Create(new UploadFolderOptions { UploadFolder = root }));
        File.WriteAllText(uploads.NewPath(), "x");
        uploads.Dispose();
        Assert.False(Directory.Exists(uploads.Folder));
    }
}
