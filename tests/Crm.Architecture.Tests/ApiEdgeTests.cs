using System.Reflection;
using Crm.Kernel.Errors;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection;
using Mono.Cecil;
using Mono.Cecil.Cil;

namespace Crm.Architecture.Tests;

/// <summary>
/// The API edge: a controller gets its handlers through its one constructor (the host's activator fills it), never from
/// the request's service provider, and leaves the If-Match flow (428, 412 on a stale save) to the <c>[IfMatch]</c> filter.
/// </summary>
public sealed class ApiEdgeTests
{
    private static readonly Dictionary<string, Assembly> Modules = Crm.Web.Hosting.CrmModules
        .Describe(new Microsoft.Extensions.Configuration.ConfigurationBuilder().Build())
        .ToDictionary(m => m.Name, m => m.Assembly);

    public static TheoryData<string> ModuleNames => [.. Modules.Keys];

    [Theory]
    [MemberData(nameof(ModuleNames))]
    public void A_controller_has_one_constructor(string module)
    {
        var wrong = Controllers(Modules[module])
            .Where(t => t.GetConstructors(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic).Length != 1)
            .Select(t => t.Name)
            .ToList();
        Assert.True(wrong.Count == 0, $"The controller activator needs exactly one constructor: {string.Join(", ", wrong)}");
    }

    [Theory]
    [MemberData(nameof(ModuleNames))]
    public void A_controller_takes_its_services_through_its_constructor(string module)
    {
        var located = ServiceLookups(Modules[module]);
        Assert.True(located.Count == 0, $"Take these through the constructor instead: {string.Join("; ", located)}");
    }

    [Theory]
    [MemberData(nameof(ModuleNames))]
    public void A_controller_leaves_stale_saves_to_the_IfMatch_filter(string module)
    {
        var catches = ConflictCatches(Modules[module]);
        Assert.True(catches.Count == 0, $"Mark the action [IfMatch] and let the ConflictException through: {string.Join("; ", catches)}");
    }

    [Fact]
    public void The_scans_are_seen_to_catch_a_crossing()
    {
        // The scans read the IL of the controllers and of their async state machines: this assembly's OldStyleController
        // looks a service up and catches a ConflictException, and the same scans find both.
        Assert.Contains(ServiceLookups(typeof(ApiEdgeTests).Assembly), s => s.Contains(nameof(OldStyleController), StringComparison.Ordinal));
        Assert.Contains(ConflictCatches(typeof(ApiEdgeTests).Assembly), s => s.Contains(nameof(OldStyleController), StringComparison.Ordinal));
    }

    private static IEnumerable<Type> Controllers(Assembly assembly) =>
        assembly.GetTypes().Where(t => t.IsClass && !t.IsAbstract && typeof(ControllerBase).IsAssignableFrom(t));

    private static List<string> ServiceLookups(Assembly assembly) => ScanControllers(assembly, methods =>
        [.. methods
            .SelectMany(m => m.Method.Body.Instructions.Select(i => (m.Name, Instruction: i)))
            .Where(x => x.Instruction.OpCode.FlowControl == FlowControl.Call && x.Instruction.Operand is MethodReference
            {
                Name: "get_RequestServices" or "GetService" or "GetRequiredService" or "GetServices" or "GetKeyedService" or "GetRequiredKeyedService",
            })
            .Select(x => $"{x.Name}: {((MethodReference)x.Instruction.Operand).Name}")
            .Distinct()]);

    private static List<string> ConflictCatches(Assembly assembly) => ScanControllers(assembly, methods =>
        [.. methods
            .Where(m => m.Method.Body.ExceptionHandlers.Any(h => h.CatchType?.FullName == typeof(ConflictException).FullName))
            .Select(m => m.Name)
            .Distinct()]);

    /// <summary>
    /// Runs <paramref name="scan"/> over every method with a body of each controller, with its lambdas and async state
    /// machines (nested types), while the assembly is open (Cecil reads bodies lazily).
    /// </summary>
    private static List<string> ScanControllers(Assembly assembly, Func<IEnumerable<(string Name, MethodDefinition Method)>, List<string>> scan)
    {
        var controllers = Controllers(assembly).Select(t => t.FullName!.Replace('+', '/')).ToList();
        using var definition = AssemblyDefinition.ReadAssembly(assembly.Location);
        return scan(definition.MainModule.GetTypes()
            .Where(t => controllers.Any(c => t.FullName == c || t.FullName.StartsWith(c + "/", StringComparison.Ordinal)))
            .SelectMany(t => t.Methods.Where(m => m.HasBody).Select(m => ($"{t.FullName}.{m.Name}", m))));
    }

    /// <summary>A controller written the old way on purpose, for <see cref="The_scans_are_seen_to_catch_a_crossing"/>.</summary>
    private sealed class OldStyleController : ControllerBase
    {
        public async Task<IActionResult> Update()
        {
            try
            {
                await Task.Yield();
                return Ok(HttpContext.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow());
            }
            catch (ConflictException ex)
            {
                return Conflict(ex.Message);
            }
        }
    }
}
