using Crm.Contacts.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Crm.Contacts.Data;

internal sealed class CustomerConfiguration : IEntityTypeConfiguration<Customer>
{
    public void Configure(EntityTypeBuilder<Customer> builder)
    {
        builder.ToTable("Contacts_Customers");
        builder.Property(c => c.Kind).HasConversion<string>().HasMaxLength(10);
        builder.Property(c => c.FirstName).HasMaxLength(100);
        builder.Property(c => c.LastName).HasMaxLength(100);
        builder.Property(c => c.CompanyName).HasMaxLength(200);
        builder.Property(c => c.JobTitle).HasMaxLength(100);
        builder.Property(c => c.DisplayName).HasMaxLength(250);
        builder.Property(c => c.SearchName).HasMaxLength(250);
        builder.Property(c => c.Website).HasMaxLength(300);
        builder.Property(c => c.Industry).HasMaxLength(100);
        builder.Property(c => c.Source).HasMaxLength(100);
        builder.Property(c => c.OwnerId).HasMaxLength(450);
        builder.Property(c => c.Notes).HasMaxLength(4000);
        builder.Property(c => c.ExternalId).HasMaxLength(100);
        builder.Property(c => c.PrimaryEmail).HasMaxLength(254);
        builder.Property(c => c.PrimaryPhone).HasMaxLength(20);
        builder.Property(c => c.City).HasMaxLength(100);
        builder.Property(c => c.Country).HasMaxLength(100);

        builder.HasIndex(c => c.SearchName);
        builder.HasIndex(c => new { c.OwnerId, c.SearchName });
        builder.HasIndex(c => new { c.City, c.SearchName });
        // Lists filter active customers by city or owner and sort by last contact: these serve the count and the page.
        builder.HasIndex(c => new { c.City, c.IsActive, c.LastContactAtUtc });
        builder.HasIndex(c => new { c.OwnerId, c.IsActive, c.LastContactAtUtc });
        builder.HasIndex(c => c.CreatedAtUtc);
        builder.HasIndex(c => c.LastContactAtUtc);
        builder.HasIndex(c => c.PrimaryEmail);
        builder.HasIndex(c => c.PrimaryPhone);
        builder.HasIndex(c => c.CompanyId);
        builder.HasIndex(c => c.ExternalId).IsUnique();

        builder.HasOne<Customer>().WithMany().HasForeignKey(c => c.CompanyId).OnDelete(DeleteBehavior.Restrict);
        builder.HasMany(c => c.Emails).WithOne().HasForeignKey(e => e.CustomerId).OnDelete(DeleteBehavior.Cascade);
        builder.HasMany(c => c.Phones).WithOne().HasForeignKey(p => p.CustomerId).OnDelete(DeleteBehavior.Cascade);
        builder.HasMany(c => c.Addresses).WithOne().HasForeignKey(a => a.CustomerId).OnDelete(DeleteBehavior.Cascade);
        builder.HasMany(c => c.Tags).WithOne().HasForeignKey(t => t.CustomerId).OnDelete(DeleteBehavior.Cascade);
        builder.HasMany(c => c.Consents).WithOne().HasForeignKey(c => c.CustomerId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class CustomerEmailConfiguration : IEntityTypeConfiguration<CustomerEmail>
{
    public void Configure(EntityTypeBuilder<CustomerEmail> builder)
    {
        builder.ToTable("Contacts_CustomerEmails");
        builder.Property(e => e.Address).HasMaxLength(254);
        builder.Property(e => e.Label).HasMaxLength(50);
        builder.HasIndex(e => e.Address);
    }
}

internal sealed class CustomerPhoneConfiguration : IEntityTypeConfiguration<CustomerPhone>
{
    public void Configure(EntityTypeBuilder<CustomerPhone> builder)
    {
        builder.ToTable("Contacts_CustomerPhones");
        builder.Property(p => p.Number).HasMaxLength(20);
        builder.Property(p => p.Label).HasMaxLength(50);
        builder.HasIndex(p => p.Number);
    }
}

internal sealed class CustomerAddressConfiguration : IEntityTypeConfiguration<CustomerAddress>
{
    public void Configure(EntityTypeBuilder<CustomerAddress> builder)
    {
        builder.ToTable("Contacts_CustomerAddresses");
        builder.Property(a => a.Label).HasMaxLength(50);
        builder.Property(a => a.Street).HasMaxLength(200);
        builder.Property(a => a.PostalCode).HasMaxLength(20);
        builder.Property(a => a.City).HasMaxLength(100);
        builder.Property(a => a.Region).HasMaxLength(100);
        builder.Property(a => a.Country).HasMaxLength(100);
    }
}

internal sealed class CustomerTagConfiguration : IEntityTypeConfiguration<CustomerTag>
{
    public void Configure(EntityTypeBuilder<CustomerTag> builder)
    {
        builder.ToTable("Contacts_CustomerTags");
        builder.HasKey(t => new { t.CustomerId, t.Tag });
        builder.Property(t => t.Tag).HasMaxLength(50);
        builder.HasIndex(t => new { t.Tag, t.CustomerId });
    }
}

internal sealed class MarketingConsentConfiguration : IEntityTypeConfiguration<MarketingConsent>
{
    public void Configure(EntityTypeBuilder<MarketingConsent> builder)
    {
        builder.ToTable("Contacts_MarketingConsents");
        builder.HasKey(c => new { c.CustomerId, c.Channel });
        builder.Property(c => c.Channel).HasConversion<string>().HasMaxLength(10);
        builder.Property(c => c.Source).HasMaxLength(100);
    }
}

internal sealed class InteractionConfiguration : IEntityTypeConfiguration<Interaction>
{
    public void Configure(EntityTypeBuilder<Interaction> builder)
    {
        builder.ToTable("Contacts_Interactions");
        builder.Property(i => i.Channel).HasConversion<string>().HasMaxLength(12);
        builder.Property(i => i.Direction).HasConversion<string>().HasMaxLength(10);
        builder.Property(i => i.Type).HasConversion<string>().HasMaxLength(20);
        builder.Property(i => i.Subject).HasMaxLength(300);
        builder.Property(i => i.Notes).HasMaxLength(8000);
        builder.Property(i => i.Outcome).HasMaxLength(200);
        builder.Property(i => i.HandledBy).HasMaxLength(450);
        builder.Property(i => i.OrderId).HasMaxLength(100);
        builder.Property(i => i.CaseId).HasMaxLength(100);
        builder.Property(i => i.CampaignId).HasMaxLength(100);
        builder.Property(i => i.VerificationCode).HasMaxLength(9);
        builder.HasIndex(i => new { i.CustomerId, i.OccurredAtUtc });
        builder.HasOne<Customer>().WithMany().HasForeignKey(i => i.CustomerId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class ContactsAuditEntryConfiguration : IEntityTypeConfiguration<ContactsAuditEntry>
{
    public void Configure(EntityTypeBuilder<ContactsAuditEntry> builder)
    {
        builder.ToTable("Contacts_AuditEntries");
        builder.Property(a => a.ActorId).HasMaxLength(450);
        builder.Property(a => a.Action).HasMaxLength(30);
        builder.HasIndex(a => new { a.CustomerId, a.AtUtc });
    }
}

internal sealed class SavedViewConfiguration : IEntityTypeConfiguration<SavedView>
{
    public void Configure(EntityTypeBuilder<SavedView> builder)
    {
        builder.ToTable("Contacts_SavedViews");
        builder.Property(v => v.OwnerUserId).HasMaxLength(450);
        builder.Property(v => v.Name).HasMaxLength(100);
        builder.Property(v => v.QueryJson).HasMaxLength(4000);
        // Views saved before lists other than the customers' had views are the customers'.
        builder.Property(v => v.ListKey).HasMaxLength(40).HasDefaultValue("customers");
        builder.HasIndex(v => new { v.OwnerUserId, v.ListKey, v.Name }).IsUnique();
    }
}

internal sealed class PreferenceFactConfiguration : IEntityTypeConfiguration<PreferenceFact>
{
    public void Configure(EntityTypeBuilder<PreferenceFact> builder)
    {
        builder.ToTable("Contacts_PreferenceFacts");
        builder.Property(f => f.Category).HasConversion<string>().HasMaxLength(20);
        builder.Property(f => f.Source).HasConversion<string>().HasMaxLength(20);
        builder.Property(f => f.Value).HasMaxLength(PreferenceFact.MaxValueLength);
        builder.HasIndex(f => new { f.CustomerId, f.Category });
        // Segments and offer rules select customers by category: this serves "customers with a Dietary fact".
        builder.HasIndex(f => new { f.Category, f.CustomerId });
        builder.HasOne<Customer>().WithMany().HasForeignKey(f => f.CustomerId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class ContactVerificationConfiguration : IEntityTypeConfiguration<ContactVerification>
{
    public void Configure(EntityTypeBuilder<ContactVerification> builder)
    {
        builder.ToTable("Contacts_ContactVerifications");
        builder.Property(v => v.CodeHash).HasMaxLength(64).IsUnicode(false);
        builder.Property(v => v.AgentUserId).HasMaxLength(450);
        builder.Property(v => v.AgentFirstName).HasMaxLength(50);
        builder.Property(v => v.Channel).HasConversion<string>().HasMaxLength(12);
        builder.HasIndex(v => v.CodeHash).IsUnique();
        builder.HasIndex(v => v.CustomerId);
        builder.HasIndex(v => v.ExpiresAtUtc);
    }
}
