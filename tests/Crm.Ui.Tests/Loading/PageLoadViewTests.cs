using Bunit;
using Crm.Kernel.Errors;
using Crm.Ui.Loading;
using Microsoft.AspNetCore.Components;
using MudBlazor.Services;

namespace Crm.Ui.Tests.Loading;

/// <summary>The page-load pattern: progress while loading, the record when found, a message when missing or refused.</summary>
public sealed class PageLoadViewTests : BunitContext
{
    private readonly PageLoad<Record> load = new();

    public PageLoadViewTests()
    {
        Services.AddMudServices();
        JSInterop.Mode = JSRuntimeMode.Loose;
    }

    [Fact]
    public void While_loading_the_page_shows_a_progress_bar_and_no_content()
    {
        var cut = RenderView();

        Assert.Single(cut.FindAll("[data-testid=page-loading]"));
        Assert.Empty(cut.FindAll("[data-testid=record]"));
        Assert.Empty(cut.FindAll("[data-testid=problem]"));
    }

    [Fact]
    public void A_page_that_loads_in_a_blink_may_show_nothing_while_loading()
    {
        var cut = RenderView(showProgress: false);

        Assert.Empty(cut.FindAll("[data-testid=page-loading]"));
        Assert.Equal("", cut.Markup.Trim());
    }

    [Fact]
    public async Task A_loaded_record_is_handed_to_the_content()
    {
        var cut = RenderView();

        Assert.True(await cut.InvokeAsync(() => load.RunAsync(() => Task.FromResult(new Record("Ada Lovelace")))));
        cut.Render();

        Assert.Equal("Ada Lovelace", cut.Find("[data-testid=record]").TextContent);
        Assert.Empty(cut.FindAll("[data-testid=page-loading]"));
        Assert.Empty(cut.FindAll("[data-testid=problem]"));
    }

    [Fact]
    public async Task A_missing_record_shows_the_not_found_message_as_an_error()
    {
        var cut = RenderView();

        Assert.False(await cut.InvokeAsync(() => load.RunAsync(() => throw new NotFoundException("Order 42 was not found."))));
        cut.Render();

        var alert = cut.Find("[data-testid=problem]");
        Assert.Equal("Order 42 was not found.", alert.TextContent.Trim());
        Assert.Equal(nameof(LoadProblem.NotFound), alert.GetAttribute("data-problem"));
        Assert.Contains("mud-alert-text-error", alert.ClassName, StringComparison.Ordinal);
        Assert.Empty(cut.FindAll("[data-testid=record]"));
        Assert.Empty(cut.FindAll("[data-testid=page-loading]"));
    }

    [Fact]
    public async Task A_refused_record_shows_the_forbidden_message_as_a_warning()
    {
        var cut = RenderView();

        await cut.InvokeAsync(() => load.RunAsync(() => throw new ForbiddenException("This lead belongs to another rep.")));
        cut.Render();

        var alert = cut.Find("[data-testid=problem]");
        Assert.Equal("This lead belongs to another rep.", alert.TextContent.Trim());
        Assert.Equal(nameof(LoadProblem.Forbidden), alert.GetAttribute("data-problem"));
        Assert.Contains("mud-alert-text-warning", alert.ClassName, StringComparison.Ordinal);
        Assert.Empty(cut.FindAll("[data-testid=record]"));
    }

    [Fact]
    public async Task A_reload_keeps_the_old_record_until_the_new_one_arrives_and_a_later_success_clears_a_problem()
    {
        var cut = RenderView();
        await cut.InvokeAsync(() => load.RunAsync(() => Task.FromResult(new Record("First"))));
        var pending = new TaskCompletionSource<Record>();

        var reload = cut.InvokeAsync(() => load.RunAsync(() => pending.Task));
        cut.Render();
        Assert.Equal("First", cut.Find("[data-testid=record]").TextContent);

        pending.SetResult(new Record("Second"));
        await reload;
        cut.Render();
        Assert.Equal("Second", cut.Find("[data-testid=record]").TextContent);

        await cut.InvokeAsync(() => load.RunAsync(() => throw new NotFoundException("Gone.")));
        await cut.InvokeAsync(() => load.RunAsync(() => Task.FromResult(new Record("Back"))));
        cut.Render();
        Assert.Equal("Back", cut.Find("[data-testid=record]").TextContent);
        Assert.Empty(cut.FindAll("[data-testid=problem]"));
        Assert.Null(load.Message);
    }

    [Fact]
    public async Task Reset_goes_back_to_the_progress_bar_for_another_record()
    {
        var cut = RenderView();
        await cut.InvokeAsync(() => load.RunAsync(() => Task.FromResult(new Record("First"))));

        load.Reset();
        cut.Render();

        Assert.Single(cut.FindAll("[data-testid=page-loading]"));
        Assert.Empty(cut.FindAll("[data-testid=record]"));
    }

    [Fact]
    public async Task Other_failures_are_faults_and_are_not_shown_as_a_missing_record()
    {
        await Assert.ThrowsAsync<InvalidOperationException>(() => load.RunAsync(() => throw new InvalidOperationException("database is locked")));

        Assert.Equal(LoadProblem.None, load.Problem);
        Assert.Null(load.Value);
    }

    private IRenderedComponent<PageLoadView<Record>> RenderView(bool showProgress = true) =>
        Render<PageLoadView<Record>>(p => p
            .Add(x => x.Load, load)
            .Add(x => x.TestId, "problem")
            .Add(x => x.ShowProgress, showProgress)
            .Add(x => x.ChildContent, (RenderFragment<Record>)(record => builder =>
            {
                builder.OpenElement(0, "span");
                builder.AddAttribute(1, "data-testid", "record");
                builder.AddContent(2, record.Name);
                builder.CloseElement();
            })));

    public sealed record Record(string Name);
}
