using Bunit;
using Crm.Ui.Views;
using Crm.Contacts.Tests.Components;
using Crm.Kernel;
using Crm.Testing;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;
using MudBlazor;

namespace Crm.Contacts.Tests.Features.Customers;

/// <summary>bUnit: naming a saved view of the customer list.</summary>
[Collection(ContactsComponentsCollection.Name)]
public sealed class SaveViewDialogTests(NoDemoDataHost fixture)
{
    [Fact]
    public async Task Save_is_disabled_while_the_name_is_blank()
    {
        await using var ui = new ComponentHost(fixture.Host, CrmRoles.SalesRep);
        var (cut, _) = await ui.ShowAsync(new DialogParameters<SaveViewDialog>());

        Assert.True(cut.Find("[data-testid=view-save]").HasAttribute("disabled"));
        await cut.Find("[data-testid=view-name]").InputAsync(new ChangeEventArgs { Value = "  " });
        Assert.True(cut.Find("[data-testid=view-save]").HasAttribute("disabled"));
        await cut.Find("[data-testid=view-name]").InputAsync(new ChangeEventArgs { Value = "My Berlin companies" });
        Assert.False(cut.Find("[data-testid=view-save]").HasAttribute("disabled"));
    }

    [Fact]
    public async Task Enter_or_Save_closes_with_the_name_and_a_given_name_is_offered_again()
    {
        await using var ui = new ComponentHost(fixture.Host, CrmRoles.SalesRep);
        var (cut, dialog) = await ui.ShowAsync(new DialogParameters<SaveViewDialog> { { d => d.Name, "Key accounts" } });
        Assert.Equal("Key accounts", cut.Find("[data-testid=view-name]").GetAttribute("value"));

        await cut.Find("[data-testid=view-name]").InputAsync(new ChangeEventArgs { Value = "Key accounts 2026" });
        await cut.Find("[data-testid=view-name]").KeyDownAsync(new KeyboardEventArgs { Key = "Enter" });

        var result = await dialog.Result;
        Assert.False(result!.Canceled);
        Assert.Equal("Key accounts 2026", result.Data);
    }

    [Fact]
    public async Task Cancel_closes_without_a_name()
    {
        await using var ui = new ComponentHost(fixture.Host, CrmRoles.SalesRep);
        var (cut, dialog) = await ui.ShowAsync(new DialogParameters<SaveViewDialog>());
        await cut.Find("[data-testid=view-name]").InputAsync(new ChangeEventArgs { Value = "Not wanted" });

        await cut.Button("Cancel").ClickAsync(new MouseEventArgs());

        Assert.True((await dialog.Result)!.Canceled);
    }
}
