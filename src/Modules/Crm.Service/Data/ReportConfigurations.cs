using Crm.Service.Domain.Cases;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Crm.Service.Data;

/// <summary>The per-case report figures: the reports filter cases by when they were answered, resolved or breached.</summary>
internal static class CaseReportColumns
{
    public static void Configure(EntityTypeBuilder<ServiceCase> builder)
    {
        builder.HasIndex(c => c.FirstRespondedAtUtc);
        builder.HasIndex(c => c.ResolvedAtUtc);
        builder.HasIndex(c => c.SlaBreachedAtUtc);
    }
}
