using System.Reflection;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.Kernel.Data;

/// <summary>Carries the module assemblies whose entity configurations make up the CCR model.</summary>
internal sealed class CrmModelOptionsExtension(IReadOnlyList<Assembly> moduleAssemblies) : IDbContextOptionsExtension
{
    public IReadOnlyList<Assembly> ModuleAssemblies { get; } = moduleAssemblies;

    /// <summary>Stable key for EF's model cache: the same modules give the same model.</summary>
    public string ModelKey { get; } = string.Join('|', moduleAssemblies.Select(a => a.GetName().Name));

    public DbContextOptionsExtensionInfo Info => new ExtensionInfo(this);

    public void ApplyServices(IServiceCollection services)
    {
    }

    public void Validate(IDbContextOptions options)
    {
    }

    private sealed class ExtensionInfo(CrmModelOptionsExtension extension) : DbContextOptionsExtensionInfo(extension)
    {
        public override bool IsDatabaseProvider => false;

        public override string LogFragment => $"Modules={((CrmModelOptionsExtension)Extension).ModelKey} ";

        public override int GetServiceProviderHashCode() => 0;

        public override bool ShouldUseSameServiceProvider(DbContextOptionsExtensionInfo other) => other is ExtensionInfo;

        public override void PopulateDebugInfo(IDictionary<string, string> debugInfo) =>
            debugInfo["Crm:Modules"] = ((CrmModelOptionsExtension)Extension).ModelKey;
    }
}
