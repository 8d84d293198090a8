using System.Collections;
using System.Reflection;
using Crm.Testing;
using Microsoft.AspNetCore.Mvc.ApiExplorer;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.Web.Tests.Api;

/// <summary>
/// The OpenAPI document names each schema after its type (<c>#/components/schemas/TierRow</c>), so two types of the same name
/// in different modules end up as one schema and one of them is described wrongly (Service's and Analytics' TierRow did).
/// </summary>
public sealed class OpenApiSchemaNamesTests(CrmWebHost host) : IClassFixture<CrmWebHost>
{
    [Fact]
    public void No_two_types_the_api_reads_or_writes_share_a_schema_name()
    {
        var descriptions = host.Services.GetRequiredService<IApiDescriptionGroupCollectionProvider>().ApiDescriptionGroups.Items
            .SelectMany(g => g.Items).Where(d => d.RelativePath?.StartsWith("api/", StringComparison.Ordinal) == true).ToList();
        Assert.True(descriptions.Count > 60, $"only {descriptions.Count} API operations found");

        var seen = new HashSet<Type>();
        foreach (var description in descriptions)
        {
            foreach (var type in description.ParameterDescriptions.Select(p => p.Type)
                .Concat(description.SupportedResponseTypes.Select(r => r.Type)).OfType<Type>())
            {
                Walk(type, seen);
            }
        }

        var clashes = seen.Where(HasOwnSchema).GroupBy(SchemaName).Where(g => g.Count() > 1)
            .Select(g => $"{g.Key}: {string.Join(", ", g.Select(t => t.FullName))}").ToList();
        Assert.True(clashes.Count == 0, "Types that would share one schema: " + string.Join("; ", clashes));
    }

    /// <summary>Every type a schema is made for: the type, its generic arguments, elements, and its public properties' types, recursively.</summary>
    private static void Walk(Type type, HashSet<Type> seen)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (type.IsPrimitive || type == typeof(string) || type == typeof(decimal) || type == typeof(object) || !seen.Add(type))
        {
            return;
        }

        if (type.IsArray)
        {
            Walk(type.GetElementType()!, seen);
            return;
        }

        foreach (var argument in type.IsGenericType ? type.GetGenericArguments() : [])
        {
            Walk(argument, seen);
        }

        if (!HasOwnSchema(type))
        {
            return;
        }

        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.GetIndexParameters().Length == 0))
        {
            Walk(property.PropertyType, seen);
        }
    }

    /// <summary>Types of .NET itself (dates, ids) and collections are described inline; the others get a schema of their own.</summary>
    private static bool HasOwnSchema(Type type) =>
        type.Namespace?.StartsWith("System", StringComparison.Ordinal) != true && !typeof(IEnumerable).IsAssignableFrom(type);

    /// <summary>The schema id the document gives a type: its name, generic ones with their arguments (PagedResultOfCaseListItem).</summary>
    private static string SchemaName(Type type) => type.IsGenericType
        ? type.Name[..type.Name.IndexOf('`', StringComparison.Ordinal)] + "Of" + string.Concat(type.GetGenericArguments().Select(SchemaName))
        : type.Name;
}
