using Crm.Service.Domain.Cases;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Crm.Service.Data;

/// <summary>
/// The per-case report figures. The reports filter cases by when they were opened, answered, resolved or breached; each of
/// those indexes also carries the columns its figures need, so a year of a million cases is aggregated from the indexes
/// alone (a case row, with its SLA definitions, is about a kilobyte; reading a million of them took seconds per figure).
/// </summary>
internal static class CaseReportColumns
{
    public static void Configure(EntityTypeBuilder<ServiceCase> builder)
    {
        // Also the "newest first" order of the lists.
        builder.HasIndex(c => new
        {
            c.OpenedAtUtc, c.QueueId, c.CustomerId, c.FirstResponseBusinessMinutes, c.SlaPolicyId, c.ResolvedAtUtc, c.SlaBreachedAtUtc,
        }).HasDatabaseName("IX_Service_Cases_Opened_Report");
        builder.HasIndex(c => new { c.FirstRespondedAtUtc, c.QueueId, c.Priority, c.FirstResponseBusinessMinutes })
            .HasDatabaseName("IX_Service_Cases_FirstResponded_Report");
        builder.HasIndex(c => new
        {
            c.ResolvedAtUtc, c.QueueId, c.Priority, c.SlaPolicyId, c.SlaPolicyName, c.OwnerId, c.SlaBreachedAtUtc, c.ResolutionBusinessMinutes, c.ReopenCount,
        }).HasDatabaseName("IX_Service_Cases_Resolved_Report");
        builder.HasIndex(c => new { c.SlaBreachedAtUtc, c.QueueId });
        // The backlog: open cases by queue and priority.
        builder.HasIndex(c => new { c.IsOpen, c.QueueId, c.Priority });
    }
}
