using Crm.Kernel.Errors;
using Crm.Service.Contracts;
using Crm.Service.Domain.Knowledge;

namespace Crm.Service.Tests.Domain.Knowledge;

/// <summary>The rules of an article without a database: drafts, publishing, immutable revisions, visibility and its word index.</summary>
public sealed class ArticleRulesTests
{
    private static readonly DateTime Monday = new(2026, 3, 2, 9, 0, 0, DateTimeKind.Utc);

    private static ArticleContent Content(string title = "Returns policy", string body = "Return any item within **30 days**.",
        ArticleVisibility visibility = ArticleVisibility.Internal) => new(title, body, "Orders", ["returns"], visibility);

    [Fact]
    public void A_new_article_is_a_draft_with_unpublished_changes_and_no_revision()
    {
        var article = Article.Draft(Content(), "returns-policy");

        Assert.Equal((ArticleStatus.Draft, 0, true), (article.Status, article.PublishedRevision, article.HasUnpublishedChanges));
        Assert.Empty(article.Revisions);
        Assert.Null(article.PublishedVisibility);
    }

    [Fact]
    public void Readers_category_and_tags_are_the_published_ones_until_the_next_publish()
    {
        var article = Article.Draft(new ArticleContent("Returns policy", "Body", "Orders", ["returns", "parcel"], ArticleVisibility.Public), "returns-policy");
        Assert.Equal((null, 0), (article.PublishedCategory, article.PublishedTagList.Count));
        article.Publish("agent-1", Monday);

        article.Edit(new ArticleContent("Returns policy", "Body", "Secret", ["secret"], ArticleVisibility.Internal));

        Assert.Equal("Orders", article.PublishedCategory);
        Assert.Equal(["returns", "parcel"], article.PublishedTagList);
        article.Publish("agent-1", Monday.AddDays(1));
        Assert.Equal("Secret", article.PublishedCategory);
        Assert.Equal(["secret"], article.PublishedTagList);
    }

    [Fact]
    public void Publishing_makes_revision_one_then_an_edit_and_a_publish_make_revision_two_and_leave_revision_one_as_it_was()
    {
        var article = Article.Draft(Content(visibility: ArticleVisibility.Public), "returns-policy");
        var first = article.Publish("agent-1", Monday);

        Assert.Equal((1, ArticleStatus.Published, false), (first.Number, article.Status, article.HasUnpublishedChanges));
        Assert.Equal((ArticleVisibility.Public, "Returns policy", Monday), (article.PublishedVisibility, article.PublishedTitle, article.PublishedAtUtc));

        Assert.True(article.Edit(Content("Returns policy (updated)", "Return any item within **60 days**.", ArticleVisibility.Internal)));
        Assert.True(article.HasUnpublishedChanges);
        // Until the next publish, readers still get revision 1: public, the old title.
        Assert.Equal((1, ArticleVisibility.Public, "Returns policy"), (article.PublishedRevision, article.PublishedVisibility, article.PublishedTitle));

        var second = article.Publish("agent-2", Monday.AddDays(1));
        Assert.Equal(2, second.Number);
        Assert.Equal(("Return any item within **30 days**.", ArticleVisibility.Public, "agent-1", Monday),
            (first.Body, first.Visibility, first.PublishedBy, first.PublishedAtUtc));
        Assert.Equal(("Return any item within **60 days**.", ArticleVisibility.Internal, "agent-2"), (second.Body, second.Visibility, second.PublishedBy));
        Assert.Equal(ArticleVisibility.Internal, article.PublishedVisibility);
        Assert.Equal([1, 2], article.Revisions.Select(r => r.Number));
    }

    [Fact]
    public void A_revision_has_no_way_to_be_changed()
    {
        var writable = typeof(ArticleRevision).GetProperties().Where(p => p.SetMethod is { IsPublic: true }).Select(p => p.Name);
        var mutators = typeof(ArticleRevision).GetMethods().Where(m => m.DeclaringType == typeof(ArticleRevision) && !m.IsStatic && !m.IsSpecialName)
            .Select(m => m.Name);

        Assert.Empty(writable);
        Assert.Equal(["Says"], mutators);
    }

    [Fact]
    public void Publishing_again_without_a_change_is_refused_and_an_edit_back_to_the_published_text_is_no_change()
    {
        var article = Article.Draft(Content(), "returns-policy");
        article.Publish("agent-1", Monday);

        Assert.Throws<ConflictException>(() => article.Publish("agent-1", Monday));
        Assert.True(article.Edit(Content(body: "Something else.")));
        Assert.True(article.Edit(Content()));
        Assert.False(article.HasUnpublishedChanges);
        Assert.False(article.Edit(Content()));
        Assert.Single(article.Revisions);
    }

    [Theory]
    [InlineData(ArticleVisibility.Public, false, true)]
    [InlineData(ArticleVisibility.Public, true, true)]
    [InlineData(ArticleVisibility.Internal, false, false)]
    [InlineData(ArticleVisibility.Internal, true, true)]
    [InlineData(null, true, false)]
    [InlineData(null, false, false)]
    public void Who_reads_a_published_article_depends_on_the_published_visibility(ArticleVisibility? published, bool internalReader, bool readable) =>
        Assert.Equal(readable, Article.Readable(published, internalReader));

    [Fact]
    public void The_word_index_holds_the_working_copy_and_after_publishing_the_published_text_each_in_its_scope()
    {
        var article = Article.Draft(Content(title: "Delivery times", body: "Parcels arrive in 2–3 working days. Délivery is free."), "delivery-times");

        string[] Words(char scope) => [.. article.Words.Where(w => w.Scope == scope).Select(w => w.Word).Order()];

        Assert.Equal(["arrive", "days", "delivery", "free", "orders", "parcels", "returns", "times", "working"], Words(ArticleWord.WorkingScope));
        Assert.Empty(Words(ArticleWord.PublishedScope));

        article.Publish("agent-1", Monday);
        article.Edit(Content(title: "Delivery times", body: "Express parcels arrive next day."));

        Assert.Contains("express", Words(ArticleWord.WorkingScope));
        Assert.DoesNotContain("free", Words(ArticleWord.WorkingScope));
        Assert.Contains("free", Words(ArticleWord.PublishedScope));
        Assert.DoesNotContain("express", Words(ArticleWord.PublishedScope));
    }

    [Theory]
    [InlineData("Returns policy", "returns-policy")]
    [InlineData("  Réinitialiser le mot de passe! ", "reinitialiser-le-mot-de-passe")]
    [InlineData("???", "article")]
    [InlineData("Delivery: 2–3 days (EU)", "delivery-2-3-days-eu")]
    public void A_slug_is_lower_case_ascii_words_joined_by_hyphens(string title, string slug) => Assert.Equal(slug, Article.SlugOf(title));

    [Fact]
    public void Search_words_are_lower_case_without_accents_or_common_words_and_a_prefix_has_an_upper_bound()
    {
        Assert.Equal(["reset", "password"], SearchWords.Of("How do I reset my PASSWORD?"));
        Assert.Equal(["cafe", "creme"], SearchWords.Of("Café <crème> café"));
        Assert.Equal("retus", SearchWords.UpperBound("retur"));
    }
}
