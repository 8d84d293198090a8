using Crm.Kernel.Auditing;
using Crm.Kernel.Errors;
using Crm.Service.Domain.Sla;

namespace Crm.Service.Domain.Calendars;

/// <summary>
/// A stored business calendar: name, IANA zone, working periods per weekday and holidays, or 24x7. Its rules are those of
/// <see cref="BusinessCalendar"/> (<see cref="Validate"/> asks it), so a stored calendar always turns into a valid one.
/// </summary>
internal sealed class ServiceCalendar : AuditableEntity
{
    public const int NameLength = 100;

    /// <summary>The calendar a fresh database starts with, used by the default policy.</summary>
    public const long DefaultId = 1;

    public long Id { get; private set; }

    public string Name { get; private set; } = "";

    public string TimeZoneId { get; private set; } = "Etc/UTC";

    public bool IsTwentyFourSeven { get; private set; }

    public IReadOnlyList<WorkingPeriod> Periods { get; private set; } = [];

    public IReadOnlyList<Holiday> Holidays { get; private set; } = [];

    public CalendarDefinition Definition => new(Name, TimeZoneId, IsTwentyFourSeven, Periods, Holidays);

    /// <summary>The problems of a definition, each naming its field (Name, TimeZoneId, Periods[2], Holidays).</summary>
    public static OperationResult Validate(CalendarDefinition definition)
    {
        var problems = new List<ValidationError>();
        if (definition.Name.Trim().Length > NameLength)
        {
            problems.Add(new ValidationError(nameof(Name), $"A calendar's name has at most {NameLength} characters."));
        }

        if (definition.IsTwentyFourSeven)
        {
            try
            {
                BusinessCalendar.TwentyFourSeven(definition.Name, definition.TimeZoneId);
            }
            catch (InvalidCalendarException invalid)
            {
                problems.AddRange(invalid.Problems.Errors);
            }
        }
        else
        {
            problems.AddRange(BusinessCalendar.Validate(definition.Name, definition.TimeZoneId, definition.Periods, definition.Holidays).Errors);
        }

        return new OperationResult(problems);
    }

    /// <summary>A new calendar; throws <see cref="InvalidCalendarException"/> when the definition is not valid.</summary>
    public static ServiceCalendar Create(CalendarDefinition definition)
    {
        var created = new ServiceCalendar();
        created.Change(definition);
        return created;
    }

    /// <summary>Replaces the definition; throws <see cref="InvalidCalendarException"/> when it is not valid. False when nothing changed.</summary>
    public bool Change(CalendarDefinition definition)
    {
        var problems = Validate(definition);
        if (!problems.Succeeded)
        {
            throw new InvalidCalendarException(problems);
        }

        var normal = definition with
        {
            Name = definition.Name.Trim(),
            Periods = definition.IsTwentyFourSeven ? [] : [.. definition.Periods.OrderBy(p => ((int)p.Day + 6) % 7).ThenBy(p => p.StartMinute)],
            Holidays = definition.IsTwentyFourSeven ? [] : [.. definition.Holidays.OrderBy(h => h.Date)],
        };
        if (SlaDefinitionJson.Write(normal) == SlaDefinitionJson.Write(Definition))
        {
            return false;
        }

        Name = normal.Name;
        TimeZoneId = normal.TimeZoneId;
        IsTwentyFourSeven = normal.IsTwentyFourSeven;
        Periods = normal.Periods;
        Holidays = normal.Holidays;
        return true;
    }

    public BusinessCalendar ToCalendar() => Definition.ToCalendar();

    /// <summary>The seeded default: around the clock, in UTC.</summary>
    internal static ServiceCalendar SeedDefault() => new()
    {
        Id = DefaultId,
        Name = "Around the clock (24x7)",
        TimeZoneId = "Etc/UTC",
        IsTwentyFourSeven = true,
        CreatedAtUtc = SlaSeed.At,
        ModifiedAtUtc = SlaSeed.At,
        CreatedBy = "system",
        ModifiedBy = "system",
        Version = SlaSeed.CalendarVersion,
    };
}
