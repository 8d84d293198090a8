using Crm.Sales.Contracts;
using Crm.Sales.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Crm.Sales.Data;

internal sealed class ProductConfiguration : IEntityTypeConfiguration<Product>
{
    public void Configure(EntityTypeBuilder<Product> builder)
    {
        builder.ToTable("Sales_Products");
        builder.Property(p => p.Code).HasMaxLength(50);
        builder.Property(p => p.Name).HasMaxLength(300);
        builder.Property(p => p.SearchName).HasMaxLength(300);
        builder.Property(p => p.Category).HasMaxLength(100);
        builder.Property(p => p.Description).HasMaxLength(2000);
        builder.HasIndex(p => p.Code).IsUnique();
        builder.HasIndex(p => p.SearchName);
        builder.HasIndex(p => new { p.Category, p.SearchName });
    }
}

internal sealed class OrderConfiguration : IEntityTypeConfiguration<Order>
{
    public void Configure(EntityTypeBuilder<Order> builder)
    {
        builder.ToTable("Sales_Orders");
        builder.Property(o => o.OrderNumber).HasMaxLength(50);
        builder.Property(o => o.ExternalId).HasMaxLength(200);
        builder.Property(o => o.ContentHash).HasMaxLength(64);
        builder.Property(o => o.Channel).HasConversion<string>().HasMaxLength(20);
        builder.Property(o => o.Kind).HasConversion<string>().HasMaxLength(20);
        builder.Property(o => o.Status).HasConversion<string>().HasMaxLength(20);
        builder.Property(o => o.SalesRepId).HasMaxLength(450);
        builder.Property(o => o.Source).HasMaxLength(50);
        builder.Property(o => o.Notes).HasMaxLength(2000);

        builder.HasIndex(o => o.ExternalId).IsUnique();
        builder.HasIndex(o => o.OrderNumber);
        builder.HasIndex(o => new { o.CustomerId, o.OrderedAtUtc });
        builder.HasIndex(o => o.OrderedAtUtc);
        builder.HasIndex(o => new { o.SalesRepId, o.OrderedAtUtc });
        builder.HasIndex(o => o.OriginalOrderId);
        // The order list's filters and sorts: each serves the total count and the sorted page without a table scan.
        builder.HasIndex(o => new { o.Status, o.OrderedAtUtc });
        builder.HasIndex(o => new { o.Channel, o.OrderedAtUtc });
        builder.HasIndex(o => o.Total);

        builder.HasMany(o => o.Lines).WithOne().HasForeignKey(l => l.OrderId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Order>().WithMany().HasForeignKey(o => o.OriginalOrderId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class OrderLineConfiguration : IEntityTypeConfiguration<OrderLine>
{
    public void Configure(EntityTypeBuilder<OrderLine> builder)
    {
        builder.ToTable("Sales_OrderLines");
        builder.Property(l => l.ProductCode).HasMaxLength(50);
        builder.Property(l => l.ProductName).HasMaxLength(300);
        builder.HasIndex(l => l.OrderId);
        builder.HasIndex(l => l.ProductId);
        builder.HasOne<Product>().WithMany().HasForeignKey(l => l.ProductId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class LeadConfiguration : IEntityTypeConfiguration<Lead>
{
    public void Configure(EntityTypeBuilder<Lead> builder)
    {
        builder.ToTable("Sales_Leads");
        builder.Property(l => l.FirstName).HasMaxLength(100);
        builder.Property(l => l.LastName).HasMaxLength(100);
        builder.Property(l => l.CompanyName).HasMaxLength(200);
        builder.Property(l => l.Email).HasMaxLength(254);
        builder.Property(l => l.Phone).HasMaxLength(20);
        builder.Property(l => l.Source).HasMaxLength(100);
        builder.Property(l => l.Message).HasMaxLength(4000);
        builder.Property(l => l.Status).HasConversion<string>().HasMaxLength(20);
        builder.Property(l => l.OwnerId).HasMaxLength(450);
        builder.Property(l => l.DisqualifyReason).HasMaxLength(500);
        builder.Property(l => l.SubmissionKey).HasMaxLength(100);
        builder.HasIndex(l => new { l.Status, l.CreatedAtUtc });
        builder.HasIndex(l => new { l.OwnerId, l.Status });
        builder.HasIndex(l => l.Email);
        builder.HasIndex(l => l.SubmissionKey).IsUnique();
        builder.HasIndex(l => l.AssignedAtUtc);
    }
}

internal sealed class PipelineStageConfiguration : IEntityTypeConfiguration<PipelineStage>
{
    public void Configure(EntityTypeBuilder<PipelineStage> builder)
    {
        builder.ToTable("Sales_PipelineStages");
        builder.Property(s => s.Name).HasMaxLength(100);
        builder.Property(s => s.Kind).HasConversion<string>().HasMaxLength(10);
        builder.HasIndex(s => s.Name).IsUnique();
        builder.HasData(
            new PipelineStage { Id = 1, Name = "Prospecting", Position = 1, Probability = 10, Kind = StageKind.Open },
            new PipelineStage { Id = 2, Name = "Qualification", Position = 2, Probability = 25, Kind = StageKind.Open },
            new PipelineStage { Id = 3, Name = "Proposal", Position = 3, Probability = 50, Kind = StageKind.Open },
            new PipelineStage { Id = 4, Name = "Negotiation", Position = 4, Probability = 75, Kind = StageKind.Open },
            new PipelineStage { Id = 5, Name = "Won", Position = 5, Probability = 100, Kind = StageKind.Won },
            new PipelineStage { Id = 6, Name = "Lost", Position = 6, Probability = 0, Kind = StageKind.Lost });
    }
}

internal sealed class OpportunityConfiguration : IEntityTypeConfiguration<Opportunity>
{
    public void Configure(EntityTypeBuilder<Opportunity> builder)
    {
        builder.ToTable("Sales_Opportunities");
        builder.Property(o => o.Name).HasMaxLength(200);
        builder.Property(o => o.OwnerId).HasMaxLength(450);
        builder.Property(o => o.CloseReason).HasMaxLength(500);
        builder.Property(o => o.Notes).HasMaxLength(4000);
        builder.HasIndex(o => new { o.StageId, o.OwnerId });
        // Board and forecast: per-stage totals, open cards by close date and the monthly forecast read this index alone.
        builder.HasIndex(o => new { o.StageId, o.ExpectedCloseDate, o.OwnerId, o.Amount, o.WeightedAmount });
        builder.HasIndex(o => new { o.StageId, o.ClosedAtUtc });
        builder.HasIndex(o => new { o.OwnerId, o.StageId });
        builder.HasIndex(o => o.CustomerId);
        builder.HasIndex(o => o.ExpectedCloseDate);
        builder.HasOne<PipelineStage>().WithMany().HasForeignKey(o => o.StageId).OnDelete(DeleteBehavior.Restrict);
        builder.HasMany(o => o.Products).WithOne().HasForeignKey(p => p.OpportunityId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class OpportunityProductConfiguration : IEntityTypeConfiguration<OpportunityProduct>
{
    public void Configure(EntityTypeBuilder<OpportunityProduct> builder)
    {
        builder.ToTable("Sales_OpportunityProducts");
        builder.HasIndex(p => p.OpportunityId);
        builder.HasOne<Product>().WithMany().HasForeignKey(p => p.ProductId).OnDelete(DeleteBehavior.Restrict);
    }
}
