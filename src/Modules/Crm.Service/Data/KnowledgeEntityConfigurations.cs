using Crm.Service.Domain.Knowledge;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Crm.Service.Data;

internal sealed class ArticleConfiguration : IEntityTypeConfiguration<Article>
{
    public void Configure(EntityTypeBuilder<Article> builder)
    {
        builder.ToTable("Service_Articles");
        builder.Property(a => a.Slug).HasMaxLength(Article.MaxSlugLength);
        builder.Property(a => a.Title).HasMaxLength(Article.MaxTitleLength);
        builder.Property(a => a.Body).HasMaxLength(Article.MaxBodyLength);
        builder.Property(a => a.Category).HasMaxLength(Article.MaxCategoryLength);
        builder.Property(a => a.Tags).HasMaxLength(Article.MaxTags * (Article.MaxTagLength + 1));
        builder.Property(a => a.Visibility).HasConversion<string>().HasMaxLength(10);
        builder.Property(a => a.PublishedVisibility).HasConversion<string>().HasMaxLength(10);
        builder.Property(a => a.PublishedTitle).HasMaxLength(Article.MaxTitleLength);
        builder.Property(a => a.PublishedCategory).HasMaxLength(Article.MaxCategoryLength);
        builder.Property(a => a.PublishedTags).HasMaxLength(Article.MaxTags * (Article.MaxTagLength + 1));
        builder.Ignore(a => a.Status);
        builder.Ignore(a => a.TagList);
        builder.Ignore(a => a.PublishedTagList);
        builder.HasMany(a => a.Revisions).WithOne().HasForeignKey(r => r.ArticleId).OnDelete(DeleteBehavior.Cascade);
        builder.HasMany(a => a.Words).WithOne().HasForeignKey(w => w.ArticleId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(a => a.Slug).IsUnique();
        // The list: newest changes first, and what readers see (published, by visibility) by publication.
        builder.HasIndex(a => a.ModifiedAtUtc);
        builder.HasIndex(a => new { a.PublishedVisibility, a.PublishedAtUtc });
        builder.HasIndex(a => new { a.Category, a.ModifiedAtUtc });
        builder.HasIndex(a => new { a.PublishedCategory, a.PublishedAtUtc });
    }
}

internal sealed class ArticleRevisionConfiguration : IEntityTypeConfiguration<ArticleRevision>
{
    public void Configure(EntityTypeBuilder<ArticleRevision> builder)
    {
        builder.ToTable("Service_ArticleRevisions");
        builder.Property(r => r.Title).HasMaxLength(Article.MaxTitleLength);
        builder.Property(r => r.Body).HasMaxLength(Article.MaxBodyLength);
        builder.Property(r => r.Category).HasMaxLength(Article.MaxCategoryLength);
        builder.Property(r => r.Tags).HasMaxLength(Article.MaxTags * (Article.MaxTagLength + 1));
        builder.Property(r => r.Visibility).HasConversion<string>().HasMaxLength(10);
        builder.Property(r => r.PublishedBy).HasMaxLength(450);
        builder.HasIndex(r => new { r.ArticleId, r.Number }).IsUnique();
    }
}

internal sealed class ArticleWordConfiguration : IEntityTypeConfiguration<ArticleWord>
{
    public void Configure(EntityTypeBuilder<ArticleWord> builder)
    {
        builder.ToTable("Service_ArticleWords");
        // The key is the search path: a word (or a range of words for a prefix) in one scope gives the articles.
        builder.HasKey(w => new { w.Scope, w.Word, w.ArticleId });
        builder.Property(w => w.Scope).HasConversion<string>().HasMaxLength(1).IsUnicode(false);
        builder.Property(w => w.Word).HasMaxLength(ArticleWord.MaxWordLength);
        // The probe: does this article have a word in this range? (and the foreign key's index).
        builder.HasIndex(w => new { w.ArticleId, w.Scope, w.Word });
    }
}
