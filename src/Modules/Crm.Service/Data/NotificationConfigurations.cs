using Crm.Service.Domain.Notifications;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Crm.Service.Data;

internal sealed class AgentNotificationConfiguration : IEntityTypeConfiguration<AgentNotification>
{
    public void Configure(EntityTypeBuilder<AgentNotification> builder)
    {
        builder.ToTable("Service_AgentNotifications");
        builder.Property(n => n.RecipientId).HasMaxLength(450);
        builder.Property(n => n.Kind).HasConversion<string>().HasMaxLength(20);
        builder.Property(n => n.Text).HasMaxLength(AgentNotification.MaxTextLength);

        // The bell's questions: a user's newest notifications, and how many of them are unread.
        builder.HasIndex(n => new { n.RecipientId, n.Id });
        builder.HasIndex(n => new { n.RecipientId, n.ReadAtUtc });
    }
}
