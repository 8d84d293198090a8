using Crm.Analytics.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Crm.Analytics.Data;

internal sealed class CustomerValueRecordConfiguration : IEntityTypeConfiguration<CustomerValueRecord>
{
    public void Configure(EntityTypeBuilder<CustomerValueRecord> builder)
    {
        builder.ToTable("Analytics_CustomerValues");
        builder.HasKey(v => v.CustomerId);
        builder.Property(v => v.CustomerId).ValueGeneratedNever();
        builder.Property(v => v.Segment).HasMaxLength(40);
        // The dashboards' filters and sorts: heat-map cells, segments, tiers, CLV, P(alive), due dates.
        builder.HasIndex(v => new { v.RecencyScore, v.FrequencyScore, v.Monetary });
        builder.HasIndex(v => new { v.Segment, v.Monetary });
        builder.HasIndex(v => new { v.SpendTier, v.Monetary });
        builder.HasIndex(v => new { v.ProfitTier, v.Profit });
        builder.HasIndex(v => v.Monetary);
        builder.HasIndex(v => v.Profit);
        builder.HasIndex(v => v.Clv);
        builder.HasIndex(v => new { v.ProbabilityAlive, v.Monetary });
        builder.HasIndex(v => v.DueOn);
    }
}

internal sealed class ValueSnapshotConfiguration : IEntityTypeConfiguration<ValueSnapshot>
{
    public void Configure(EntityTypeBuilder<ValueSnapshot> builder)
    {
        builder.ToTable("Analytics_Snapshots");
        builder.HasKey(s => s.Period);
        builder.Property(s => s.Period).HasMaxLength(10);
    }
}

internal sealed class ValueSnapshotCustomerConfiguration : IEntityTypeConfiguration<ValueSnapshotCustomer>
{
    public void Configure(EntityTypeBuilder<ValueSnapshotCustomer> builder)
    {
        builder.ToTable("Analytics_SnapshotCustomers");
        builder.HasKey(s => new { s.Period, s.CustomerId });
        builder.Property(s => s.Period).HasMaxLength(10);
        builder.Property(s => s.Segment).HasMaxLength(40);
        builder.HasIndex(s => new { s.Period, s.RecencyScore, s.FrequencyScore, s.Monetary });
        builder.HasIndex(s => new { s.Period, s.Segment, s.Monetary });
        builder.HasIndex(s => new { s.Period, s.SpendTier, s.Monetary });
        builder.HasIndex(s => s.CustomerId);
    }
}

internal sealed class ValueRunConfiguration : IEntityTypeConfiguration<ValueRun>
{
    public void Configure(EntityTypeBuilder<ValueRun> builder)
    {
        builder.ToTable("Analytics_Runs");
        builder.Property(r => r.Trigger).HasMaxLength(20);
        builder.Property(r => r.RequestedBy).HasMaxLength(200);
        builder.Property(r => r.Status).HasConversion<string>().HasMaxLength(20);
        builder.Property(r => r.Stage).HasMaxLength(200);
        builder.Property(r => r.Message).HasMaxLength(2000);
        builder.HasIndex(r => r.StartedAtUtc);
    }
}

internal sealed class ValueModelConfiguration : IEntityTypeConfiguration<ValueModel>
{
    public void Configure(EntityTypeBuilder<ValueModel> builder)
    {
        builder.ToTable("Analytics_Models");
        builder.Property(m => m.Id).ValueGeneratedNever();
    }
}

internal sealed class StoredAssociationRuleConfiguration : IEntityTypeConfiguration<StoredAssociationRule>
{
    public void Configure(EntityTypeBuilder<StoredAssociationRule> builder)
    {
        builder.ToTable("Analytics_Rules");
        builder.Property(r => r.Antecedent).HasMaxLength(1000);
        builder.Property(r => r.Consequent).HasMaxLength(50);
        builder.Ignore(r => r.AntecedentCodes);
        builder.HasIndex(r => r.Lift);
        builder.HasIndex(r => new { r.Antecedent, r.Confidence });
        builder.HasIndex(r => new { r.Consequent, r.Lift });
    }
}
