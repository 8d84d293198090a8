using Crm.Testing;

namespace Crm.Sales.Tests.Features.Import;

/// <summary>
/// Chromium over a host for the order import page: no demo records (the tests bring their files, and a host starts in a
/// second without them), and imports that read at most 8 MiB (<c>Import:MaxDecompressedBytes</c>; the command-line tests
/// meet the default 256 MiB). The guard is the same at any bound, and a text bomb costs a thirtieth of the reading.
/// </summary>
public sealed class ImportPageBrowser() : BrowserFixture(CrmWebHost.Create(CrmWebHost.NewMigratedDatabasePath(),
    new Dictionary<string, string?> { ["Import:MaxDecompressedBytes"] = Bound.ToString(System.Globalization.CultureInfo.InvariantCulture) }))
{
    public const long Bound = 8L * 1024 * 1024;
}

[CollectionDefinition(Name)]
public sealed class ImportPageCollection : ICollectionFixture<ImportPageBrowser>
{
    public const string Name = "Order import page";
}
