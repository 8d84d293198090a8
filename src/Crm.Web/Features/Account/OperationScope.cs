using Crm.Kernel.Identity;

namespace Crm.Web.Features.Account;

/// <summary>
/// Runs one UI operation in its own DI scope (so services holding a DbContext, such as Identity's UserManager,
/// live only as long as the operation and not as long as the Blazor circuit), acting as the circuit's user.
/// </summary>
internal sealed class OperationScope(IServiceScopeFactory scopeFactory, ICurrentUser currentUser)
{
    public async Task<T> RunAsync<T>(Func<IServiceProvider, Task<T>> operation)
    {
        await using var scope = scopeFactory.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<CurrentUser>().Set(currentUser.Principal);
        return await operation(scope.ServiceProvider);
    }
}
