using Crm.Service.Domain.Queues;
using Crm.Service.Domain.Telephony;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Crm.Service.Data;

internal sealed class PhoneSystemConfiguration : IEntityTypeConfiguration<PhoneSystem>
{
    public void Configure(EntityTypeBuilder<PhoneSystem> builder)
    {
        builder.ToTable("Service_PhoneSystems");
        builder.Property(s => s.Key).HasMaxLength(32);
        builder.HasIndex(s => s.Key).IsUnique();
        builder.Property(s => s.Name).HasMaxLength(100);
        builder.HasIndex(s => s.Name).IsUnique();
        builder.Property(s => s.Authentication).HasConversion<string>().HasMaxLength(12);
        builder.Property(s => s.TokenHash).HasMaxLength(32);
        builder.Property(s => s.ProtectedSecret).HasMaxLength(1000);
        builder.HasMany(s => s.QueueNumbers).WithOne().HasForeignKey(n => n.PhoneSystemId).OnDelete(DeleteBehavior.Cascade);
        builder.HasMany(s => s.Extensions).WithOne().HasForeignKey(e => e.PhoneSystemId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class PhoneQueueNumberConfiguration : IEntityTypeConfiguration<PhoneQueueNumber>
{
    public void Configure(EntityTypeBuilder<PhoneQueueNumber> builder)
    {
        builder.ToTable("Service_PhoneQueueNumbers");
        builder.Property(n => n.Number).HasMaxLength(20);
        builder.HasIndex(n => new { n.PhoneSystemId, n.Number }).IsUnique();
        builder.HasOne<ServiceQueue>().WithMany().HasForeignKey(n => n.QueueId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class PhoneExtensionConfiguration : IEntityTypeConfiguration<PhoneExtension>
{
    public void Configure(EntityTypeBuilder<PhoneExtension> builder)
    {
        builder.ToTable("Service_PhoneExtensions");
        builder.Property(e => e.Extension).HasMaxLength(64);
        builder.Property(e => e.AgentId).HasMaxLength(450);
        builder.HasIndex(e => new { e.PhoneSystemId, e.Extension }).IsUnique();
    }
}

internal sealed class PhoneCallConfiguration : IEntityTypeConfiguration<PhoneCall>
{
    public void Configure(EntityTypeBuilder<PhoneCall> builder)
    {
        builder.ToTable("Service_PhoneCalls");
        builder.Property(c => c.CallId).HasMaxLength(PhoneCall.MaxCallIdLength);
        // A retried event finds its call; a retried newCall cannot create a second one.
        builder.HasIndex(c => new { c.PhoneSystemId, c.CallId }).IsUnique();
        builder.Property(c => c.Direction).HasConversion<string>().HasMaxLength(3);
        builder.Property(c => c.FromNumber).HasMaxLength(PhoneCall.MaxNumberLength);
        builder.Property(c => c.ToNumber).HasMaxLength(PhoneCall.MaxNumberLength);
        builder.Property(c => c.CustomerNumber).HasMaxLength(20);
        builder.Property(c => c.AgentId).HasMaxLength(450);
        builder.Property(c => c.RoutedBy).HasMaxLength(40);
        builder.Property(c => c.VerificationCode).HasMaxLength(9);
        builder.Property(c => c.Cause).HasConversion<string>().HasMaxLength(20);
        builder.Property(c => c.Status).HasConversion<string>().HasMaxLength(10);
        builder.Ignore(c => c.DurationSeconds);
        builder.HasOne<PhoneSystem>().WithMany().HasForeignKey(c => c.PhoneSystemId).OnDelete(DeleteBehavior.Restrict);
        // The call log: an agent's calls and everyone's, newest first; pending call backs per agent; a customer's calls.
        builder.HasIndex(c => new { c.AgentId, c.StartedAtUtc });
        builder.HasIndex(c => c.StartedAtUtc);
        builder.HasIndex(c => new { c.AgentId, c.CallBackPending });
        builder.HasIndex(c => new { c.CustomerNumber, c.CallBackPending });
        builder.HasIndex(c => c.CustomerId);
    }
}
