using Crm.Service.Domain.Queues;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Crm.Service.Data;

internal sealed class ServiceQueueConfiguration : IEntityTypeConfiguration<ServiceQueue>
{
    public void Configure(EntityTypeBuilder<ServiceQueue> builder)
    {
        builder.ToTable("Service_Queues");
        builder.Property(q => q.Name).HasMaxLength(100);
        builder.Property(q => q.Description).HasMaxLength(500);
        builder.Property(q => q.Strategy).HasConversion<string>().HasMaxLength(20);
        builder.Property(q => q.SupervisorId).HasMaxLength(450);
        builder.HasIndex(q => q.Name).IsUnique();
        builder.HasMany(q => q.Members).WithOne().HasForeignKey(m => m.QueueId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Domain.Calendars.ServiceCalendar>().WithMany().HasForeignKey(q => q.CalendarId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class QueueMemberConfiguration : IEntityTypeConfiguration<QueueMember>
{
    public void Configure(EntityTypeBuilder<QueueMember> builder)
    {
        builder.ToTable("Service_QueueMembers");
        builder.Property(m => m.AgentId).HasMaxLength(450);
        builder.HasIndex(m => new { m.QueueId, m.AgentId }).IsUnique();
        // "My queues": the queues an agent works.
        builder.HasIndex(m => m.AgentId);
    }
}

internal sealed class AgentAvailabilityConfiguration : IEntityTypeConfiguration<AgentAvailability>
{
    public void Configure(EntityTypeBuilder<AgentAvailability> builder)
    {
        builder.ToTable("Service_AgentAvailability");
        builder.HasKey(a => a.AgentId);
        builder.Property(a => a.AgentId).HasMaxLength(450);
        builder.Property(a => a.Presence).HasConversion<string>().HasMaxLength(10);
        builder.Property(a => a.ChosenPresence).HasConversion<string>().HasMaxLength(10);
    }
}

internal sealed class QueueRuleConfiguration : IEntityTypeConfiguration<QueueRule>
{
    public void Configure(EntityTypeBuilder<QueueRule> builder)
    {
        builder.ToTable("Service_QueueRules");
        builder.Property(r => r.Category).HasMaxLength(100);
        builder.Property(r => r.Keywords).HasMaxLength(QueueRule.MaxKeywords * (QueueRule.MaxKeywordLength + 1));
        builder.Property(r => r.Channel).HasConversion<string>().HasMaxLength(12);
        builder.Property(r => r.MinimumTier).HasConversion<string>().HasMaxLength(10);
        builder.Ignore(r => r.KeywordList);
        builder.HasOne<ServiceQueue>().WithMany().HasForeignKey(r => r.QueueId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(r => r.Position);
    }
}

internal sealed class CustomerAgentPinConfiguration : IEntityTypeConfiguration<CustomerAgentPin>
{
    public void Configure(EntityTypeBuilder<CustomerAgentPin> builder)
    {
        builder.ToTable("Service_CustomerAgentPins");
        builder.Property(p => p.AgentId).HasMaxLength(450);
        builder.HasIndex(p => new { p.CustomerId, p.AgentId }).IsUnique();
    }
}
