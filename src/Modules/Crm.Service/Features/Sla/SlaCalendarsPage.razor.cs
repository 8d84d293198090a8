using System.Globalization;
using Crm.Service.Contracts;
using Crm.Ui.Loading;
using Microsoft.AspNetCore.Components;

namespace Crm.Service.Features.Sla;

/// <summary>Managers and Admins see the business calendars and open one to edit it.</summary>
public partial class SlaCalendarsPage
{
    private readonly PageLoad<IReadOnlyList<BusinessCalendarDto>> load = new();

    [Inject]
    private SlaSettings Settings { get; set; } = default!;

    protected override Task OnInitializedAsync() => load.RunAsync(() => Settings.CalendarsAsync());

    private static string WorkingTime(BusinessCalendarDto calendar) =>
        calendar.IsTwentyFourSeven
            ? "Around the clock (24x7)"
            : string.Join("; ", calendar.Periods.GroupBy(p => p.Day)
                .Select(g => $"{CultureInfo.InvariantCulture.DateTimeFormat.GetAbbreviatedDayName(g.Key)} {string.Join(", ", g.Select(p => $"{p.Start}-{p.End}"))}"));
}
