using Crm.Service.Contracts;
using Microsoft.AspNetCore.Components;

namespace Crm.Service.Features.Knowledge.Suggestions;

/// <summary>The articles suggested for a case from its subject, each Public one insertable into the reply as a link or as text.</summary>
public partial class SuggestedArticlesPanel
{
    private IReadOnlyList<ArticleSuggestion>? suggestions;
    private string? suggestedFor;

    [Parameter, EditorRequired]
    public string Subject { get; set; } = "";

    [Parameter]
    public EventCallback<ArticleQuote> OnInsert { get; set; }

    [Inject]
    private ArticleQueries Queries { get; set; } = default!;

    [Inject]
    private NavigationManager Navigation { get; set; } = default!;

    protected override async Task OnParametersSetAsync()
    {
        if (suggestedFor != Subject)
        {
            suggestedFor = Subject;
            suggestions = await Queries.SuggestAsync(Subject);
        }
    }

    private Task InsertAsync(ArticleSuggestion article, bool asLink) =>
        OnInsert.InvokeAsync(new ArticleQuote(article.Id, article.Revision, article.Title,
            asLink ? $"{article.Title}: {Navigation.BaseUri}help/{article.Slug}" : ArticleHtml.PlainText(article.Body)));
}
