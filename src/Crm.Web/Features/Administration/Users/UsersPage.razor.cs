using Crm.Kernel.Errors;
using Crm.Kernel.Identity;
using Crm.Web.Features.Account;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace Crm.Web.Features.Administration.Users;

/// <summary>Admin page: list, create, change roles, reset passwords and block users. Every action goes through <see cref="UserAdministration"/>.</summary>
public partial class UsersPage
{
    private MudTable<UserSummary> table = default!;
    private string search = "";

    [Inject]
    private OperationScope Operations { get; set; } = default!;

    [Inject]
    private IDialogService Dialogs { get; set; } = default!;

    [Inject]
    private ISnackbar Snackbar { get; set; } = default!;

    private Task<TableData<UserSummary>> LoadAsync(TableState state, CancellationToken cancellationToken) =>
        Operations.RunAsync(async services =>
        {
            var page = await services.GetRequiredService<UserAdministration>().ListAsync(search, state.Page, state.PageSize, cancellationToken);
            return new TableData<UserSummary> { Items = page.Users, TotalItems = page.TotalCount };
        });

    private async Task SearchChangedAsync(string? value)
    {
        search = value ?? "";
        await table.ReloadServerData();
    }

    private async Task CreateUserAsync()
    {
        var dialog = await Dialogs.ShowAsync<NewUserDialog>("New user", new DialogOptions { MaxWidth = MaxWidth.Small, FullWidth = true });
        if (await dialog.Result is { Canceled: false, Data: string email })
        {
            Snackbar.Add($"User {email} created.", Severity.Success);
            await table.ReloadServerData();
        }
    }

    private async Task EditRolesAsync(UserSummary user)
    {
        var parameters = new DialogParameters<EditRolesDialog> { { d => d.User, user } };
        var dialog = await Dialogs.ShowAsync<EditRolesDialog>($"Roles of {user.Email}", parameters, new DialogOptions { MaxWidth = MaxWidth.Small, FullWidth = true });
        if (await dialog.Result is { Canceled: false })
        {
            Snackbar.Add($"Roles of {user.Email} updated. They apply at the user's next page load.", Severity.Success);
            await table.ReloadServerData();
        }
    }

    private async Task ResetPasswordAsync(UserSummary user)
    {
        var parameters = new DialogParameters<ResetPasswordDialog> { { d => d.User, user } };
        var dialog = await Dialogs.ShowAsync<ResetPasswordDialog>($"Reset password of {user.Email}", parameters, new DialogOptions { MaxWidth = MaxWidth.Small, FullWidth = true });
        if (await dialog.Result is { Canceled: false })
        {
            Snackbar.Add($"Password of {user.Email} reset.", Severity.Success);
        }
    }

    private async Task ToggleBlockAsync(UserSummary user)
    {
        var block = !user.IsLockedOut;
        var confirmed = await Dialogs.ShowMessageBoxAsync(
            block ? "Block sign-in?" : "Allow sign-in?",
            block
                ? $"{user.Email} will be signed out and cannot sign in until an Admin allows it again. Their records stay."
                : $"{user.Email} will be able to sign in again.",
            yesText: block ? "Block" : "Allow", cancelText: "Cancel");
        if (confirmed != true)
        {
            return;
        }

        var result = await Operations.RunAsync(services =>
            services.GetRequiredService<UserAdministration>().SetSignInBlockedAsync(user.Id, block));
        Report(result, block ? $"{user.Email} can no longer sign in." : $"{user.Email} can sign in again.");
        await table.ReloadServerData();
    }

    private void Report(OperationResult result, string success)
    {
        if (result.Succeeded)
        {
            Snackbar.Add(success, Severity.Success);
        }
        else
        {
            foreach (var error in result.Errors)
            {
                Snackbar.Add(error.Message, Severity.Error);
            }
        }
    }
}
