using Crm.Service.Domain.Calendars;
using Crm.Service.Domain.Cases;
using Crm.Service.Domain.Queues;
using Crm.Service.Domain.Sla;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Crm.Service.Data;

internal sealed class ServiceCalendarConfiguration : IEntityTypeConfiguration<ServiceCalendar>
{
    public void Configure(EntityTypeBuilder<ServiceCalendar> builder)
    {
        builder.ToTable("Service_Calendars");
        builder.Property(c => c.Name).HasMaxLength(ServiceCalendar.NameLength);
        builder.Property(c => c.TimeZoneId).HasMaxLength(64);
        // Periods and holidays are read and written with their calendar only: JSON text columns.
        builder.Property(c => c.Periods).HasConversion(
            v => SlaDefinitionJson.WritePeriods(v), v => SlaDefinitionJson.ReadPeriods(v),
            new ValueComparer<IReadOnlyList<WorkingPeriod>>((a, b) => a!.SequenceEqual(b!), v => v.Count, v => v.ToList()));
        builder.Property(c => c.Holidays).HasConversion(
            v => SlaDefinitionJson.WriteHolidays(v), v => SlaDefinitionJson.ReadHolidays(v),
            new ValueComparer<IReadOnlyList<Holiday>>((a, b) => a!.SequenceEqual(b!), v => v.Count, v => v.ToList()));
        builder.Ignore(c => c.Definition);
        builder.HasIndex(c => c.Name).IsUnique();
        builder.HasData(ServiceCalendar.SeedDefault());
    }
}

internal sealed class ServiceSlaPolicyConfiguration : IEntityTypeConfiguration<ServiceSlaPolicy>
{
    public void Configure(EntityTypeBuilder<ServiceSlaPolicy> builder)
    {
        builder.ToTable("Service_SlaPolicies");
        builder.Property(p => p.Name).HasMaxLength(ServiceSlaPolicy.NameLength);
        builder.Property(p => p.Category).HasMaxLength(ServiceSlaPolicy.CategoryLength);
        builder.Property(p => p.Priority).HasConversion<string>().HasMaxLength(10);
        builder.Property(p => p.MinimumTier).HasConversion<string>().HasMaxLength(10);
        // Escalation rules are read and written with their policy only: a JSON text column.
        builder.Property(p => p.EscalationRules).HasConversion(
            v => SlaDefinitionJson.WriteRules(v), v => SlaDefinitionJson.ReadRules(v),
            new ValueComparer<IReadOnlyList<EscalationRule>>((a, b) => a!.SequenceEqual(b!), v => v.Count, v => v.ToList()));
        builder.HasOne<ServiceQueue>().WithMany().HasForeignKey(p => p.QueueId).OnDelete(DeleteBehavior.Restrict);
        builder.Ignore(p => p.Targets);
        builder.HasOne<ServiceCalendar>().WithMany().HasForeignKey(p => p.CalendarId).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(p => p.Name).IsUnique();
        builder.HasIndex(p => new { p.IsActive, p.Position });
        builder.HasData(ServiceSlaPolicy.SeedDefault());
    }
}

/// <summary>The SLA columns of a case (docs/adr/0013-service-sla-clock.md, "Stored and applied").</summary>
internal static class CaseSlaColumns
{
    public static void Configure(EntityTypeBuilder<ServiceCase> builder)
    {
        builder.Property(c => c.SlaPolicyName).HasMaxLength(ServiceSlaPolicy.NameLength);
        builder.Property(c => c.SlaState).HasConversion<string>().HasMaxLength(10);
        builder.Property(c => c.SlaRecorded).HasMaxLength(500);
        builder.Ignore(c => c.SlaDefinitions);
        // The sweep asks only for cases whose next threshold has come; the list filters by SLA state; a policy change touches its open cases.
        builder.HasIndex(c => c.SlaNextCheckAtUtc);
        builder.HasIndex(c => new { c.SlaState, c.IsOpen, c.LastActivityAtUtc });
        builder.HasIndex(c => new { c.SlaPolicyId, c.Status });
    }
}
