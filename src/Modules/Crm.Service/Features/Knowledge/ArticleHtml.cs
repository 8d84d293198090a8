using Ganss.Xss;
using Markdig;
using Markdig.Renderers;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;

namespace Crm.Service.Features.Knowledge;

/// <summary>
/// Turns an article's Markdown into HTML that is safe to show anywhere (the app, the public help page, an email): Markdig
/// renders it (CommonMark with tables, auto-links and strike-through; raw HTML passes through), then HtmlSanitizer keeps only
/// an allow-list of text tags and attributes. Nothing executable survives: no script, iframe, object, form or SVG, no event
/// handler, no style or class attribute, and links and images only with http, https or mailto addresses (or relative ones).
/// </summary>
internal static class ArticleHtml
{
    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder()
        .UsePipeTables()
        .UseAutoLinks()
        .UseEmphasisExtras()
        .UseListExtras()
        .Build();

    // Configured once, then only read: HtmlSanitizer's Sanitize is safe to call from several threads.
    private static readonly HtmlSanitizer Sanitizer = Create();

    public static string Render(string? markdown) =>
        string.IsNullOrWhiteSpace(markdown) ? "" : Sanitizer.Sanitize(Markdown.ToHtml(markdown, Pipeline));

    /// <summary>
    /// The article as plain text for a reply the agent edits and sends as text: Markdig's own plain-text rendering (no
    /// emphasis stars, heading hashes or link brackets, no HTML), list items on their own lines with a dash, links followed
    /// by their address.
    /// </summary>
    public static string PlainText(string? markdown)
    {
        if (string.IsNullOrWhiteSpace(markdown))
        {
            return "";
        }

        var document = Markdown.Parse(markdown, Pipeline);
        foreach (var item in document.Descendants<ListItemBlock>())
        {
            if (item.FirstOrDefault() is ParagraphBlock { Inline.FirstChild: { } first })
            {
                first.InsertBefore(new LiteralInline("- "));
            }
        }

        // A link keeps its address after its text: the reader of a plain reply has nothing else to follow.
        foreach (var link in document.Descendants<LinkInline>().Where(l => !l.IsImage && !l.IsAutoLink && !string.IsNullOrEmpty(l.Url)).ToList())
        {
            link.InsertAfter(new LiteralInline($" ({link.Url})"));
        }

        using var writer = new StringWriter();
        var renderer = new HtmlRenderer(writer) { EnableHtmlForBlock = false, EnableHtmlForInline = false, EnableHtmlEscape = false };
        Pipeline.Setup(renderer);
        renderer.Render(document);
        writer.Flush();
        return System.Text.RegularExpressions.Regex.Replace(writer.ToString().Replace("\r\n", "\n", StringComparison.Ordinal), "\n{3,}", "\n\n").Trim();
    }

    private static HtmlSanitizer Create()
    {
        var sanitizer = new HtmlSanitizer();
        sanitizer.AllowedTags.Clear();
        foreach (var tag in new[]
        {
            "p", "br", "hr", "h1", "h2", "h3", "h4", "h5", "h6", "strong", "b", "em", "i", "del", "s", "ins", "mark", "sub", "sup",
            "code", "pre", "kbd", "blockquote", "ul", "ol", "li", "dl", "dt", "dd", "a", "img", "table", "thead", "tbody", "tr", "th",
            "td", "caption", "abbr", "span", "div",
        })
        {
            sanitizer.AllowedTags.Add(tag);
        }

        sanitizer.AllowedAttributes.Clear();
        foreach (var attribute in new[] { "href", "src", "alt", "title", "colspan", "rowspan", "start" })
        {
            sanitizer.AllowedAttributes.Add(attribute);
        }

        sanitizer.AllowedCssProperties.Clear();
        sanitizer.AllowedAtRules.Clear();
        sanitizer.AllowedSchemes.Clear();
        foreach (var scheme in new[] { "http", "https", "mailto" })
        {
            sanitizer.AllowedSchemes.Add(scheme);
        }

        sanitizer.AllowDataAttributes = false;
        // Links leave the app without handing it over: no opener, no referrer.
        sanitizer.PostProcessNode += (_, e) =>
        {
            if (e.Node is AngleSharp.Dom.IElement { LocalName: "a" } link && link.HasAttribute("href"))
            {
                link.SetAttribute("rel", "noopener noreferrer nofollow");
            }
        };
        return sanitizer;
    }
}
