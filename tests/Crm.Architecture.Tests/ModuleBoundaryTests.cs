using System.Reflection;
using Crm.Analytics;
using Crm.Campaigns;
using Crm.Contacts;
using Crm.Kernel.Data;
using Crm.Sales;
using Crm.Service;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Mvc;
using NetArchTest.Rules;

namespace Crm.Architecture.Tests;

/// <summary>The rules of DESIGN.md that keep the modules apart, checked on the compiled assemblies.</summary>
public sealed class ModuleBoundaryTests
{
    /// <summary>The class Razor generates from _Imports.razor: public and unsealed by the compiler, holds no code.</summary>
    private const string RazorImports = "_Imports";

    /// <summary>The modules the host registers (its one list), so a new module is checked without touching this test.</summary>
    private static readonly Dictionary<string, Assembly> Modules = Crm.Web.Hosting.CrmModules
        .Describe(new Microsoft.Extensions.Configuration.ConfigurationBuilder().Build())
        .ToDictionary(m => m.Name, m => m.Assembly);

    [Fact]
    public void The_module_list_is_the_hosts_registry()
    {
        Assert.Equal(["Contacts", "Sales", "Service", "Campaigns", "Analytics"], Modules.Keys);
        Assert.Equal(ContactsModule.Assembly, Modules["Contacts"]);
        Assert.Equal(SalesModule.Assembly, Modules["Sales"]);
        Assert.Equal(ServiceModule.Assembly, Modules["Service"]);
        Assert.Equal(CampaignsModule.Assembly, Modules["Campaigns"]);
        Assert.Equal(AnalyticsModule.Assembly, Modules["Analytics"]);
    }

    [Fact]
    public void The_UI_kit_references_no_module()
    {
        var kit = typeof(Crm.Ui.Formatting.Display).Assembly;
        var moduleNames = Modules.Values.Select(m => m.GetName().Name).ToHashSet();

        var referenced = kit.GetReferencedAssemblies().Select(a => a.Name).Where(moduleNames.Contains).ToList();

        Assert.Empty(referenced);
        // Not vacuous: the modules' pages do use the kit.
        Assert.Contains(Modules.Values, m => m.GetReferencedAssemblies().Any(a => a.Name == kit.GetName().Name));
    }

    public static TheoryData<string, string> ModulePairs
    {
        get
        {
            var data = new TheoryData<string, string>();
            foreach (var user in Modules.Keys)
            {
                foreach (var used in Modules.Keys.Where(m => m != user))
                {
                    data.Add(user, used);
                }
            }

            return data;
        }
    }

    public static TheoryData<string> ModuleNames => [.. Modules.Keys];

    [Theory]
    [MemberData(nameof(ModulePairs))]
    public void A_module_uses_another_module_only_through_its_Contracts(string user, string used)
    {
        var forbidden = Modules[used].GetTypes()
            .Where(t => t.Namespace is { } ns && !ns.StartsWith($"Crm.{used}.Contracts", StringComparison.Ordinal))
            .Select(t => t.FullName!)
            .Where(name => !name.Contains('<', StringComparison.Ordinal))
            .ToArray();

        var result = Types.InAssembly(Modules[user]).ShouldNot().HaveDependencyOnAny(forbidden).GetResult();

        Assert.True(result.IsSuccessful,
            $"Crm.{user} uses Crm.{used} outside its Contracts: {string.Join(", ", result.FailingTypeNames ?? [])}");
    }

    [Theory]
    [MemberData(nameof(ModuleNames))]
    public void A_module_exposes_only_its_entry_point_Contracts_pages_and_controllers(string module)
    {
        var exposed = Modules[module].GetExportedTypes()
            .Where(t => t.Namespace?.StartsWith($"Crm.{module}.Contracts", StringComparison.Ordinal) != true)
            .Where(t => t.Name != $"{module}Module")
            .Where(t => !typeof(IComponent).IsAssignableFrom(t))
            .Where(t => !typeof(ControllerBase).IsAssignableFrom(t))
            .Where(t => t.Name != RazorImports)
            .Select(t => t.FullName)
            .ToList();

        Assert.True(exposed.Count == 0, $"Make these internal: {string.Join(", ", exposed)}");
    }

    [Theory]
    [MemberData(nameof(ModuleNames))]
    public void A_module_does_not_depend_on_the_web_host_or_the_command_line(string module)
    {
        var result = Types.InAssembly(Modules[module]).ShouldNot().HaveDependencyOnAny("Crm.Web", "Crm.Cli").GetResult();
        Assert.True(result.IsSuccessful, string.Join(", ", result.FailingTypeNames ?? []));
    }

    [Fact]
    public void The_kernel_references_no_module()
    {
        var kernel = typeof(CrmDbContext).Assembly;
        var moduleNames = Modules.Values.Select(a => a.GetName().Name).ToHashSet();
        Assert.DoesNotContain(kernel.GetReferencedAssemblies(), reference => moduleNames.Contains(reference.Name));

        var result = Types.InAssembly(kernel).ShouldNot()
            .HaveDependencyOnAny([.. Modules.Keys.Select(m => $"Crm.{m}"), "Crm.Web", "Crm.Cli"]).GetResult();
        Assert.True(result.IsSuccessful, string.Join(", ", result.FailingTypeNames ?? []));
    }

    [Theory]
    [MemberData(nameof(ModuleNames))]
    public void Module_entities_live_in_tables_prefixed_with_the_module_name(string module)
    {
        var configurations = Modules[module].GetTypes()
            .Where(t => t.GetInterfaces().Any(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(Microsoft.EntityFrameworkCore.IEntityTypeConfiguration<>)));
        using var context = ModelFactory.NewContext();
        var tables = context.Model.GetEntityTypes()
            .Where(e => e.ClrType.Assembly == Modules[module])
            .Select(e => Microsoft.EntityFrameworkCore.RelationalEntityTypeExtensions.GetTableName(e))
            .Where(t => t is not null)
            .ToList();

        Assert.All(tables, table => Assert.StartsWith($"{module}_", table, StringComparison.Ordinal));
        Assert.Equal(configurations.Any(), tables.Count > 0);
    }

    [Fact]
    public void Kernel_and_module_types_are_sealed_or_abstract_or_static()
    {
        var assemblies = Modules.Values.Append(typeof(CrmDbContext).Assembly);
        var open = assemblies.SelectMany(a => a.GetTypes())
            .Where(t => t.IsClass && !t.IsAbstract && !t.IsSealed && !t.IsNested)
            .Where(t => !typeof(IComponent).IsAssignableFrom(t)) // Razor generates partial component classes
            .Where(t => !t.Name.Contains('<', StringComparison.Ordinal) && t.Name != RazorImports)
            .Select(t => t.FullName)
            .ToList();

        Assert.True(open.Count == 0, $"Seal these classes: {string.Join(", ", open)}");
    }
}
