using Crm.Testing;

namespace Crm.Contacts.Tests.Components;

/// <summary>One host without demo data for the Contacts component (bUnit) tests; each test brings its own records.</summary>
[CollectionDefinition(Name)]
public sealed class ContactsComponentsCollection : ICollectionFixture<NoDemoDataHost>
{
    public const string Name = "Contacts components";
}
