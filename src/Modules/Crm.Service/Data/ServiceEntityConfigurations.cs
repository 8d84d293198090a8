using Crm.Service.Domain.Cases;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Crm.Service.Data;

internal sealed class ServiceCaseConfiguration : IEntityTypeConfiguration<ServiceCase>
{
    public void Configure(EntityTypeBuilder<ServiceCase> builder)
    {
        builder.ToTable("Service_Cases");
        builder.Property(c => c.Subject).HasMaxLength(200);
        builder.Property(c => c.Channel).HasConversion<string>().HasMaxLength(12);
        builder.Property(c => c.Category).HasMaxLength(100);
        builder.Property(c => c.Priority).HasConversion<string>().HasMaxLength(10);
        builder.Property(c => c.Status).HasConversion<string>().HasMaxLength(20);
        builder.Property(c => c.OwnerId).HasMaxLength(450);
        builder.Property(c => c.Tags).HasMaxLength(1000);
        builder.Property(c => c.ProductCode).HasMaxLength(50);
        builder.Ignore(c => c.Number);
        builder.Ignore(c => c.TagList);
        builder.Ignore(c => c.NextStatuses);
        builder.Ignore(c => c.EditRefusal);
        builder.HasMany(c => c.Thread).WithOne().HasForeignKey(e => e.CaseId).OnDelete(DeleteBehavior.Cascade);
        builder.HasMany(c => c.Links).WithOne().HasForeignKey(l => l.CaseId).OnDelete(DeleteBehavior.Cascade);
        // The lists: my cases, unassigned, by SLA state, by status (open ones by last activity); a customer's cases (the newest:
        // the report's index on OpenedAtUtc, CaseReportColumns).
        builder.HasIndex(c => new { c.OwnerId, c.IsOpen, c.LastActivityAtUtc });
        builder.HasIndex(c => new { c.Status, c.LastActivityAtUtc });
        builder.HasIndex(c => new { c.CustomerId, c.OpenedAtUtc });
        builder.Property(c => c.PreferredAgentId).HasMaxLength(450);
        builder.HasOne<Domain.Queues.ServiceQueue>().WithMany().HasForeignKey(c => c.QueueId).OnDelete(DeleteBehavior.Restrict);
        // A queue's open (or closed) cases by activity.
        builder.HasIndex(c => new { c.QueueId, c.IsOpen, c.LastActivityAtUtc });
        CaseSlaColumns.Configure(builder);
        CaseReportColumns.Configure(builder);
    }
}

internal sealed class CaseEntryConfiguration : IEntityTypeConfiguration<CaseEntry>
{
    public void Configure(EntityTypeBuilder<CaseEntry> builder)
    {
        builder.ToTable("Service_CaseEntries");
        builder.Property(e => e.Kind).HasConversion<string>().HasMaxLength(20);
        builder.Property(e => e.Body).HasMaxLength(CaseEntry.MaxBodyLength);
        builder.Property(e => e.Channel).HasConversion<string>().HasMaxLength(12);
        builder.Property(e => e.AuthorId).HasMaxLength(450);
        builder.Property(e => e.Status).HasConversion<string>().HasMaxLength(20);
        builder.Property(e => e.VerificationCode).HasMaxLength(9);
        builder.HasIndex(e => new { e.CaseId, e.AtUtc });
    }
}

/// <summary>Links between cases (follow-up of, merged into, split from), one row per link, read from both ends.</summary>
internal sealed class CaseLinkConfiguration : IEntityTypeConfiguration<CaseLink>
{
    public void Configure(EntityTypeBuilder<CaseLink> builder)
    {
        builder.ToTable("Service_CaseLinks");
        builder.Property(l => l.Kind).HasConversion<string>().HasMaxLength(10);
        // The linked case's side: its follow-ups, the cases merged into it, the cases split off it.
        builder.HasOne<ServiceCase>().WithMany().HasForeignKey(l => l.LinkedCaseId).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(l => new { l.LinkedCaseId, l.Kind });
    }
}
