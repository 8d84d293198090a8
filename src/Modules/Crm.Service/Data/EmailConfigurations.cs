using Crm.Service.Domain.Email;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Crm.Service.Data;

internal sealed class MailboxConfiguration : IEntityTypeConfiguration<Mailbox>
{
    public void Configure(EntityTypeBuilder<Mailbox> builder)
    {
        builder.ToTable("Service_Mailboxes");
        builder.Property(m => m.Name).HasMaxLength(Mailbox.MaxNameLength);
        builder.Property(m => m.Address).HasMaxLength(Mailbox.MaxAddressLength);
        builder.Property(m => m.ImapHost).HasMaxLength(Mailbox.MaxHostLength);
        builder.Property(m => m.ImapSecurity).HasConversion<string>().HasMaxLength(20);
        builder.Property(m => m.ImapUser).HasMaxLength(Mailbox.MaxUserLength);
        builder.Property(m => m.ImapPasswordCipher).HasMaxLength(2000);
        builder.Property(m => m.Folder).HasMaxLength(Mailbox.MaxFolderLength);
        builder.Property(m => m.SmtpHost).HasMaxLength(Mailbox.MaxHostLength);
        builder.Property(m => m.SmtpSecurity).HasConversion<string>().HasMaxLength(20);
        builder.Property(m => m.SmtpUser).HasMaxLength(Mailbox.MaxUserLength);
        builder.Property(m => m.SmtpPasswordCipher).HasMaxLength(2000);
        builder.HasIndex(m => m.Name).IsUnique();
        builder.HasIndex(m => m.Address).IsUnique();
    }
}

internal sealed class OutboundEmailConfiguration : IEntityTypeConfiguration<OutboundEmail>
{
    public void Configure(EntityTypeBuilder<OutboundEmail> builder)
    {
        builder.ToTable("Service_OutboundEmails");
        builder.Property(e => e.To).HasMaxLength(Mailbox.MaxAddressLength);
        builder.Property(e => e.Subject).HasMaxLength(OutboundEmail.MaxSubjectLength);
        builder.Property(e => e.TextBody).HasMaxLength(Domain.Cases.CaseEntry.MaxBodyLength * 2);
        builder.Property(e => e.MessageId).HasMaxLength(OutboundEmail.MaxMessageIdLength);
        builder.Property(e => e.InReplyTo).HasMaxLength(OutboundEmail.MaxMessageIdLength);
        builder.Property(e => e.References).HasMaxLength(OutboundEmail.MaxMessageIdLength * OutboundEmail.MaxReferences + OutboundEmail.MaxReferences);
        builder.Property(e => e.Delivery).HasConversion<string>().HasMaxLength(10);
        builder.Property(e => e.LastError).HasMaxLength(OutboundEmail.MaxErrorLength);
        builder.HasOne<Domain.Cases.ServiceCase>().WithMany().HasForeignKey(e => e.CaseId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne(e => e.CaseEntry).WithMany().HasForeignKey(e => e.CaseEntryId).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(e => e.MessageId).IsUnique();
        builder.HasIndex(e => new { e.Delivery, e.NextAttemptAtUtc });
        builder.HasIndex(e => e.CaseId);
    }
}

internal sealed class InboundEmailConfiguration : IEntityTypeConfiguration<InboundEmail>
{
    public void Configure(EntityTypeBuilder<InboundEmail> builder)
    {
        builder.ToTable("Service_InboundEmails");
        builder.Property(e => e.MessageId).HasMaxLength(OutboundEmail.MaxMessageIdLength);
        builder.Property(e => e.From).HasMaxLength(Mailbox.MaxAddressLength);
        builder.Property(e => e.Recipients).HasMaxLength(4000);
        builder.Property(e => e.Subject).HasMaxLength(OutboundEmail.MaxSubjectLength);
        builder.Property(e => e.TextBody).HasMaxLength(Domain.Cases.CaseEntry.MaxBodyLength);
        builder.Property(e => e.HtmlBody).HasMaxLength(InboundEmail.MaxHtmlLength);
        builder.Property(e => e.State).HasConversion<string>().HasMaxLength(12);
        builder.Property(e => e.LastError).HasMaxLength(OutboundEmail.MaxErrorLength);
        builder.HasOne<Domain.Cases.ServiceCase>().WithMany().HasForeignKey(e => e.CaseId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(e => e.MessageId).IsUnique();
        builder.HasIndex(e => new { e.From, e.ReceivedAtUtc });
        builder.HasIndex(e => e.CaseId);
    }
}
