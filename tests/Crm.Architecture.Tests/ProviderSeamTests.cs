using System.Reflection;
using Mono.Cecil;
using Mono.Cecil.Cil;
using NetArchTest.Rules;

namespace Crm.Architecture.Tests;

/// <summary>
/// What differs between SQLite and SQL Server lives in the kernel (DatabaseDialect, BulkWriter): modules neither use a
/// provider's types nor branch on the provider, and their SQL names only their own tables.
/// </summary>
public sealed class ProviderSeamTests
{
    private static readonly Dictionary<string, Assembly> Modules = Crm.Web.Hosting.CrmModules
        .Describe(new Microsoft.Extensions.Configuration.ConfigurationBuilder().Build())
        .ToDictionary(m => m.Name, m => m.Assembly);

    /// <summary>Table prefixes of everything in the CCR: the modules' and the kernel's own.</summary>
    private static readonly string[] TablePrefixes = [.. Modules.Keys.Select(m => m + "_"), "Kernel_", "Identity_"];

    public static TheoryData<string> ModuleNames => [.. Modules.Keys];

    [Theory]
    [MemberData(nameof(ModuleNames))]
    public void A_module_uses_no_database_providers_types(string module)
    {
        var result = Types.InAssembly(Modules[module]).ShouldNot()
            .HaveDependencyOnAny("Microsoft.Data.Sqlite", "Microsoft.Data.SqlClient", "SQLitePCL").GetResult();
        Assert.True(result.IsSuccessful, $"Crm.{module} uses a provider's types (go through the kernel's DatabaseDialect or BulkWriter): " +
            string.Join(", ", result.FailingTypeNames ?? []));
    }

    [Theory]
    [MemberData(nameof(ModuleNames))]
    public void A_module_does_not_branch_on_the_provider(string module)
    {
        var calls = Instructions(module)
            .Where(i => i.Instruction.OpCode.FlowControl == FlowControl.Call && i.Instruction.Operand is MethodReference m
                && m.Name is "IsSqlite" or "IsSqlServer" or "IsRelational" or "IsInMemory")
            .Select(i => $"{i.Method}: {((MethodReference)i.Instruction.Operand).Name}()")
            .ToList();
        Assert.True(calls.Count == 0, $"Ask the kernel's DatabaseDialect instead: {string.Join("; ", calls)}");
    }

    [Theory]
    [MemberData(nameof(ModuleNames))]
    public void A_modules_sql_names_only_its_own_tables(string module)
    {
        var foreign = TablePrefixes.Where(p => p != module + "_").ToArray();
        var strings = Instructions(module)
            .Where(i => i.Instruction.OpCode == OpCodes.Ldstr)
            .Select(i => (i.Method, Text: (string)i.Instruction.Operand))
            .Where(s => foreign.Any(prefix => s.Text.Contains(prefix, StringComparison.Ordinal)))
            .Select(s => $"{s.Method}: \"{s.Text}\"")
            .ToList();
        Assert.True(strings.Count == 0, $"Crm.{module} names another module's (or the kernel's) tables; go through its contracts: {string.Join("; ", strings)}");
    }

    [Fact]
    public void The_seam_is_seen_to_catch_a_crossing()
    {
        // The scans above read the IL of the compiled modules: this assembly itself names a foreign table and branches on
        // the provider, and the same scan finds both.
        using var here = AssemblyDefinition.ReadAssembly(typeof(ProviderSeamTests).Assembly.Location);
        var instructions = here.MainModule.GetTypes().Single(t => t.Name == nameof(Crossing)).Methods.SelectMany(m => m.Body.Instructions).ToList();
        Assert.Contains(instructions, i => i.OpCode == OpCodes.Ldstr && ((string)i.Operand).Contains("Sales_", StringComparison.Ordinal));
        Assert.Contains(instructions, i => i.OpCode.FlowControl == FlowControl.Call && i.Operand is MethodReference { Name: "IsSqlite" });
    }

    private static IEnumerable<(string Method, Instruction Instruction)> Instructions(string module)
    {
        using var assembly = AssemblyDefinition.ReadAssembly(Modules[module].Location);
        var found = new List<(string, Instruction)>();
        foreach (var type in assembly.MainModule.GetTypes())
        {
            foreach (var method in type.Methods.Where(m => m.HasBody))
            {
                found.AddRange(method.Body.Instructions.Select(i => ($"{type.FullName}.{method.Name}", i)));
            }
        }

        return found;
    }

    /// <summary>A crossing on purpose, for <see cref="The_seam_is_seen_to_catch_a_crossing"/>.</summary>
    private static class Crossing
    {
        public static bool Sqlite(Microsoft.EntityFrameworkCore.DbContext db) => Microsoft.EntityFrameworkCore.SqliteDatabaseFacadeExtensions.IsSqlite(db.Database);

        public static string Sql => "SELECT COUNT(*) FROM Sales_Orders";
    }
}
