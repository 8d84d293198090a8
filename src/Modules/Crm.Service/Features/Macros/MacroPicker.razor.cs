using Crm.Service.Contracts;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace Crm.Service.Features.Macros;

/// <summary>
/// Picks one of the active macros (its summary under the list) and hands it to <see cref="OnApply"/>: the page applies it to
/// the case it shows (and re-renders, as the receiver of the callback) and clears the choice when it was applied.
/// </summary>
public sealed partial class MacroPicker
{
    private IReadOnlyList<MacroView> macros = [];
    private MudSelect<long?>? select;
    private long? macroId;

    /// <summary>Applies the macro to the page's case, with the page's feedback.</summary>
    [Parameter, EditorRequired]
    public EventCallback<MacroView> OnApply { get; set; }

    /// <summary>The page is running a change: the button waits.</summary>
    [Parameter]
    public bool Busy { get; set; }

    /// <summary>The first part of the test ids: <c>{prefix}-macro</c> and <c>{prefix}-apply-macro</c>.</summary>
    [Parameter]
    public string TestIdPrefix { get; set; } = "case";

    [Inject]
    private MacroQueries Macros { get; set; } = default!;

    private string Help => macroId is { } id && macros.FirstOrDefault(m => m.Id == id) is { } chosen ? chosen.Summary
        : macros.Count == 0 ? "No active macros yet" : "A saved reply and its actions, in one step";

    protected override async Task OnInitializedAsync() => macros = await Macros.ListAsync();

    /// <summary>Opens the list from the keyboard (the workspace's M); nothing when there are no macros.</summary>
    public async Task OpenAsync()
    {
        if (select is not null && macros.Count > 0)
        {
            await select.FocusAsync();
            await select.OpenMenu();
        }
    }

    /// <summary>Clears the choice (applied, or another case is shown).</summary>
    public void Clear()
    {
        macroId = null;
        StateHasChanged();
    }

    private async Task ApplyAsync()
    {
        if (macroId is { } id && macros.FirstOrDefault(m => m.Id == id) is { } macro)
        {
            await OnApply.InvokeAsync(macro);
        }
    }
}
