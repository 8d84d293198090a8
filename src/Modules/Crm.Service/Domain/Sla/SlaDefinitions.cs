using System.Text.Json;
using Crm.Service.Domain.Calendars;

namespace Crm.Service.Domain.Sla;

/// <summary>A business calendar as plain data: what a stored calendar holds and a case keeps a copy of.</summary>
internal sealed record CalendarDefinition(
    string Name, string TimeZoneId, bool IsTwentyFourSeven, IReadOnlyList<WorkingPeriod> Periods, IReadOnlyList<Holiday> Holidays)
{
    /// <summary>The domain calendar; throws <see cref="InvalidCalendarException"/> for a definition that is not valid.</summary>
    public BusinessCalendar ToCalendar() =>
        IsTwentyFourSeven ? BusinessCalendar.TwentyFourSeven(Name, TimeZoneId) : BusinessCalendar.Create(Name, TimeZoneId, Periods, Holidays);
}

/// <summary>
/// An SLA policy with its calendar as plain data, as it was in force on a case from an instant on, and why that calendar
/// (<see cref="CalendarReason"/>: the policy's own, or the case's queue's; null in definitions stored before queues had calendars).
/// </summary>
internal sealed record SlaPolicyDefinition(string Name, SlaTargets Targets, CalendarDefinition Calendar, string? CalendarReason = null)
{
    public SlaPolicy ToPolicy() => new(Name, Calendar.ToCalendar(), Targets);

    /// <summary>The same rules (names, targets, calendar) as <paramref name="other"/>: compared by their stored form.</summary>
    public bool SameAs(SlaPolicyDefinition other) => SlaDefinitionJson.Write(this) == SlaDefinitionJson.Write(other);
}

/// <summary>A policy definition in force on a case from <see cref="FromUtc"/> on.</summary>
internal sealed record AppliedDefinition(DateTime FromUtc, SlaPolicyDefinition Policy);

/// <summary>The stored (JSON) form of policy definitions on a case.</summary>
internal static class SlaDefinitionJson
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.General);

    public static string Write(SlaPolicyDefinition definition) => JsonSerializer.Serialize(definition, Options);

    public static string Write(CalendarDefinition definition) => JsonSerializer.Serialize(definition, Options);

    public static string Write(IReadOnlyList<AppliedDefinition> applied) => JsonSerializer.Serialize(applied, Options);

    public static IReadOnlyList<AppliedDefinition> Read(string? json) =>
        string.IsNullOrEmpty(json) ? [] : JsonSerializer.Deserialize<List<AppliedDefinition>>(json, Options) ?? [];

    public static string WritePeriods(IReadOnlyList<WorkingPeriod> periods) => JsonSerializer.Serialize(periods, Options);

    public static IReadOnlyList<WorkingPeriod> ReadPeriods(string json) => JsonSerializer.Deserialize<List<WorkingPeriod>>(json, Options) ?? [];

    public static string WriteHolidays(IReadOnlyList<Holiday> holidays) => JsonSerializer.Serialize(holidays, Options);

    public static IReadOnlyList<Holiday> ReadHolidays(string json) => JsonSerializer.Deserialize<List<Holiday>>(json, Options) ?? [];

    public static string WriteRules(IReadOnlyList<EscalationRule> rules) => JsonSerializer.Serialize(rules, Options);

    public static IReadOnlyList<EscalationRule> ReadRules(string? json) =>
        string.IsNullOrEmpty(json) ? [] : JsonSerializer.Deserialize<List<EscalationRule>>(json, Options) ?? [];
}
