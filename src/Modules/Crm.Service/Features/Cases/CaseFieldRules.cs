using System.Linq.Expressions;
using Crm.Service.Domain.Cases;
using FluentValidation;

namespace Crm.Service.Features.Cases;

/// <summary>The rules of a case's own fields, the same when a case is opened and when it is corrected.</summary>
internal static class CaseFieldRules
{
    public const int SubjectLength = 200;

    public static IRuleBuilderOptions<T, string?> CaseSubject<T>(this IRuleBuilder<T, string?> rule) =>
        rule.NotEmpty().WithMessage("Give the case a subject.")
            .MaximumLength(SubjectLength).WithMessage($"The subject may have at most {SubjectLength} characters.");

    public static IRuleBuilderOptions<T, string?> CaseCategory<T>(this IRuleBuilder<T, string?> rule) =>
        rule.MaximumLength(100).WithMessage("The category may have at most 100 characters.");

    public static IRuleBuilderOptions<T, string?> CaseProductCode<T>(this IRuleBuilder<T, string?> rule) =>
        rule.MaximumLength(50).WithMessage("A product code has at most 50 characters.");

    public static IRuleBuilderOptions<T, long?> CaseOrderId<T>(this IRuleBuilder<T, long?> rule) =>
        rule.Must(id => id is null or > 0).WithMessage("Name an order by its id.");

    /// <summary>
    /// A JSON body may send "tags": null (no tags) or null items (refused): neither may reach a rule as null.
    /// </summary>
    public static void CaseTags<T>(this AbstractValidator<T> validator, Expression<Func<T, IEnumerable<string>?>> tags)
    {
        validator.RuleFor(tags).Must(t => t is null || t.Count() <= ServiceCase.MaxTags).WithMessage($"At most {ServiceCase.MaxTags} tags.");
        validator.RuleForEach(tags).NotEmpty().WithMessage("A tag cannot be empty.")
            .MaximumLength(40).WithMessage("A tag has at most 40 characters.")
            .Must(t => t is null || !t.Contains('|', StringComparison.Ordinal)).WithMessage("A tag cannot contain '|'.");
    }
}
