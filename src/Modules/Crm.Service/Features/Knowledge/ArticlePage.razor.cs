using Crm.Kernel.Identity;
using Crm.Service.Contracts;
using Crm.Service.Features.Knowledge.PublishArticle;
using Crm.Ui.Feedback;
using Crm.Ui.Loading;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace Crm.Service.Features.Knowledge;

/// <summary>
/// One article, rendered: writers see the working copy and may publish it (after a confirmation) as the next revision;
/// readers see the latest revision. Beside it, the revisions with who published them when.
/// </summary>
public partial class ArticlePage
{
    private readonly PageLoad<ArticleDetails> load = new();
    private bool isWriter;
    private bool busy;

    [Parameter]
    public long Id { get; set; }

    [Inject]
    private ArticleQueries Queries { get; set; } = default!;

    [Inject]
    private PublishArticleHandler Publisher { get; set; } = default!;

    [Inject]
    private ICurrentUser CurrentUser { get; set; } = default!;

    [Inject]
    private IDialogService Dialogs { get; set; } = default!;

    [Inject]
    private ISnackbar Snackbar { get; set; } = default!;

    protected override async Task OnParametersSetAsync()
    {
        isWriter = KnowledgeAccess.IsWriter(CurrentUser);
        await load.RunAsync(() => Queries.GetAsync(Id));
    }

    internal static string StatusText(ArticleDetails article) => article.Status switch
    {
        ArticleStatus.Draft => "Draft",
        _ when article.HasUnpublishedChanges => $"Revision {article.PublishedRevision} published, changes not published",
        _ => $"Revision {article.PublishedRevision}",
    };

    private async Task PublishAsync()
    {
        var article = load.Value!;
        var next = article.PublishedRevision + 1;
        var confirmed = await Dialogs.ShowMessageBoxAsync(
            $"Publish revision {next}?",
            article.Visibility == ArticleVisibility.Public
                ? $"\"{article.Title}\" will be shown as revision {next} to everyone, on the public help page too. Published revisions cannot be changed."
                : $"\"{article.Title}\" will be shown as revision {next} to all staff. Published revisions cannot be changed.",
            yesText: "Publish", cancelText: "Not yet");
        if (confirmed != true)
        {
            return;
        }

        busy = true;
        try
        {
            await Snackbar.RunAsync(() => Publisher.PublishAsync(Id, article.Version), $"Revision {next} published.");
            await load.RunAsync(() => Queries.GetAsync(Id));
        }
        finally
        {
            busy = false;
        }
    }
}
