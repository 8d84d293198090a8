using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Crm.Kernel.Api;
using Crm.Kernel.Errors;
using Crm.Sales.Contracts;
using Crm.Sales.Features.Leads.CreateLead;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace Crm.Sales.Features.Leads;

/// <summary>
/// The public web-to-lead endpoint a company web site's contact form posts to (anonymous, no antiforgery token since the
/// form lives on another site, rate-limited per client address). See docs/web-to-lead.md for a sample form.
/// </summary>
[Route("web-to-lead")]
[AllowAnonymous]
[IgnoreAntiforgeryToken]
[EnableRateLimiting(WebToLeadRateLimitPolicy.Name)]
[Tags("Web-to-lead")]
[ApiExplorerSettings(IgnoreApi = false)]
public sealed class WebToLeadController : ControllerBase
{
    private readonly CreateLeadHandler createLead;
    private readonly WebToLeadOptions options;

    internal WebToLeadController(CreateLeadHandler createLead, IOptions<WebToLeadOptions> options)
    {
        this.createLead = createLead;
        this.options = options.Value;
    }

    /// <summary>The form's field names, and the lead fields they fill (for messages that name what the visitor typed into).</summary>
    private static readonly Dictionary<string, string> FieldNames = new(StringComparer.Ordinal)
    {
        [nameof(LeadInput.FirstName)] = "first_name",
        [nameof(LeadInput.LastName)] = "last_name",
        [nameof(LeadInput.CompanyName)] = "company",
        [nameof(LeadInput.Email)] = "email",
        [nameof(LeadInput.Phone)] = "phone",
        [nameof(LeadInput.Message)] = "message",
        [nameof(LeadInput.Source)] = "source",
    };

