using Crm.Service.Contracts;
using Crm.Service.Features.Cases.AddTag;
using FluentValidation;

namespace Crm.Service.Features.Cases.BulkUpdate;

/// <summary>A bulk update names 1 to 200 cases, a known action and the argument that action needs.</summary>
internal sealed class CaseBulkInputValidator : AbstractValidator<CaseBulkInput>
{
    public CaseBulkInputValidator()
    {
        RuleFor(b => b.CaseIds).NotEmpty().WithMessage("Choose at least one case.")
            .Must(ids => ids is null || ids.Count <= CaseBulkInput.MaxCases).WithMessage($"Choose at most {CaseBulkInput.MaxCases} cases at a time.");
        RuleForEach(b => b.CaseIds).GreaterThan(0).WithMessage("Name each case by its id.");
        RuleFor(b => b.Action).IsInEnum().WithMessage("Choose Assign, ChangeStatus or AddTag.");
        RuleFor(b => b.Argument).Must(a => StatusOf(a) is not null).When(b => b.Action == CaseBulkAction.ChangeStatus)
            .WithMessage($"Name the status: {string.Join(", ", Enum.GetNames<CaseStatus>())}.");
        RuleFor(b => b.Argument).Must(a => AddTagHandler.TagProblem(a) is null).When(b => b.Action == CaseBulkAction.AddTag)
            .WithMessage(b => AddTagHandler.TagProblem(b.Argument) ?? "");
    }

    /// <summary>The status a ChangeStatus argument names (by name, ignoring case; numbers are refused), or null.</summary>
    public static CaseStatus? StatusOf(string? argument) =>
        argument?.Trim() is { Length: > 0 } name && !char.IsAsciiDigit(name[0]) && Enum.TryParse<CaseStatus>(name, ignoreCase: true, out var status)
            && Enum.IsDefined(status) ? status : null;
}
