using System.Reflection;
using Crm.Kernel.Modules;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.Contacts;

/// <summary>Entry point of the Contacts module: the host calls <see cref="AddContactsModule"/> by name.</summary>
public static class ContactsModule
{
    public const string Name = "Contacts";

    public static Assembly Assembly => typeof(ContactsModule).Assembly;

    /// <summary>Navigation entries of this module (none until its first feature lands).</summary>
    public static IReadOnlyList<NavigationEntry> Navigation { get; } = [];

    public static IServiceCollection AddContactsModule(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddSingleton(new CrmModule(Name, Assembly, Navigation));
        return services;
    }
}
