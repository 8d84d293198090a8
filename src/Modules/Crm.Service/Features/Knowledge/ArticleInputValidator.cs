using Crm.Kernel.Text;
using Crm.Service.Contracts;
using Crm.Service.Domain.Knowledge;
using FluentValidation;

namespace Crm.Service.Features.Knowledge;

/// <summary>The fields of an article's working copy, each with a message that names it; shared by the editor and the API.</summary>
internal sealed class ArticleInputValidator : AbstractValidator<ArticleInput>
{
    public static readonly ArticleInputValidator Instance = new();

    public ArticleInputValidator()
    {
        RuleFor(a => a.Title).Must(t => !string.IsNullOrWhiteSpace(t)).WithMessage("Give the article a title.")
            .MaximumLength(Article.MaxTitleLength).WithMessage($"The title may have at most {Article.MaxTitleLength} characters.");
        RuleFor(a => a.Body).Must(b => !string.IsNullOrWhiteSpace(b)).WithMessage("Write the article's text.")
            .MaximumLength(Article.MaxBodyLength).WithMessage($"The text may have at most {Article.MaxBodyLength:N0} characters.");
        RuleFor(a => a.Category).MaximumLength(Article.MaxCategoryLength)
            .WithMessage($"The category may have at most {Article.MaxCategoryLength} characters.");
        RuleFor(a => a.Visibility).IsInEnum().WithMessage("Choose Internal or Public.");
        RuleFor(a => a.Tags).Must(t => t is null || t.Count <= Article.MaxTags).WithMessage($"At most {Article.MaxTags} tags.");
        RuleForEach(a => a.Tags).Must(t => !string.IsNullOrWhiteSpace(t)).WithMessage("A tag cannot be empty.")
            .MaximumLength(Article.MaxTagLength).WithMessage($"A tag has at most {Article.MaxTagLength} characters.")
            .Must(t => t is null || !t.Contains('|', StringComparison.Ordinal)).WithMessage("A tag cannot contain '|'.");
    }

    /// <summary>The checked input as the article stores it: trimmed, tags distinct ignoring case.</summary>
    public static ArticleContent Content(ArticleInput input) => new(
        input.Title!.Trim(),
        input.Body!.Trim(),
        Trimmed.OrNull(input.Category),
        [.. (input.Tags ?? []).Select(t => t.Trim()).Where(t => t.Length > 0).Distinct(StringComparer.OrdinalIgnoreCase)],
        input.Visibility ?? ArticleVisibility.Internal);
}