    /// <summary>
    /// Receives a lead from a web form (<c>application/x-www-form-urlencoded</c> or <c>multipart/form-data</c>) or as JSON
    /// with the same field names: first_name, last_name, company, email, phone, message, source, submission_id, return_url
    /// and the honeypot <c>website</c> (hidden; a filled one is answered like a success but stores nothing). The same
    /// submission_id (or, without one, the same content within 10 minutes) never creates a second lead. Success: a redirect
    /// (303) to return_url when it is on Sales:WebToLead:AllowedReturnUrls, otherwise a thank-you page (JSON: 200
    /// {"received":true}). Invalid input: 400 listing the problems by field (JSON: ValidationProblemDetails).
    /// </summary>
    [HttpPost]
    [Consumes(typeof(WebToLeadForm), "application/json", "application/x-www-form-urlencoded", "multipart/form-data")]
    [ProducesResponseType<WebToLeadReceived>(StatusCodes.Status200OK, "application/json")]
    [ProducesResponseType(StatusCodes.Status303SeeOther)]
    [ProducesResponseType<ValidationProblemDetails>(StatusCodes.Status400BadRequest)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status429TooManyRequests)]
    public async Task<IActionResult> Submit(CancellationToken cancellationToken)
    {
        var json = WantsJson(Request);
        Dictionary<string, string?> fields;
        try
        {
            fields = await ReadFieldsAsync(Request, cancellationToken);
        }
        catch (Exception ex) when (ex is JsonException or InvalidDataException or BadHttpRequestException)
        {
            return Failure(json, OperationResult.Failure("", ex is InvalidDataException { InnerException: InvalidOperationException }
                ? ex.Message
                : "The form could not be read. Send it as application/x-www-form-urlencoded or JSON."));
        }

        if (!string.IsNullOrEmpty(Field(fields, "website")))
        {
            // A bot filled the hidden field: answer exactly like a success, store nothing.
            return Success(json, options, fields);
        }

        var input = new LeadInput
        {
            FirstName = Field(fields, "first_name"),
            LastName = Field(fields, "last_name"),
            CompanyName = Field(fields, "company"),
            Email = Field(fields, "email"),
            Phone = Field(fields, "phone"),
            Message = Field(fields, "message"),
            Source = Field(fields, "source") ?? "web",
        };
        var submissionId = Field(fields, "submission_id");
        if (submissionId?.Length > 90)
        {
            return Failure(json, OperationResult.Failure("submission_id", "submission_id may have at most 90 characters."));
        }

        var key = submissionId is not null ? "sid:" + submissionId : "hash:" + ContentKey(input, DateTimeOffset.UtcNow);
        var result = await createLead.CreateFromWebAsync(input, key, cancellationToken);
        // Only Invalid fails here (a replay of the same submission is Unchanged and answered like the first).
        return result.Succeeded ? Success(json, options, fields) : Failure(json, result.Validation);
    }

    /// <summary>A key for a submission without submission_id: the normalised fields and the 10-minute window they arrived in.</summary>
    internal static string ContentKey(LeadInput input, DateTimeOffset nowUtc)
    {
        static string Norm(string? value) => (value ?? "").Trim().ToUpperInvariant();
        var digits = new string((input.Phone ?? "").Where(char.IsAsciiDigit).ToArray());
        var bucket = nowUtc.ToUnixTimeSeconds() / 600;
        var text = string.Join('\u001f', Norm(input.FirstName), Norm(input.LastName), Norm(input.CompanyName), Norm(input.Email), digits,
            Norm(input.Message), Norm(input.Source), bucket.ToString(CultureInfo.InvariantCulture));
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
    }

    private static bool WantsJson(HttpRequest request) =>
        request.HasJsonContentType()
        || (request.Headers.Accept.ToString().Contains("application/json", StringComparison.OrdinalIgnoreCase)
            && !request.Headers.Accept.ToString().Contains("text/html", StringComparison.OrdinalIgnoreCase));

    private static async Task<Dictionary<string, string?>> ReadFieldsAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        var fields = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        if (request.HasFormContentType)
        {
            var form = await request.ReadFormAsync(cancellationToken);
            foreach (var (name, value) in form)
            {
                fields[name] = value.ToString();
            }
        }
        else if (request.HasJsonContentType())
        {
            using var document = await JsonDocument.ParseAsync(request.Body, cancellationToken: cancellationToken);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw new InvalidDataException("Expected a JSON object.");
            }

            foreach (var property in document.RootElement.EnumerateObject())
            {
                fields[property.Name] = property.Value.ValueKind switch
                {
                    JsonValueKind.String => ReadString(property.Value),
                    JsonValueKind.Null => null,
                    _ => property.Value.GetRawText(),
                };
            }
        }
        else
        {
            throw new InvalidDataException("Unsupported content type.");
        }

        return fields;
    }

    // A JSON string with a lone surrogate (such as "\ud800") is valid JSON but no text: the visitor's form is unreadable.
    private static string? ReadString(JsonElement value)
    {
        try
        {
            return value.GetString();
        }
        catch (InvalidOperationException ex)
        {
            throw new InvalidDataException("The form holds text that is not valid Unicode.", ex);
        }
    }

    private static string? Field(Dictionary<string, string?> fields, string name) =>
        fields.TryGetValue(name, out var value) && !string.IsNullOrWhiteSpace(value) ? value.Trim() : null;

    private IActionResult Success(bool json, WebToLeadOptions options, Dictionary<string, string?> fields)
    {
        if (json)
        {
            return Ok(new WebToLeadReceived(true));
        }

        if (options.IsAllowedReturnUrl(Field(fields, "return_url"), out var target))
        {
            Response.Headers.Location = target!.AbsoluteUri;
            return StatusCode(StatusCodes.Status303SeeOther);
        }

        return Html(StatusCodes.Status200OK, "Thank you",
            "<p>Thank you for getting in touch. We have received your message and will contact you shortly.</p>");
    }

    private IActionResult Failure(bool json, OperationResult validation)
    {
        var byField = new OperationResult([.. validation.Errors.Select(e =>
            new ValidationError(FieldNames.GetValueOrDefault(e.Field, e.Field), e.Message))]);
        if (json)
        {
            return ApiConventions.Validation(byField);
        }

        var items = string.Concat(byField.Errors.Select(e =>
            $"<li>{(e.Field.Length > 0 ? $"<strong>{WebUtility.HtmlEncode(e.Field)}</strong>: " : "")}{WebUtility.HtmlEncode(e.Message)}</li>"));
        return Html(StatusCodes.Status400BadRequest, "Please check the form",
            $"<p>Your message was not sent. Please go back and correct:</p><ul>{items}</ul>");
    }

    private ContentResult Html(int status, string title, string body)
    {
        Response.Headers[HeaderNames.CacheControl] = "no-store";
        return new ContentResult
        {
            StatusCode = status,
            ContentType = "text/html; charset=utf-8",
            Content = $$"""
                <!DOCTYPE html>
                <html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
                <title>{{WebUtility.HtmlEncode(title)}}</title>
                <style>body{font-family:system-ui,sans-serif;max-width:40rem;margin:4rem auto;padding:0 1rem;line-height:1.5}</style>
                </head><body><h1>{{WebUtility.HtmlEncode(title)}}</h1>{{body}}</body></html>
                """,
        };
    }
}
