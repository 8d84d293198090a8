using Ganss.Xss;
using Markdig;

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
