using System.Globalization;
using Crm.Kernel.Errors;
using Crm.Service.Contracts;
using Crm.Ui.Feedback;
using Crm.Ui.Loading;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace Crm.Service.Features.Sla;

/// <summary>
/// Managers and Admins define a business calendar: name, IANA zone (picked from the zones the server knows), 24x7 or working
/// periods per weekday, and holidays. The rules are the domain calendar's; each problem shows at its field.
/// </summary>
public partial class SlaCalendarEditPage
{
    private static readonly DayOfWeek[] Days =
        [DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday, DayOfWeek.Saturday, DayOfWeek.Sunday];

    private static readonly Lazy<string[]> Zones = new(() =>
        [.. TimeZoneInfo.GetSystemTimeZones().Select(z => z.Id).Where(id => id.Contains('/', StringComparison.Ordinal)).Order(StringComparer.Ordinal)]);

    private readonly PageLoad<BusinessCalendarDto> load = new();
    private readonly Dictionary<DayOfWeek, List<PeriodRow>> periods = Days.ToDictionary(d => d, _ => new List<PeriodRow>());
    private readonly List<HolidayRow> holidays = [];
    private Dictionary<string, string> errors = [];
    private string? name;
    private string? zone = "Europe/Berlin";
    private bool twentyFourSeven;
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
        if (Id is not { } id)
        {
            foreach (var day in Days.Take(5))
            {
                periods[day].Add(new PeriodRow { Start = "09:00", End = "17:00" });
            }

            return new BusinessCalendarDto(0, "", zone!, false, [], [], 0, Guid.Empty);
        }

        var calendar = await Settings.CalendarAsync(id);
        name = calendar.Name;
        zone = calendar.TimeZoneId;
        twentyFourSeven = calendar.IsTwentyFourSeven;
        version = calendar.Version;
        foreach (var day in Days)
        {
            periods[day].Clear();
            periods[day].AddRange(calendar.Periods.Where(p => p.Day == day).Select(p => new PeriodRow { Start = p.Start, End = p.End }));
        }

        holidays.Clear();
        holidays.AddRange(calendar.Holidays.Select(h => new HolidayRow
        {
            Date = h.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), Name = h.Name, Yearly = h.RecursYearly,
        }));
        return calendar;
    });

    private string? ErrorFor(string? field) => field is null ? null : errors.GetValueOrDefault(field);

    private static Task<IEnumerable<string>> SearchZonesAsync(string? text, CancellationToken cancellationToken) =>
        Task.FromResult(string.IsNullOrWhiteSpace(text)
            ? Zones.Value.AsEnumerable()
            : Zones.Value.Where(z => z.Contains(text.Trim(), StringComparison.OrdinalIgnoreCase)));

    private void AddPeriod(DayOfWeek day)
    {
        var last = periods[day].LastOrDefault();
        periods[day].Add(last is null ? new PeriodRow { Start = "09:00", End = "17:00" } : new PeriodRow { Start = last.End, End = "24:00" });
    }

    private void AddHoliday() => holidays.Add(new HolidayRow());

    private async Task SaveAsync()
    {
        // The order sent is the order the problems name (Periods[3]); remember which row each index is.
        var sent = Days.SelectMany(day => periods[day].Select(row => (day, row))).ToList();
        for (var i = 0; i < sent.Count; i++)
        {
            sent[i].row.Field = $"Periods[{i}]";
        }

        var dates = new List<HolidayDto>();
        foreach (var holiday in holidays)
        {
            holiday.Problem = DateOnly.TryParseExact(holiday.Date, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
                ? null
                : "Enter the holiday's date.";
            if (holiday.Problem is null)
            {
                dates.Add(new HolidayDto(date, holiday.Name, holiday.Yearly));
            }
        }

        if (holidays.Any(h => h.Problem is not null))
        {
            return;
        }

        var input = new BusinessCalendarInput
        {
            Name = name,
            TimeZoneId = zone,
            IsTwentyFourSeven = twentyFourSeven,
            Periods = [.. sent.Select(s => new WorkingPeriodDto(s.day, s.row.Start?.Trim() ?? "", s.row.End?.Trim() ?? ""))],
            Holidays = dates,
        };
        busy = true;
        try
        {
            var result = await Settings.SaveCalendarAsync(Id, input, version);
            errors = result.Outcome == CommandOutcome.Invalid
                ? result.Validation.Errors.GroupBy(e => e.Field).ToDictionary(g => g.Key, g => string.Join(" ", g.Select(e => e.Message)))
                : [];
            if (Snackbar.Report(result, $"Calendar {name} saved."))
            {
                Navigation.NavigateTo("/sla/calendars");
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

    private sealed class PeriodRow
    {
        public string? Start { get; set; }

        public string? End { get; set; }

        /// <summary>The field name problems of this row come back under (<c>Periods[3]</c>), set when saving.</summary>
        public string? Field { get; set; }
    }

    private sealed class HolidayRow
    {
        public string? Date { get; set; }

        public string? Name { get; set; }

        public bool Yearly { get; set; }

        public string? Problem { get; set; }
    }
}
