using Crm.Kernel.Errors;
using Crm.Kernel.Identity;
using Crm.Web.Features.Account;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;

namespace Crm.Web.Features.Administration.Users;

/// <summary>Sets a new password for a user (Admins).</summary>
public partial class ResetPasswordDialog
{
    [Inject]
    private OperationScope Operations { get; set; } = default!;

    private string password = "";
    private IReadOnlyList<ValidationError> errors = [];

    [CascadingParameter]
    private IMudDialogInstance MudDialog { get; set; } = default!;

    [Parameter, EditorRequired]
    public UserSummary User { get; set; } = default!;

    private async Task SaveAsync()
    {
        var result = await Operations.RunAsync(services =>
            services.GetRequiredService<UserAdministration>().ResetPasswordAsync(User.Id, password));
        errors = result.Errors;
        if (result.Succeeded)
        {
            MudDialog.Close(DialogResult.Ok(true));
        }
    }

    private void Cancel() => MudDialog.Cancel();
}
