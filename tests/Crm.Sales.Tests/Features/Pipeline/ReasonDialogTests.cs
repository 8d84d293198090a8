using Bunit;
using Crm.Kernel;
using Crm.Sales.Features.Pipeline;
using Crm.Sales.Tests.Components;
using Crm.Testing;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;
using MudBlazor;

namespace Crm.Sales.Tests.Features.Pipeline;

/// <summary>bUnit: the reason dialog (closing an opportunity, disqualifying a lead) only answers with a reason.</summary>
[Collection(SalesComponentsCollection.Name)]
public sealed class ReasonDialogTests(NoDemoDataHost fixture)
{
    [Fact]
    public async Task The_OK_button_stays_disabled_until_a_reason_is_typed()
    {
        await using var ui = new ComponentHost(fixture.Host, CrmRoles.SalesRep);
        var (cut, _) = await ShowAsync(ui);

        Assert.True(cut.Find("[data-testid=reason-ok]").HasAttribute("disabled"));
        await cut.Find("[data-testid=reason]").InputAsync(new ChangeEventArgs { Value = "   " });
        Assert.True(cut.Find("[data-testid=reason-ok]").HasAttribute("disabled"));

        await cut.Find("[data-testid=reason]").InputAsync(new ChangeEventArgs { Value = "No budget" });
        Assert.False(cut.Find("[data-testid=reason-ok]").HasAttribute("disabled"));
        Assert.Equal("Disqualify", Rendered.Normalize(cut.Find("[data-testid=reason-ok]").TextContent));
        Assert.Contains("Why is this lead not worth pursuing?", cut.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OK_closes_the_dialog_with_the_trimmed_reason()
    {
        await using var ui = new ComponentHost(fixture.Host, CrmRoles.SalesRep);
        var (cut, dialog) = await ShowAsync(ui);

        await cut.Find("[data-testid=reason]").InputAsync(new ChangeEventArgs { Value = "  Went with a competitor  " });
        await cut.Find("[data-testid=reason-ok]").ClickAsync(new MouseEventArgs());

        var result = await dialog.Result;
        Assert.False(result!.Canceled);
        Assert.Equal("Went with a competitor", result.Data);
    }

    [Fact]
    public async Task Enter_saves_but_shift_enter_and_a_blank_reason_do_not()
    {
        await using var ui = new ComponentHost(fixture.Host, CrmRoles.SalesRep);
        var (cut, dialog) = await ShowAsync(ui);

        await cut.Find("[data-testid=reason]").KeyDownAsync(new KeyboardEventArgs { Key = "Enter" });
        await cut.Find("[data-testid=reason]").InputAsync(new ChangeEventArgs { Value = "Too small" });
        await cut.Find("[data-testid=reason]").KeyDownAsync(new KeyboardEventArgs { Key = "Enter", ShiftKey = true });
        Assert.False(dialog.Result.IsCompleted);

        await cut.Find("[data-testid=reason]").KeyDownAsync(new KeyboardEventArgs { Key = "Enter" });
        Assert.Equal("Too small", (await dialog.Result)!.Data);
    }

    [Fact]
    public async Task Cancel_closes_without_a_reason()
    {
        await using var ui = new ComponentHost(fixture.Host, CrmRoles.SalesRep);
        var (cut, dialog) = await ShowAsync(ui);
        await cut.Find("[data-testid=reason]").InputAsync(new ChangeEventArgs { Value = "Typed but not meant" });

        await cut.Find("[data-testid=reason-cancel]").ClickAsync(new MouseEventArgs());

        var result = await dialog.Result;
        Assert.True(result!.Canceled);
        Assert.Null(result.Data);
    }

    private static Task<(IRenderedComponent<MudDialogProvider>, IDialogReference)> ShowAsync(ComponentHost ui) =>
        ui.ShowAsync(new DialogParameters<ReasonDialog>
        {
            { d => d.Prompt, "Why is this lead not worth pursuing?" },
            { d => d.OkText, "Disqualify" },
        });
}
