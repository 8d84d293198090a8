using Crm.Kernel.Errors;
using Crm.Service.Contracts;
using Crm.Service.Features.Knowledge.CreateArticle;
using Crm.Service.Features.Knowledge.PublishArticle;
using Crm.Service.Features.Knowledge.UpdateArticle;
using Crm.Ui.Feedback;
using Crm.Ui.Loading;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace Crm.Service.Features.Knowledge.EditArticle;

/// <summary>
/// Writes an article's working copy: title, category, visibility, tags and the Markdown text with a live preview (rendered
/// and sanitised as readers will see it). Saving keeps a draft; publishing asks first, then saves and publishes the next revision.
/// </summary>
public partial class ArticleEditorPage
{
    private readonly PageLoad<ArticleDetails> load = new();
    private IReadOnlyDictionary<string, string> errors = new Dictionary<string, string>();
    private string? title;
    private string? category;
    private string? tags;
    private string? body;
    private string preview = "";
    private ArticleVisibility visibility = ArticleVisibility.Internal;
    private Guid? version;
    private bool busy;

    /// <summary>The article to edit; none for a new one.</summary>
    [Parameter]
    public long? Id { get; set; }

    [Inject]
    private ArticleQueries Queries { get; set; } = default!;

    [Inject]
    private CreateArticleHandler Creator { get; set; } = default!;

    [Inject]
    private UpdateArticleHandler Updater { get; set; } = default!;

    [Inject]
    private PublishArticleHandler Publisher { get; set; } = default!;

    [Inject]
    private NavigationManager Navigation { get; set; } = default!;

    [Inject]
    private IDialogService Dialogs { get; set; } = default!;

    [Inject]
    private ISnackbar Snackbar { get; set; } = default!;

    protected override async Task OnParametersSetAsync()
    {
        if (Id is not { } id)
        {
            await load.RunAsync(() => Task.FromResult(new ArticleDetails(0, "", "", "", "", null, [], ArticleVisibility.Internal,
                ArticleStatus.Draft, 0, 0, true, null, null, DateTime.UtcNow, [], Guid.Empty)));
            return;
        }

        if (await load.RunAsync(() => Queries.GetAsync(id)) && load.Value is { } article)
        {
            (title, category, tags, body, visibility, version) =
                (article.Title, article.Category, string.Join(", ", article.Tags), article.Body, article.Visibility, article.Version);
            preview = article.Html;
        }
    }

    private string? Error(string field) => errors.GetValueOrDefault(field);

    /// <summary>A field's message goes once the field is changed.</summary>
    private void Clear(string field) => errors = errors.Where(e => e.Key != field).ToDictionary(e => e.Key, e => e.Value);

    private void BodyChanged(string? value)
    {
        Clear("Body");
        body = value;
        preview = ArticleHtml.Render(value);
    }

    private ArticleInput Input() => new()
    {
        Title = title,
        Body = body,
        Category = category,
        Visibility = visibility,
        Tags = [.. (tags ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)],
    };

    private Task SaveAsync() => SaveThenAsync(publish: false);

    private async Task SaveAndPublishAsync()
    {
        var confirmed = await Dialogs.ShowMessageBoxAsync(
            "Publish this article?",
            visibility == ArticleVisibility.Public
                ? "It becomes the next revision everyone reads, on the public help page too. Published revisions cannot be changed."
                : "It becomes the next revision all staff read. Published revisions cannot be changed.",
            yesText: "Publish", cancelText: "Not yet");
        if (confirmed == true)
        {
            await SaveThenAsync(publish: true);
        }
    }

    private async Task SaveThenAsync(bool publish)
    {
        busy = true;
        try
        {
            var saved = await SaveDraftAsync();
            if (saved is not { } id)
            {
                return;
            }

            if (!publish)
            {
                Snackbar.Done("Draft saved.");
                Navigation.NavigateTo($"/kb/{id}");
                return;
            }

            var current = await Queries.GetAsync(id);
            if (!current.HasUnpublishedChanges)
            {
                Snackbar.Refused($"Revision {current.PublishedRevision} already says this: nothing new to publish.");
                return;
            }

            if (await Snackbar.RunAsync(() => Publisher.PublishAsync(id, current.Version), $"Revision {current.PublishedRevision + 1} published."))
            {
                Navigation.NavigateTo($"/kb/{id}");
            }
        }
        finally
        {
            busy = false;
        }
    }

    /// <summary>Creates or updates the working copy; the article's id, or null after showing why not.</summary>
    private async Task<long?> SaveDraftAsync()
    {
        try
        {
            var result = Id is { } id ? await Updater.UpdateAsync(id, Input(), version) : await Creator.CreateAsync(Input());
            if (result.Outcome == CommandOutcome.Invalid)
            {
                errors = result.Validation.Errors.GroupBy(e => e.Field.Split('[')[0]).ToDictionary(g => g.Key, g => g.First().Message);
                return null;
            }

            errors = new Dictionary<string, string>();
            if (!result.Succeeded)
            {
                Snackbar.Refused(result.Problem!, result.Outcome == CommandOutcome.Conflict);
                return null;
            }

            return result.Value;
        }
        catch (ConflictException ex)
        {
            Snackbar.Refused(ex.Message, conflict: true);
            return null;
        }
    }
}
