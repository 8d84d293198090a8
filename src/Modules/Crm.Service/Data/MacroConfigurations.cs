using Crm.Service.Domain.Macros;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Crm.Service.Data;

internal sealed class MacroConfiguration : IEntityTypeConfiguration<Macro>
{
    public void Configure(EntityTypeBuilder<Macro> builder)
    {
        builder.ToTable("Service_Macros");
        builder.Property(m => m.Name).HasMaxLength(Macro.MaxNameLength);
        builder.Property(m => m.Body).HasMaxLength(Domain.Cases.CaseEntry.MaxBodyLength);
        builder.Property(m => m.SetStatus).HasConversion<string>().HasMaxLength(20);
        builder.Property(m => m.SetPriority).HasConversion<string>().HasMaxLength(10);
        builder.Property(m => m.AddTag).HasMaxLength(Macro.MaxTagLength);
        builder.HasIndex(m => m.Name).IsUnique();
    }
}
