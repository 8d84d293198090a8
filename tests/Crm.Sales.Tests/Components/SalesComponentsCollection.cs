using Crm.Testing;

namespace Crm.Sales.Tests.Components;

/// <summary>One host without demo data for the Sales component (bUnit) tests; each test brings its own records.</summary>
[CollectionDefinition(Name)]
public sealed class SalesComponentsCollection : ICollectionFixture<NoDemoDataHost>
{
    public const string Name = "Sales components";
}
