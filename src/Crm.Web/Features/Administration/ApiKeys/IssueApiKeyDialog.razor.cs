using Crm.Kernel;
using Crm.Kernel.Api;
using Crm.Kernel.Errors;
using Crm.Web.Features.Account;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;

namespace Crm.Web.Features.Administration.ApiKeys;

/// <summary>Issues an API key for an integration; the key is shown once by the page that opened the dialog.</summary>
public partial class IssueApiKeyDialog
{
    [Inject]
    private OperationScope Operations { get; set; } = default!;

    private string name = "";
    private string role = CrmRoles.SalesRep;
    private IReadOnlyList<ValidationError> errors = [];

    [CascadingParameter]
    private IMudDialogInstance MudDialog { get; set; } = default!;

    private async Task IssueAsync()
    {
        var (key, result) = await Operations.RunAsync(services => services.GetRequiredService<ApiKeyService>().IssueAsync(name, role));
        errors = result.Errors;
        if (key is not null)
        {
            MudDialog.Close(DialogResult.Ok(key));
        }
    }
}
