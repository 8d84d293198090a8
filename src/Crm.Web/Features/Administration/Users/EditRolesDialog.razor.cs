using Crm.Kernel.Errors;
using Crm.Kernel.Identity;
using Crm.Web.Features.Account;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;

namespace Crm.Web.Features.Administration.Users;

/// <summary>Changes a user's roles (Admins).</summary>
public partial class EditRolesDialog
{
    [Inject]
    private OperationScope Operations { get; set; } = default!;

    private HashSet<string> selected = [];
    private IReadOnlyList<ValidationError> errors = [];

    [CascadingParameter]
    private IMudDialogInstance MudDialog { get; set; } = default!;

    [Parameter, EditorRequired]
    public UserSummary User { get; set; } = default!;

    protected override void OnParametersSet() => selected = [.. User.Roles];

    private void Toggle(string role, bool on)
    {
        if (on)
        {
            selected.Add(role);
        }
        else
        {
            selected.Remove(role);
        }
    }

    private async Task SaveAsync()
    {
        var result = await Operations.RunAsync(services =>
            services.GetRequiredService<UserAdministration>().SetRolesAsync(User.Id, selected));
        errors = result.Errors;
        if (result.Succeeded)
        {
            MudDialog.Close(DialogResult.Ok(true));
        }
    }

    private void Cancel() => MudDialog.Cancel();
}
