using Crm.Kernel.Errors;

namespace Crm.Service.Domain.Sla;

/// <summary>
/// The targets of an SLA policy in business minutes (null: no such target), the share of a target used at which it
/// warns, and which pending statuses pause the resolution clock. A plain value, storable as owned columns or JSON.
/// </summary>
internal sealed record SlaTargets(
    int? FirstResponseMinutes,
    int? NextResponseMinutes,
    int? ResolutionMinutes,
    int WarningPercent = SlaTargets.DefaultWarningPercent,
    bool PauseWhenPendingCustomer = true,
    bool PauseWhenPendingThirdParty = true)
{
    public const int DefaultWarningPercent = 75;

    public int? MinutesFor(SlaTargetKind kind) => kind switch
    {
        SlaTargetKind.FirstResponse => FirstResponseMinutes,
        SlaTargetKind.NextResponse => NextResponseMinutes,
        SlaTargetKind.Resolution => ResolutionMinutes,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    public OperationResult Validate()
    {
        var problems = new List<ValidationError>();
        foreach (var (field, minutes) in new[]
                 {
                     (nameof(FirstResponseMinutes), FirstResponseMinutes),
                     (nameof(NextResponseMinutes), NextResponseMinutes),
                     (nameof(ResolutionMinutes), ResolutionMinutes),
                 })
        {
            if (minutes is <= 0)
            {
                problems.Add(new ValidationError(field, "A target must be at least one business minute (leave it empty for no target)."));
            }
        }

        if (WarningPercent is < 1 or > 99)
        {
            problems.Add(new ValidationError(nameof(WarningPercent), "The warning threshold must be between 1 and 99 % of the target."));
        }

        return new OperationResult(problems);
    }
}
