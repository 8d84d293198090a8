using System.Collections.Concurrent;
using Crm.Kernel;
using Crm.Kernel.Data;
using Crm.Kernel.Events;
using Crm.Kernel.Events.Outbox;
using Crm.Kernel.Identity;
using Crm.Sales.Contracts;
using Crm.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.Sales.Tests.Features.Import;

/// <summary>
/// A real host (Kestrel, fresh SQLite file, no demo customers or products) that imports one file in
/// <see cref="InitializeAsync"/> and then imports it again, so a test class does the heavy import once.
/// </summary>
public abstract class ImportFixture : IAsyncLifetime
{
    protected ImportFixture()
    {
        Host = CrmWebHost.Create(CrmWebHost.NewMigratedDatabasePath(),
            new Dictionary<string, string?> { ["DemoData:Customers"] = "0", ["DemoData:Products"] = "0", ["DemoData:OrdersPerCustomer"] = "0" },
            configureServices: services =>
            {
                services.AddSingleton<ImportedEvents>();
                services.AddIntegrationEventHandler<OrdersImported, RecordingImportHandler>();
            });
    }

    public CrmWebHost Host { get; }

    public OrderImportSummary First { get; private set; } = default!;

    public OrderImportSummary Second { get; private set; } = default!;

    public List<OrderImportProgress> Progress { get; } = [];

    public ImportedEvents Events => Host.Services.GetRequiredService<ImportedEvents>();

    protected abstract OrderImportFormat Format { get; }

    /// <summary>The file imported first.</summary>
    protected abstract string FirstFile { get; }

    /// <summary>The file imported second (the same data, possibly plain instead of gzipped).</summary>
    protected virtual string SecondFile => FirstFile;

    public async Task InitializeAsync()
    {
        Host.StartServer();
        First = await ImportAsync(FirstFile, Format, Progress);
        Second = await ImportAsync(SecondFile, Format, null);
    }

    public virtual Task DisposeAsync() => Host.DisposeAsync().AsTask();

    public async Task<OrderImportSummary> ImportAsync(string path, OrderImportFormat format, List<OrderImportProgress>? progress, string role = CrmRoles.Manager)
    {
        await using var scope = Scope(role);
        var summary = await scope.ServiceProvider.GetRequiredService<IOrderImporter>()
            .ImportAsync(path, format, progress is null ? null : new ListProgress(progress));

        // The timeline entries go through the outbox: the tests read them once delivered.
        await Host.OutboxSettledAsync();
        return summary;
    }

    public AsyncServiceScope Scope(string role)
    {
        var scope = Host.Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<CurrentUser>().SetSystemActor($"test:{role}", role);
        return scope;
    }

    public Task<long> CountAsync(string sql) =>
        Host.QueryAsync(db => db.Database.SqlQueryRaw<long>(sql).SingleAsync());

    private sealed class ListProgress(List<OrderImportProgress> list) : IProgress<OrderImportProgress>
    {
        public void Report(OrderImportProgress value) => list.Add(value);
    }
}

public sealed class ImportedEvents
{
    public ConcurrentQueue<OrdersImported> Received { get; } = new();
}

internal sealed class RecordingImportHandler(ImportedEvents events) : IIntegrationEventHandler<OrdersImported>
{
    public Task HandleAsync(IReadOnlyList<EventEnvelope<OrdersImported>> received, CancellationToken cancellationToken)
    {
        foreach (var e in received)
        {
            events.Received.Enqueue(e.Event);
        }

        return Task.CompletedTask;
    }
}

/// <summary>Copies of the shared files in another compression, so one test imports gzip and the other plain text.</summary>
internal static class FileCopies
{
    public static string Gunzipped(string gzPath)
    {
        var target = Path.Combine(Path.GetTempPath(), "ecrm-tests", $"plain-{Guid.NewGuid():N}-{Path.GetFileNameWithoutExtension(gzPath)}");
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        using var source = new System.IO.Compression.GZipStream(File.OpenRead(gzPath), System.IO.Compression.CompressionMode.Decompress);
        using var output = File.Create(target);
        source.CopyTo(output);
        return target;
    }

    /// <summary>A gzip copy with a misleading name (".txt"): the importer must recognise it by its bytes.</summary>
    public static string Gzipped(string plainPath)
    {
        var target = Path.Combine(Path.GetTempPath(), "ecrm-tests", $"gz-{Guid.NewGuid():N}.txt");
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        using var source = File.OpenRead(plainPath);
        using var output = new System.IO.Compression.GZipStream(File.Create(target), System.IO.Compression.CompressionLevel.Fastest);
        source.CopyTo(output);
        return target;
    }
}
