using Crm.Kernel.Api;
using Crm.Web.Features.Account;
using Microsoft.AspNetCore.Components;
using Microsoft.JSInterop;
using MudBlazor;

namespace Crm.Web.Features.Administration.ApiKeys;

/// <summary>Admin page: issue (shown once), list and revoke API keys through <see cref="ApiKeyService"/>.</summary>
public partial class ApiKeysPage
{
    private IReadOnlyList<ApiKeySummary> keys = [];
    private IssuedApiKey? issued;
    private bool loading = true;

    [Inject]
    private OperationScope Operations { get; set; } = default!;

    [Inject]
    private IDialogService Dialogs { get; set; } = default!;

    [Inject]
    private ISnackbar Snackbar { get; set; } = default!;

    [Inject]
    private IJSRuntime JS { get; set; } = default!;

    protected override Task OnInitializedAsync() => ReloadAsync();

    private async Task ReloadAsync()
    {
        loading = true;
        keys = await Operations.RunAsync(services => services.GetRequiredService<ApiKeyService>().ListAsync());
        loading = false;
    }

    private async Task IssueAsync()
    {
        var dialog = await Dialogs.ShowAsync<IssueApiKeyDialog>("Issue an API key", new DialogOptions { MaxWidth = MaxWidth.Small, FullWidth = true });
        if (await dialog.Result is { Canceled: false, Data: IssuedApiKey key })
        {
            issued = key;
            await ReloadAsync();
        }
    }

    private async Task RevokeAsync(ApiKeySummary key)
    {
        var confirmed = await Dialogs.ShowMessageBoxAsync("Revoke this key?",
            $"\"{key.Name}\" stops working at once. Systems that use it will get 401 until they get a new key.",
            yesText: "Revoke", cancelText: "Cancel");
        if (confirmed != true)
        {
            return;
        }

        await Operations.RunAsync(async services =>
        {
            await services.GetRequiredService<ApiKeyService>().RevokeAsync(key.Id);
            return true;
        });
        Snackbar.Add($"Key \"{key.Name}\" revoked.", Severity.Success);
        await ReloadAsync();
    }

    private async Task CopyAsync()
    {
        await JS.InvokeVoidAsync("navigator.clipboard.writeText", issued!.Key);
        Snackbar.Add("Key copied to the clipboard.", Severity.Info);
    }
}
