using Crm.Kernel.Identity;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server.Circuits;

namespace Crm.Web.Features.Account;

/// <summary>Keeps the circuit's <see cref="CurrentUser"/> in step with its authentication state before each UI event.</summary>
internal sealed class CurrentUserCircuitHandler(AuthenticationStateProvider authenticationStateProvider, CurrentUser currentUser) : CircuitHandler
{
    public override Func<CircuitInboundActivityContext, Task> CreateInboundActivityHandler(Func<CircuitInboundActivityContext, Task> next) =>
        async context =>
        {
            currentUser.Set((await authenticationStateProvider.GetAuthenticationStateAsync()).User);
            await next(context);
        };
}
