using System.Net;
using System.Net.Http.Json;
using Crm.Kernel;
using Crm.Kernel.Identity;
using Crm.Service.Contracts;
using Crm.Service.Features.Knowledge;
using Crm.Service.Tests.Features.Cases;
using Microsoft.Extensions.DependencyInjection;
using static Crm.Service.Tests.Features.Cases.CasesFixture;

namespace Crm.Service.Tests.Features.Knowledge;

/// <summary>
/// The knowledge base over the API and the public help page on a real host: drafts, publishing immutable revisions, versions,
/// who reads what (anonymous callers only public published articles), search, suggestions and replies that quote an article.
/// </summary>
public sealed class KnowledgeApiTests(CasesFixture fixture) : IClassFixture<CasesFixture>
{
    private static readonly Uri Articles = new("/api/v1/kb/articles", UriKind.Relative);

    private static Uri Path(string path) => new(path, UriKind.Relative);

    private static async Task<HttpResponseMessage> CreateAsync(HttpClient client, ArticleInput input, string? key = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, Articles) { Content = JsonContent.Create(input, options: Json) };
        if (key is not null)
        {
            request.Headers.Add("Idempotency-Key", key);
        }

        return await client.SendAsync(request);
    }

    private static async Task<HttpResponseMessage> SendAsync(HttpClient client, HttpMethod method, string path, Guid? ifMatch, object? body = null)
    {
        using var request = new HttpRequestMessage(method, Path(path));
        if (body is not null)
        {
            request.Content = JsonContent.Create(body, body.GetType(), options: Json);
        }

        if (ifMatch is { } version)
        {
            request.Headers.TryAddWithoutValidation("If-Match", $"\"{version:N}\"");
        }

        return await client.SendAsync(request);
    }

    private static async Task<ArticleDetails> PublishedAsync(HttpClient writer, string title, string body, ArticleVisibility visibility, string? category = null)
    {
        var created = await ReadAsync<ArticleDetails>(await CreateAsync(writer, new ArticleInput { Title = title, Body = body, Visibility = visibility, Category = category }));
        return await ReadAsync<ArticleDetails>(await SendAsync(writer, HttpMethod.Post, $"/api/v1/kb/articles/{created.Id}/publish", created.Version));
    }

    private HttpClient Anonymous() => new() { BaseAddress = fixture.Host.BaseAddress };

    [Fact]
    public async Task An_agent_drafts_once_per_key_publishes_revision_one_then_revision_two_and_revision_one_stays_as_it_was()
    {
        using var agent = await fixture.ClientAsync(Agent);
        using var rep = await fixture.ClientAsync(Rep);
        using var anonymous = Anonymous();
        var input = new ArticleInput { Title = "Returns policy for kettles", Body = "Return a kettle within **30 days**.", Category = "Orders", Tags = ["returns", " Returns "], Visibility = ArticleVisibility.Public };
        var key = Guid.NewGuid().ToString();

        using var first = await CreateAsync(agent, input, key);
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        var draft = await ReadAsync<ArticleDetails>(first);
        var replay = await ReadAsync<ArticleDetails>(await CreateAsync(agent, input, key));
        Assert.Equal(draft.Id, replay.Id);
        Assert.Equal($"\"{draft.Version:N}\"", first.Headers.ETag!.Tag);
        Assert.Equal(("returns-policy-for-kettles", ArticleStatus.Draft, 0), (draft.Slug, draft.Status, draft.PublishedRevision));
        Assert.Equal(["returns"], draft.Tags);
        Assert.Contains("<strong>30 days</strong>", draft.Html, StringComparison.Ordinal);

        // A draft is nobody's business but the writers'.
        Assert.Equal(HttpStatusCode.NotFound, (await rep.GetAsync(Path($"/api/v1/kb/articles/{draft.Id}"))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync(Path($"/api/v1/kb/articles/{draft.Id}"))).StatusCode);

        using var noVersion = await SendAsync(agent, HttpMethod.Post, $"/api/v1/kb/articles/{draft.Id}/publish", null);
        Assert.Equal(HttpStatusCode.PreconditionRequired, noVersion.StatusCode);
        var published = await ReadAsync<ArticleDetails>(await SendAsync(agent, HttpMethod.Post, $"/api/v1/kb/articles/{draft.Id}/publish", draft.Version));
        Assert.Equal((ArticleStatus.Published, 1, false), (published.Status, published.PublishedRevision, published.HasUnpublishedChanges));
        using var again = await SendAsync(agent, HttpMethod.Post, $"/api/v1/kb/articles/{draft.Id}/publish", published.Version);
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);

        var changed = input with { Title = "Returns policy for kettles and toasters", Body = "Return it within **60 days**." };
        using var stale = await SendAsync(agent, HttpMethod.Put, $"/api/v1/kb/articles/{draft.Id}", draft.Version, changed);
        Assert.Equal(HttpStatusCode.PreconditionFailed, stale.StatusCode);
        var edited = await ReadAsync<ArticleDetails>(await SendAsync(agent, HttpMethod.Put, $"/api/v1/kb/articles/{draft.Id}", published.Version, changed));
        Assert.True(edited.HasUnpublishedChanges);

        // Readers still read revision 1 until the edit is published.
        var readerView = await ReadAsync<ArticleDetails>(await rep.GetAsync(Path($"/api/v1/kb/articles/{draft.Id}")));
        Assert.Equal((1, "Returns policy for kettles"), (readerView.Revision, readerView.Title));

        var second = await ReadAsync<ArticleDetails>(await SendAsync(agent, HttpMethod.Post, $"/api/v1/kb/articles/{draft.Id}/publish", edited.Version));
        Assert.Equal([2, 1], second.Revisions.Select(r => r.Number));
        Assert.Equal("Returns policy for kettles", second.Revisions[1].Title);
        Assert.NotNull(second.Revisions[0].PublishedByName);

        var old = await ReadAsync<ArticleRevisionDetails>(await rep.GetAsync(Path($"/api/v1/kb/articles/{draft.Id}/revisions/1")));
        Assert.Equal(("Return a kettle within **30 days**.", 1), (old.Body, old.Number));
        var publicView = await ReadAsync<ArticleDetails>(await anonymous.GetAsync(Path($"/api/v1/kb/articles/{draft.Id}")));
        Assert.Equal((2, "Return it within **60 days**.", 0), (publicView.Revision, publicView.Body, publicView.Revisions.Count));
        Assert.Null(publicView.PublishedByName);
        // The public reads the latest revision only.
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync(Path($"/api/v1/kb/articles/{draft.Id}/revisions/1"))).StatusCode);
    }

    [Fact]
    public async Task Only_writers_create_edit_and_publish_and_without_credentials_only_public_published_articles_are_readable()
    {
        using var agent = await fixture.ClientAsync(Agent);
        using var manager = await fixture.ClientAsync(Manager);
        using var rep = await fixture.ClientAsync(Rep);
        using var anonymous = Anonymous();
        var internalOne = await PublishedAsync(manager, "Escalating a zebracorn complaint", "Call the duty manager.", ArticleVisibility.Internal);
        var publicOne = await PublishedAsync(agent, "Zebracorn delivery areas", "We deliver zebracorns everywhere.", ArticleVisibility.Public);
        var draft = await ReadAsync<ArticleDetails>(await CreateAsync(agent, new ArticleInput { Title = "Zebracorn draft", Body = "Not yet.", Visibility = ArticleVisibility.Public }));

        Assert.Equal(HttpStatusCode.Forbidden, (await CreateAsync(rep, new ArticleInput { Title = "Mine", Body = "Text" })).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await CreateAsync(anonymous, new ArticleInput { Title = "Mine", Body = "Text" })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await SendAsync(rep, HttpMethod.Post, $"/api/v1/kb/articles/{draft.Id}/publish", draft.Version)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await SendAsync(anonymous, HttpMethod.Post, $"/api/v1/kb/articles/{draft.Id}/publish", draft.Version)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await SendAsync(rep, HttpMethod.Put, $"/api/v1/kb/articles/{draft.Id}", draft.Version,
            new ArticleInput { Title = "x", Body = "y" })).StatusCode);

        Assert.Equal(HttpStatusCode.OK, (await rep.GetAsync(Path($"/api/v1/kb/articles/{internalOne.Id}"))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync(Path($"/api/v1/kb/articles/{internalOne.Id}"))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync(Path($"/api/v1/kb/articles/{publicOne.Id}"))).StatusCode);

        async Task<string[]> TitlesAsync(HttpClient client) =>
            [.. (await client.GetFromJsonAsync<PagedResult<ArticleListItem>>(Path("/api/v1/kb/articles?search=zebracorn&sort=Title&descending=false"), Json))!
                .Items.Select(i => i.Title)];

        Assert.Equal(["Escalating a zebracorn complaint", "Zebracorn delivery areas", "Zebracorn draft"], await TitlesAsync(agent));
        Assert.Equal(["Escalating a zebracorn complaint", "Zebracorn delivery areas"], await TitlesAsync(rep));
        Assert.Equal(["Zebracorn delivery areas"], await TitlesAsync(anonymous));
        var apiKey = fixture.Host.CreateApiKeyClient(await fixture.Host.IssueApiKeyAsync(CrmRoles.SalesRep));
        Assert.Equal(["Escalating a zebracorn complaint", "Zebracorn delivery areas"], await TitlesAsync(apiKey));
    }

    [Fact]
    public async Task Search_matches_every_word_at_the_start_of_a_word_and_readers_search_only_what_is_published()
    {
        using var agent = await fixture.ClientAsync(Agent);
        using var rep = await fixture.ClientAsync(Rep);
        var article = await PublishedAsync(agent, "Resetting a quokkaphone password", "Open Settings, then Security, then choose Reset.", ArticleVisibility.Internal, "Account");
        await PublishedAsync(agent, "Quokkaphone battery care", "Charge it overnight.", ArticleVisibility.Internal, "Devices");
        await SendAsync(agent, HttpMethod.Put, $"/api/v1/kb/articles/{article.Id}", article.Version,
            new ArticleInput { Title = "Resetting a quokkaphone password", Body = "Use the new Wombatwizard.", Visibility = ArticleVisibility.Internal, Category = "Account" });

        async Task<string[]> SearchAsync(HttpClient client, string words, string extra = "") =>
            [.. (await client.GetFromJsonAsync<PagedResult<ArticleListItem>>(Path($"/api/v1/kb/articles?search={Uri.EscapeDataString(words)}&sort=Title&descending=false{extra}"), Json))!
                .Items.Select(i => i.Title)];

        Assert.Equal(["Quokkaphone battery care", "Resetting a quokkaphone password"], await SearchAsync(agent, "QUOKKA"));
        Assert.Equal(["Resetting a quokkaphone password"], await SearchAsync(agent, "quokkaphone pass"));
        Assert.Equal(["Quokkaphone battery care"], await SearchAsync(agent, "quokkaphone", "&category=Devices"));
        Assert.Empty(await SearchAsync(agent, "quokkaphone overnight password"));
        // The writer's search reads the working copy, the reader's the published revision.
        Assert.Equal(["Resetting a quokkaphone password"], await SearchAsync(agent, "wombatwizard"));
        Assert.Empty(await SearchAsync(rep, "wombatwizard"));
        Assert.Equal(["Resetting a quokkaphone password"], await SearchAsync(rep, "quokkaphone security"));
        Assert.Empty(await SearchAsync(agent, "quokkaphone security"));
    }

    [Fact]
    public async Task Bad_fields_are_named_and_hostile_markdown_is_stored_as_written_but_served_sanitised()
    {
        using var agent = await fixture.ClientAsync(Agent);
        using var blank = await CreateAsync(agent, new ArticleInput { Title = " ", Body = "", Tags = ["a|b"] });
        Assert.Equal(HttpStatusCode.BadRequest, blank.StatusCode);
        var problem = await blank.Content.ReadAsStringAsync();
        Assert.Contains("\"title\"", problem, StringComparison.Ordinal);
        Assert.Contains("\"body\"", problem, StringComparison.Ordinal);
        Assert.Contains("\"tags[0]\"", problem, StringComparison.Ordinal);

        const string hostile = "Hi <script>alert(1)</script> [x](javascript:alert(1)) <img src=x onerror=alert(1)>";
        var created = await ReadAsync<ArticleDetails>(await CreateAsync(agent, new ArticleInput { Title = "Hostile", Body = hostile }));
        Assert.Equal(hostile, created.Body);
        Assert.DoesNotContain("script", created.Html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("onerror", created.Html, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task A_reply_records_the_article_revision_it_quoted_and_suggestions_come_from_the_case_subject()
    {
        using var agent = await fixture.ClientAsync(Agent);
        var article = await PublishedAsync(agent, "Platypus parcel delivery times", "Parcels arrive in 2 to 3 working days.", ArticleVisibility.Public);
        var customer = await fixture.CustomerOfAsync(Rep, "Quoting");
        var opened = await OpenCaseAsync(agent, customer.Id, "Where is my platypus parcel? Delivered late");

        await using (var scope = fixture.Host.Services.CreateAsyncScope())
        {
            scope.ServiceProvider.GetRequiredService<CurrentUser>().SetSystemActor("test:agent", CrmRoles.ServiceAgent);
            var suggestions = await scope.ServiceProvider.GetRequiredService<ArticleQueries>().SuggestAsync(opened.Subject);
            Assert.Equal(article.Id, suggestions[0].Id);
            Assert.Equal((1, "platypus-parcel-delivery-times"), (suggestions[0].Revision, suggestions[0].Slug));
        }

        using var wrong = await PostAsync(agent, $"/api/v1/cases/{opened.Id}/replies", new CaseReplyInput("See the article.", article.Id, 7));
        Assert.Equal(HttpStatusCode.BadRequest, wrong.StatusCode);
        var replied = await ReadAsync<CaseDetails>(await PostAsync(agent, $"/api/v1/cases/{opened.Id}/replies",
            new CaseReplyInput("Parcels arrive in 2 to 3 working days.", article.Id, 1)));
        var reply = replied.Thread.Single(e => e.Kind == CaseEntryKind.PublicReply);
        Assert.Equal((article.Id, 1), (reply.ArticleId!.Value, reply.ArticleRevision!.Value));
    }

    [Fact]
    public async Task The_help_page_shows_public_published_articles_without_sign_in_and_nothing_else()
    {
        using var agent = await fixture.ClientAsync(Agent);
        await PublishedAsync(agent, "Narwhal gift wrapping", "We wrap **every** narwhal gift.", ArticleVisibility.Public);
        await PublishedAsync(agent, "Narwhal supplier contacts", "Internal phone list.", ArticleVisibility.Internal);
        await CreateAsync(agent, new ArticleInput { Title = "Narwhal draft", Body = "Unpublished.", Visibility = ArticleVisibility.Public });
        using var anonymous = fixture.Host.CreateBrowserLikeClient();

        var list = await anonymous.GetStringAsync(Path("/help?q=narwhal"));
        Assert.Contains("Narwhal gift wrapping", list, StringComparison.Ordinal);
        Assert.DoesNotContain("Narwhal supplier contacts", list, StringComparison.Ordinal);
        Assert.DoesNotContain("Narwhal draft", list, StringComparison.Ordinal);
        var page = await anonymous.GetStringAsync(Path("/help/narwhal-gift-wrapping"));
        Assert.Contains("<strong>every</strong>", page, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync(Path("/help/narwhal-supplier-contacts"))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync(Path("/help/narwhal-draft"))).StatusCode);

        // The rest of the app stays behind the sign-in.
        using var kb = await anonymous.GetAsync(Path("/kb"));
        Assert.Equal(HttpStatusCode.Redirect, kb.StatusCode);
        Assert.Contains("/account/login", kb.Headers.Location!.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Readers_and_the_public_list_and_filter_by_the_published_category_and_tags_never_by_an_unpublished_edit()
    {
        using var agent = await fixture.ClientAsync(Agent);
        using var rep = await fixture.ClientAsync(Rep);
        using var anonymous = fixture.Host.CreateBrowserLikeClient();
        var created = await ReadAsync<ArticleDetails>(await CreateAsync(agent, new ArticleInput
        {
            Title = "Axolotl tank cleaning", Body = "Change a fifth of the water weekly.", Category = "Pets", Tags = ["tanks"], Visibility = ArticleVisibility.Public,
        }));
        var published = await ReadAsync<ArticleDetails>(await SendAsync(agent, HttpMethod.Post, $"/api/v1/kb/articles/{created.Id}/publish", created.Version));
        // The working copy becomes Internal with another category and tag: nothing of it is published.
        await ReadAsync<ArticleDetails>(await SendAsync(agent, HttpMethod.Put, $"/api/v1/kb/articles/{created.Id}", published.Version, new ArticleInput
        {
            Title = "Axolotl tank cleaning", Body = "Internal: supplier Zorblax gives us 40% off.", Category = "Zorblax-internal", Tags = ["zorblax"],
            Visibility = ArticleVisibility.Internal,
        }));

        async Task<PagedResult<ArticleListItem>> ListAsync(HttpClient client, string query) =>
            (await client.GetFromJsonAsync<PagedResult<ArticleListItem>>(Path($"/api/v1/kb/articles?{query}"), Json))!;

        foreach (var reader in new[] { anonymous, rep })
        {
            var item = Assert.Single((await ListAsync(reader, "search=axolotl")).Items);
            Assert.Equal(("Pets", ArticleVisibility.Public), (item.Category, item.Visibility));
            Assert.Equal(["tanks"], item.Tags);
            Assert.Equal(0, (await ListAsync(reader, "category=Zorblax-internal")).TotalCount);
            Assert.Contains((await ListAsync(reader, "category=Pets&pageSize=100")).Items, i => i.Id == created.Id);
            Assert.Equal(0, (await ListAsync(reader, "search=zorblax")).TotalCount);
        }

        // Writers list and filter by the working copy.
        Assert.Equal([created.Id], (await ListAsync(agent, "category=Zorblax-internal")).Items.Select(i => i.Id));
        await using (var scope = fixture.Host.Services.CreateAsyncScope())
        {
            scope.ServiceProvider.GetRequiredService<CurrentUser>().SetSystemActor("test:rep", CrmRoles.SalesRep);
            var categories = await scope.ServiceProvider.GetRequiredService<ArticleQueries>().CategoriesAsync();
            Assert.Contains("Pets", categories);
            Assert.DoesNotContain("Zorblax-internal", categories);
        }

        var help = await anonymous.GetStringAsync(Path("/help?q=axolotl"));
        Assert.Contains("Pets", help, StringComparison.Ordinal);
        Assert.DoesNotContain("Zorblax", help, StringComparison.OrdinalIgnoreCase);
        var page = await anonymous.GetStringAsync(Path("/help/axolotl-tank-cleaning"));
        Assert.Contains("Change a fifth of the water weekly.", page, StringComparison.Ordinal);
        Assert.DoesNotContain("Zorblax", page, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task A_public_reply_may_not_quote_an_internal_article()
    {
        using var agent = await fixture.ClientAsync(Agent);
        var internalArticle = await PublishedAsync(agent, "Okapi refunds: what the agent checks", "Check the fraud list first.", ArticleVisibility.Internal);
        var turnedInternal = await PublishedAsync(agent, "Okapi delivery", "Delivery takes a week.", ArticleVisibility.Public);
        await ReadAsync<ArticleDetails>(await SendAsync(agent, HttpMethod.Put, $"/api/v1/kb/articles/{turnedInternal.Id}", turnedInternal.Version,
            new ArticleInput { Title = "Okapi delivery", Body = "Delivery takes a week; carrier contract inside.", Visibility = ArticleVisibility.Internal }));
        var edited = await ReadAsync<ArticleDetails>(await agent.GetAsync(Path($"/api/v1/kb/articles/{turnedInternal.Id}")));
        await ReadAsync<ArticleDetails>(await SendAsync(agent, HttpMethod.Post, $"/api/v1/kb/articles/{turnedInternal.Id}/publish", edited.Version));
        var customer = await fixture.CustomerOfAsync(Rep, "Quoted");
        var opened = await OpenCaseAsync(agent, customer.Id, "Okapi refund please");

        // An Internal article, and revision 1 of an article that is Internal now (its help page is gone).
        foreach (var (id, revision) in new[] { (internalArticle.Id, 1), (turnedInternal.Id, 1) })
        {
            using var refused = await PostAsync(agent, $"/api/v1/cases/{opened.Id}/replies", new CaseReplyInput("See the article.", id, revision));
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
            Assert.Contains($"Article {id} is Internal: a public reply quotes Public articles only", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        var now = await ReadAsync<CaseDetails>(await agent.GetAsync(Path($"/api/v1/cases/{opened.Id}")));
        Assert.DoesNotContain(now.Thread, e => e.Kind == CaseEntryKind.PublicReply);
    }
}
