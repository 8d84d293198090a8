using System.Globalization;
using System.Net;
using Crm.Contacts.Contracts;
using Crm.Kernel;

namespace Crm.Contacts.Features.Verification;

/// <summary>
/// The public /verify page, rendered on the server as plain HTML (no script, no sign-in): a labelled field and a button,
/// the answer announced to screen readers, and what we never ask for. Everything shown is encoded.
/// </summary>
internal static class VerifyPage
{
    /// <summary>What the page says under the form: nothing yet, the contact a code belongs to, no match, or a pause.</summary>
    internal sealed record Outcome(VerifiedContact? Contact, string? Problem, bool IsPause)
    {
        public static readonly Outcome None = new(null, null, false);

        public static Outcome Found(VerifiedContact contact) => new(contact, null, false);

        public static Outcome NotFound() => new(null,
            "This code does not match a contact by us in the last 24 hours. Check that you typed it as you were given it. "
            + "If you are in contact with someone who claims to be us and their code does not match, end the contact.", false);

        public static Outcome Paused(string detail) => new(null, detail, true);
    }

    public static string Render(string neverAskNotice, string? typed, Outcome outcome)
    {
        var answer = outcome switch
        {
            { Contact: { } c } => $"""
                <section class="ok" role="status" aria-labelledby="answer-title" data-testid="verify-match">
                <h2 id="answer-title">Yes, this was us</h2>
                <dl>
                <dt>Our colleague</dt><dd data-testid="verify-agent">{E(c.AgentFirstName)}</dd>
                <dt>Contacted you by</dt><dd data-testid="verify-channel">{E(ChannelText(c.Channel))}</dd>
                <dt>At</dt><dd data-testid="verify-time">{E(c.ContactedAtUtc.ToString("d MMMM yyyy, HH:mm 'UTC'", CultureInfo.InvariantCulture))}</dd>
                </dl>
                </section>
                """,
            { IsPause: true, Problem: { } p } => $"""<div class="problem" role="alert" data-testid="verify-paused"><h2>Please wait</h2><p>{E(p)}</p></div>""",
            { Problem: { } p } => $"""<div class="problem" role="alert" data-testid="verify-no-match"><h2>No match</h2><p>{E(p)}</p></div>""",
            _ => "",
        };
        var disabled = outcome.IsPause ? " disabled" : "";
        return $$"""
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
            <title>Is this really us? · Check a contact</title>
            <style>
            body{font-family:system-ui,sans-serif;max-width:40rem;margin:3rem auto;padding:0 1rem;line-height:1.5;color:#1b1b1b;background:#fff}
            label{display:block;font-weight:600;margin-bottom:.25rem}
            input{font:inherit;font-size:1.4rem;letter-spacing:.15em;text-transform:uppercase;padding:.4rem .6rem;border:2px solid #555;border-radius:4px;width:12ch}
            input:focus,button:focus{outline:3px solid #0b57d0;outline-offset:2px}
            button{font:inherit;padding:.5rem 1.2rem;margin-left:.5rem;border:0;border-radius:4px;background:#0b57d0;color:#fff;cursor:pointer}
            button[disabled]{background:#6b6b6b}
            .ok{border-left:6px solid #1e7e34;background:#eef7f0;padding:.5rem 1rem;margin:1.5rem 0}
            .problem{border-left:6px solid #b3261e;background:#fcefee;padding:.5rem 1rem;margin:1.5rem 0}
            dl{display:grid;grid-template-columns:max-content 1fr;gap:.25rem 1rem}dt{font-weight:600}dd{margin:0}
            .notice{border:1px solid #8a6d00;background:#fff8e1;padding:.75rem 1rem;margin-top:2rem}
            #code-help{color:#444}
            </style>
            </head><body><main>
            <h1>Is this really us?</h1>
            <p>If someone contacted you in our name, ask them for their verification code and enter it here. A code is valid for 24 hours.</p>
            <form method="post" action="/verify" data-testid="verify-form">
            <label for="code">Verification code</label>
            <p id="code-help">Eight letters and digits, for example K7QM-XW3P. Dashes and spaces do not matter.</p>
            <input id="code" name="code" type="text" required maxlength="20" autocomplete="off" autocapitalize="characters" spellcheck="false" aria-describedby="code-help" value="{{E(typed ?? "")}}" data-testid="verify-code"{{disabled}}>
            <button type="submit" data-testid="verify-submit"{{disabled}}>Check</button>
            </form>
            {{answer}}
            <aside class="notice" aria-labelledby="never-ask"><h2 id="never-ask">What we never ask for</h2><p data-testid="never-ask">{{E(neverAskNotice)}}</p></aside>
            </main></body></html>
            """;
    }

    public static string ChannelText(Channel channel) => channel switch
    {
        Channel.Phone => "phone",
        Channel.Email => "email",
        Channel.Sms => "text message (SMS)",
        Channel.FaceToFace => "in person",
        _ => channel.ToString().ToLowerInvariant(),
    };

    private static string E(string text) => WebUtility.HtmlEncode(text);
}
