using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using MailKit;
using MailKit.Net.Imap;
using MailKit.Search;
using MimeKit;

namespace Crm.Service.Tests.Features.Email;

/// <summary>
/// A real mail server for the tests: smtp4dev (the pinned dotnet tool, restored by <c>dotnet tool restore</c>) on free
/// ports, with SMTP to send to and IMAP to read what arrived. Started and stopped as a child process; <see cref="StopAsync"/>
/// and <see cref="StartAsync"/> take it down and bring it back on the same ports (an outage the outbox must outlive).
/// </summary>
public sealed class MailServer : IAsyncDisposable
{
    private readonly string dataPath = Directory.CreateTempSubdirectory("crm-smtp4dev-").FullName;
    private Process? process;

    public MailServer()
    {
        SmtpPort = FreePort();
        ImapPort = FreePort();
    }

    public int SmtpPort { get; }

    public int ImapPort { get; }

    public static string Host => "127.0.0.1";

    /// <summary>Starts smtp4dev and returns once both its SMTP and its IMAP server said they listen.</summary>
    public async Task StartAsync()
    {
        if (process is not null)
        {
            throw new InvalidOperationException("The mail server runs already.");
        }

        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = RepositoryRoot(),
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in (string[])["tool", "run", "smtp4dev", "--", $"--smtpport={SmtpPort}", $"--imapport={ImapPort}", "--pop3port=0",
                     "--urls=http://127.0.0.1:0", "--db=", $"--baseappdatapath={dataPath}", "--nousersettings", "--hostname=localhost",
                     "--bindaddress=127.0.0.1", "--messagestokeep=10000"])
        {
            start.ArgumentList.Add(argument);
        }

        var smtpListening = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var imapListening = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var output = new System.Collections.Concurrent.ConcurrentQueue<string>();
        var started = new Process { StartInfo = start, EnableRaisingEvents = true };
        started.OutputDataReceived += (_, e) =>
        {
            if (e.Data is not { } line)
            {
                return;
            }

            output.Enqueue(line);
            if (line.Contains($"SMTP Server is listening on port {SmtpPort}", StringComparison.Ordinal))
            {
                smtpListening.TrySetResult();
            }

            if (line.Contains($"IMAP Server is listening on port {ImapPort}", StringComparison.Ordinal))
            {
                imapListening.TrySetResult();
            }
        };
        started.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is { } line)
            {
                output.Enqueue(line);
            }
        };
        started.Exited += (_, _) =>
        {
            var failure = new InvalidOperationException($"smtp4dev ended before it listened:{Environment.NewLine}{string.Join(Environment.NewLine, output)}");
            smtpListening.TrySetException(failure);
            imapListening.TrySetException(failure);
        };
        started.Start();
        started.BeginOutputReadLine();
        started.BeginErrorReadLine();
        process = started;
        await Task.WhenAll(smtpListening.Task, imapListening.Task);
    }

    /// <summary>Stops smtp4dev (the whole process tree) and returns once it has ended: its ports then refuse connections.</summary>
    public async Task StopAsync()
    {
        if (process is not { } running)
        {
            return;
        }

        process = null;
        if (!running.HasExited)
        {
            running.Kill(entireProcessTree: true);
        }

        await running.WaitForExitAsync();
        running.Dispose();
    }

    /// <summary>The messages in the server's inbox whose header <paramref name="name"/> contains <paramref name="value"/>.</summary>
    public async Task<IReadOnlyList<MimeMessage>> FindAsync(string name, string value)
    {
        using var imap = new ImapClient();
        await imap.ConnectAsync(Host, ImapPort, MailKit.Security.SecureSocketOptions.None);
        await imap.AuthenticateAsync("tests", "tests");
        var inbox = imap.Inbox;
        await inbox.OpenAsync(FolderAccess.ReadOnly);
        var found = new List<MimeMessage>();
        foreach (var uid in await inbox.SearchAsync(SearchQuery.All))
        {
            var message = await inbox.GetMessageAsync(uid);
            if (message.Headers[name] is { } header && header.Contains(value, StringComparison.OrdinalIgnoreCase))
            {
                found.Add(message);
            }
        }

        await imap.DisconnectAsync(quit: true);
        return found;
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        try
        {
            Directory.Delete(dataPath, recursive: true);
        }
        catch (IOException)
        {
            // A file still held by the ending process: the temporary folder is cleaned with the rest of /tmp.
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, ".config", "dotnet-tools.json")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("No .config/dotnet-tools.json above the test output: run the tests inside the repository.");
    }
}
