using Crm.Kernel;
using Crm.Kernel.Errors;
using Crm.Kernel.Identity;
using Crm.Web.Features.Account;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;

namespace Crm.Web.Features.Administration.Users;

/// <summary>Creates a user with one role and a first password; the identity rules' messages show under the fields.</summary>
public partial class NewUserDialog
{
    [Inject]
    private OperationScope Operations { get; set; } = default!;

    private MudForm form = default!;
    private string email = "";
    private string displayName = "";
    private string role = CrmRoles.SalesRep;
    private string password = "";
    private bool busy;
    private IReadOnlyList<ValidationError> errors = [];

    [CascadingParameter]
    private IMudDialogInstance MudDialog { get; set; } = default!;

    private bool HasError(string field) => errors.Any(e => e.Field == field);

    private string ErrorOf(string field) => string.Join(" ", errors.Where(e => e.Field == field).Select(e => e.Message));

    private async Task SubmitOnEnterAsync(KeyboardEventArgs args)
    {
        if (args.Key == "Enter")
        {
            await SubmitAsync();
        }
    }

    private async Task SubmitAsync()
    {
        busy = true;
        try
        {
            var result = await Operations.RunAsync(services =>
                services.GetRequiredService<UserAdministration>().CreateAsync(new NewUser(email, displayName, role, password)));
            errors = result.Errors;
            if (result.Succeeded)
            {
                MudDialog.Close(DialogResult.Ok(email.Trim()));
            }
        }
        finally
        {
            busy = false;
        }
    }

    private void Cancel() => MudDialog.Cancel();
}
