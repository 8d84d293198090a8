using Microsoft.AspNetCore.Components;

namespace Crm.Ui.Loading;

public partial class PageLoadView<T>
    where T : class
{
    [Parameter, EditorRequired]
    public PageLoad<T> Load { get; set; } = default!;

    /// <summary>The content for the loaded record.</summary>
    [Parameter, EditorRequired]
    public RenderFragment<T> ChildContent { get; set; } = default!;

    /// <summary>The data-testid of the problem message, for browser tests.</summary>
    [Parameter]
    public string? TestId { get; set; }

    /// <summary>Whether to show a progress bar while loading (pages that load in a blink show nothing).</summary>
    [Parameter]
    public bool ShowProgress { get; set; } = true;
}
