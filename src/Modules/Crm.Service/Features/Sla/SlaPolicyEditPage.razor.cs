using Crm.Kernel.Errors;
using Crm.Service.Contracts;
using Crm.Ui.Feedback;
using Crm.Ui.Loading;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace Crm.Service.Features.Sla;

/// <summary>
/// Managers and Admins define an SLA policy: criteria, calendar, targets, warning share and pauses. Problems show at their
/// field; a change is saved under the version read.
/// </summary>
public partial class SlaPolicyEditPage
{
    private readonly PageLoad<IReadOnlyList<BusinessCalendarDto>> load = new();
    private readonly PolicyForm form = new();
    private Dictionary<string, string> errors = [];
    private Guid? version;
    private bool busy;

    [Parameter]
    public long? Id { get; set; }

    [Inject]
    private SlaSettings Settings { get; set; } = default!;

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

        return calendars;
    });

    private string? ErrorFor(string field) => errors.GetValueOrDefault(field);

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

        public long CalendarId { get; set; }

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
            CalendarId = policy.CalendarId;
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
            CalendarId = CalendarId,
            FirstResponseMinutes = FirstResponseMinutes,
            NextResponseMinutes = NextResponseMinutes,
            ResolutionMinutes = ResolutionMinutes,
            WarningPercent = WarningPercent,
            PauseWhenPendingCustomer = PauseWhenPendingCustomer,
            PauseWhenPendingThirdParty = PauseWhenPendingThirdParty,
        };
    }
}
