using System.Collections.Concurrent;
using System.Reflection;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Controllers;

namespace Crm.Web.Api.Infrastructure;

/// <summary>
/// Builds each controller through its one constructor, public or internal, with the request's services. A module's
/// controllers are public (MVC and the OpenAPI XML-comment generator only read public types) but take the module's
/// internal handlers, so their constructors are internal; the framework's activator sees public constructors only.
/// </summary>
internal sealed class ControllerActivator : IControllerActivator
{
    private readonly ConcurrentDictionary<Type, Func<IServiceProvider, object>> factories = new();

    public object Create(ControllerContext context) =>
        factories.GetOrAdd(context.ActionDescriptor.ControllerTypeInfo.AsType(), FactoryOf)(context.HttpContext.RequestServices);

    public void Release(ControllerContext context, object controller) => (controller as IDisposable)?.Dispose();

    private static Func<IServiceProvider, object> FactoryOf(Type controller)
    {
        var constructors = controller.GetConstructors(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic);
        if (constructors.Length != 1)
        {
            throw new InvalidOperationException($"{controller.Name} must have exactly one constructor, it has {constructors.Length}.");
        }

        var constructor = constructors[0];
        var parameters = constructor.GetParameters().Select(p => p.ParameterType).ToArray();
        return services => constructor.Invoke([.. parameters.Select(services.GetRequiredService)]);
    }
}
