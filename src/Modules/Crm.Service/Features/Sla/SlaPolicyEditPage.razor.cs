using Crm.Analytics.Contracts;
using Crm.Kernel.Errors;
using Crm.Kernel.Identity;
using Crm.Service.Contracts;
using Crm.Service.Features.Cases;
using Crm.Service.Features.Queues;
using Crm.Ui.Feedback;
using Crm.Ui.Loading;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace Crm.Service.Features.Sla;

/// <summary>
/// Managers and Admins define an SLA policy: criteria (priority, category, tier, queue), calendar (or the queue's), targets,
/// warning share, pauses and escalation rules. Problems show at their field; a change is saved under the version read.
/// </summary>
public partial class SlaPolicyEditPage
{
    private const int MaxRules = 10;
    private static readonly CustomerTier[] Tiers = [CustomerTier.Bronze, CustomerTier.Silver, CustomerTier.Gold, CustomerTier.Platinum];
    private readonly PageLoad<PolicyChoices> load = new();
    private readonly PolicyForm form = new();
    private Dictionary<string, string> errors = [];
    private Guid? version;
    private bool busy;

    [Parameter]
    public long? Id { get; set; }

    [Inject]
    private SlaSettings Settings { get; set; } = default!;

    [Inject]
    private QueueQueries Queues { get; set; } = default!;

    [Inject]
    private CaseWorkers Workers { get; set; } = default!;

    [Inject]
    private ISnackbar Snackbar { get; set; } = default!;

    [Inject]
    private NavigationManager Navigation { get; set; } = default!;

    protected override Task OnParametersSetAsync() => load.RunAsync(async () =>
    {
        if (Id is { } id)
        {
            var policy = await Settings.PolicyAsync(id);
            form.Fill(policy);
            version = policy.Version;
        }

        var calendars = await Settings.CalendarsAsync();
        if (Id is null && form.CalendarId == 0 && calendars.Count > 0)
        {
            form.CalendarId = calendars[0].Id;
        }

        return new PolicyChoices(calendars, await Queues.ListAsync(), await Workers.ListAsync(CancellationToken.None));
    });

    private string? ErrorFor(string field) => errors.GetValueOrDefault(field);

    private string? RuleError(int index, string field) => ErrorFor($"EscalationRules[{index}].{field}");

    private void AddRule() => form.Rules.Add(new RuleForm { Name = $"Escalation {form.Rules.Count + 1}" });

    private void RemoveRule(int index)
    {
        form.Rules.RemoveAt(index);
        // Problems are keyed by position: they no longer point at the right rule.
        errors = errors.Where(e => !e.Key.StartsWith("EscalationRules[", StringComparison.Ordinal)).ToDictionary();
    }

    private async Task SaveAsync()
    {
        busy = true;
        try
        {
            var result = await Settings.SavePolicyAsync(Id, form.ToInput(), version);
            errors = result.Outcome == CommandOutcome.Invalid
                ? result.Validation.Errors.GroupBy(e => e.Field).ToDictionary(g => g.Key, g => string.Join(" ", g.Select(e => e.Message)))
                : [];
            if (Snackbar.Report(result, $"Policy {form.Name} saved."))
            {
                Navigation.NavigateTo("/sla/policies");
            }
        }
        catch (Exception ex) when (ex is ConflictException or NotFoundException or ForbiddenException)
        {
            Snackbar.Refused(ex.Message, ex is ConflictException);
        }
        finally
        {
            busy = false;
        }
    }

    private sealed class PolicyForm
    {
        public string? Name { get; set; }

        public CasePriority? Priority { get; set; }

        public string? Category { get; set; }

        public CustomerTier? MinimumTier { get; set; }

        public long? QueueId { get; set; }

        public long CalendarId { get; set; }

        public bool UseQueueCalendar { get; set; }

        public List<RuleForm> Rules { get; } = [];

        public int? FirstResponseMinutes { get; set; }

        public int? NextResponseMinutes { get; set; }

        public int? ResolutionMinutes { get; set; }

        public int WarningPercent { get; set; } = 75;

        public bool PauseWhenPendingCustomer { get; set; } = true;

        public bool PauseWhenPendingThirdParty { get; set; } = true;

        public void Fill(SlaPolicyDto policy)
        {
            Name = policy.Name;
            Priority = policy.Priority;
            Category = policy.Category;
            MinimumTier = policy.MinimumTier;
            QueueId = policy.QueueId;
            CalendarId = policy.CalendarId;
            UseQueueCalendar = policy.UseQueueCalendar;
            Rules.Clear();
            Rules.AddRange((policy.EscalationRules ?? []).Select(RuleForm.From));
            FirstResponseMinutes = policy.FirstResponseMinutes;
            NextResponseMinutes = policy.NextResponseMinutes;
            ResolutionMinutes = policy.ResolutionMinutes;
            WarningPercent = policy.WarningPercent;
            PauseWhenPendingCustomer = policy.PauseWhenPendingCustomer;
            PauseWhenPendingThirdParty = policy.PauseWhenPendingThirdParty;
        }

        public SlaPolicyInput ToInput() => new()
        {
            Name = Name,
            Priority = Priority,
            Category = Category,
            MinimumTier = MinimumTier,
            QueueId = QueueId,
            CalendarId = CalendarId,
            UseQueueCalendar = UseQueueCalendar,
            EscalationRules = [.. Rules.Select(r => r.ToInput())],
            FirstResponseMinutes = FirstResponseMinutes,
            NextResponseMinutes = NextResponseMinutes,
            ResolutionMinutes = ResolutionMinutes,
            WarningPercent = WarningPercent,
            PauseWhenPendingCustomer = PauseWhenPendingCustomer,
            PauseWhenPendingThirdParty = PauseWhenPendingThirdParty,
        };
    }

    private sealed class RuleForm
    {
        public const string OneStep = "step";

        public string? Name { get; set; }

        public SlaEscalationTrigger On { get; set; } = SlaEscalationTrigger.Breach;

        public SlaTarget? Target { get; set; }

        public long? ReassignToQueueId { get; set; }

        public string? ReassignToAgentId { get; set; }

        /// <summary>"" no, <see cref="OneStep"/>, or a priority's name.</summary>
        public string Raise { get; set; } = "";

        public bool NotifyManagers { get; set; }

        public static RuleForm From(SlaEscalationRuleDto rule) => new()
        {
            Name = rule.Name, On = rule.On, Target = rule.Target, ReassignToQueueId = rule.ReassignToQueueId, ReassignToAgentId = rule.ReassignToAgentId,
            Raise = rule.RaisePriorityOneStep ? OneStep : rule.RaisePriorityTo?.ToString() ?? "", NotifyManagers = rule.NotifyManagers,
        };

        public SlaEscalationRuleDto ToInput() => new()
        {
            Name = Name, On = On, Target = Target, ReassignToQueueId = ReassignToQueueId, ReassignToAgentId = ReassignToAgentId,
            RaisePriorityOneStep = Raise == OneStep,
            RaisePriorityTo = Enum.TryParse<CasePriority>(Raise, out var to) ? to : null,
            NotifyManagers = NotifyManagers,
        };
    }
}

/// <summary>What the policy form offers: calendars, queues, and the people a rule may reassign to.</summary>
internal sealed record PolicyChoices(IReadOnlyList<BusinessCalendarDto> Calendars, IReadOnlyList<QueueDetails> Queues, IReadOnlyList<UserName> Workers);
