using Crm.Kernel.Auditing;
using Crm.Kernel.Data;
using Crm.Kernel.Events;
using Crm.Kernel.Identity;
using Crm.Kernel.Modules;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.Kernel.Tests;

/// <summary>A record of a made-up module, to exercise the kernel's conventions on a real SQLite file.</summary>
internal sealed class TestNote : AuditableEntity
{
    public int Id { get; set; }

    public string Text { get; set; } = "";

    public decimal Amount { get; set; }

    public decimal? Discount { get; set; }
}

internal sealed class TestNoteConfiguration : IEntityTypeConfiguration<TestNote>
{
    public void Configure(EntityTypeBuilder<TestNote> builder)
    {
        builder.ToTable("Test_Notes");
        builder.Property(n => n.Text).HasMaxLength(100);
        builder.HasIndex(n => n.Text).IsUnique();
        builder.HasIndex(n => n.Amount);
    }
}

internal sealed record NoteAdded(string Text) : IIntegrationEvent;

internal sealed class RecordingHandler : IIntegrationEventHandler<NoteAdded>
{
    public List<string> Received { get; } = [];

    public Task HandleAsync(NoteAdded integrationEvent, CancellationToken cancellationToken)
    {
        Received.Add(integrationEvent.Text);
        return Task.CompletedTask;
    }
}

internal sealed class FailingHandler : IIntegrationEventHandler<NoteAdded>
{
    public Task HandleAsync(NoteAdded integrationEvent, CancellationToken cancellationToken) =>
        throw new InvalidOperationException("handler failed on purpose");
}

/// <summary>A fresh SQLite file with the kernel's tables and the test module's, wired exactly as the host wires them.</summary>
internal sealed class TestDatabase : IAsyncDisposable
{
    private readonly ServiceProvider services;
    private readonly string path = Path.Combine(Path.GetTempPath(), "ecrm-tests", $"kernel-{Guid.NewGuid():N}.db");

    private TestDatabase(bool withFailingHandler)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["ConnectionStrings:Crm"] = $"Data Source={path};Pooling=false" })
            .Build();
        var collection = new ServiceCollection()
            .AddLogging()
            .AddSingleton<IConfiguration>(configuration)
            .AddSingleton(new CrmModule("Test", typeof(TestNote).Assembly, []))
            .AddSingleton(Handler)
            .AddSingleton<IIntegrationEventHandler<NoteAdded>>(sp => sp.GetRequiredService<RecordingHandler>());
        if (withFailingHandler)
        {
            collection.AddSingleton<IIntegrationEventHandler<NoteAdded>, FailingHandler>();
            collection.AddSingleton<IIntegrationEventHandler<NoteAdded>>(sp => sp.GetRequiredService<RecordingHandler>());
        }

        services = collection.AddCrmDatabase().BuildServiceProvider();
    }

    public RecordingHandler Handler { get; } = new();

    public static async Task<TestDatabase> CreateAsync(bool withFailingHandler = false)
    {
        var database = new TestDatabase(withFailingHandler);
        await using var context = await database.NewContextAsync("setup");
        await context.Database.EnsureCreatedAsync();
        return database;
    }

    /// <summary>A context acting as <paramref name="actor"/>, as one short-lived operation of that user.</summary>
    public async Task<CrmDbContext> NewContextAsync(string actor)
    {
        var scope = services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<CurrentUser>().SetSystemActor(actor);
        return await scope.ServiceProvider.GetRequiredService<IDbContextFactory<CrmDbContext>>().CreateDbContextAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await services.DisposeAsync();
        File.Delete(path);
    }
}
