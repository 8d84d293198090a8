using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Crm.Sales.Contracts;
using Crm.Sales.Features.Leads.CreateLead;
using Crm.Sales.Features.Pipeline;
using Crm.Sales.Features.Products;
using Crm.Sales.Tests.Features.Pipeline;
using Microsoft.Extensions.Time.Testing;
using static Crm.Sales.Tests.Features.Pipeline.PipelineFixture;

namespace Crm.Sales.Tests.Features.Validation;

/// <summary>
/// Input that no person types is refused with a message saying why: control characters (a NUL byte, escape codes; tabs
/// and line breaks only in multi-line notes) in names and product codes, an expected close date more than 10 years
/// ahead, an owner who is no user. At the validator, and once each through the API.
/// </summary>
public sealed class InputChecksTests(PipelineFixture fixture) : IClassFixture<PipelineFixture>
{
    private static readonly DateTimeOffset Today = new(2026, 3, 15, 9, 30, 0, TimeSpan.Zero);

    [Theory]
    [InlineData("SKU\u00001")]
    [InlineData("SKU\u001b[31m")]
    [InlineData("SKU\u007f")]
    public void A_product_code_with_a_control_character_is_refused(string code)
    {
        var result = new ProductInputValidator().Validate(new ProductInput { Code = code, Name = "Widget", ListPrice = 1 });
        var error = Assert.Single(result.Errors, e => e.PropertyName == nameof(ProductInput.Code));
        Assert.Contains("control character", error.ErrorMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void A_product_name_with_a_control_character_is_refused_and_its_description_may_have_line_breaks_but_no_NUL()
    {
        var validator = new ProductInputValidator();
        Assert.Contains(validator.Validate(new ProductInput { Code = "W-1", Name = "Wid\0get", ListPrice = 1 }).Errors,
            e => e.PropertyName == nameof(ProductInput.Name) && e.ErrorMessage.Contains("control character", StringComparison.Ordinal));
        Assert.True(validator.Validate(new ProductInput { Code = "W-1", Name = "Widget", Description = "Line one\r\n\tLine two", ListPrice = 1 }).IsValid);
        Assert.Contains(validator.Validate(new ProductInput { Code = "W-1", Name = "Widget", Description = "Line\0", ListPrice = 1 }).Errors,
            e => e.PropertyName == nameof(ProductInput.Description));
    }

    [Theory]
    [InlineData("Ada\0", null, null)]
    [InlineData(null, "Love\nlace", null)]
    [InlineData(null, null, "Acme\u0000 Ltd")]
    public void A_lead_name_with_a_control_character_is_refused(string? first, string? last, string? company)
    {
        var result = new LeadInputValidator("US").Validate(new LeadInput
        {
            FirstName = first, LastName = last ?? "Lovelace", CompanyName = company, Email = "ada@example.com",
        });
        Assert.Contains(result.Errors, e => e.ErrorMessage.Contains("control character", StringComparison.Ordinal));
    }

    [Fact]
    public void A_lead_message_may_have_line_breaks_and_tabs()
    {
        var result = new LeadInputValidator("US").Validate(new LeadInput
        {
            LastName = "Lovelace", Email = "ada@example.com", Message = "Hello,\r\n\twe would like a quote.",
        });
        Assert.True(result.IsValid, string.Join("; ", result.Errors));
    }

    [Fact]
    public void An_expected_close_date_is_at_most_10_years_ahead_and_the_message_says_why()
    {
        var validator = new OpportunityInputValidator(new FakeTimeProvider(Today));
        var today = DateOnly.FromDateTime(Today.UtcDateTime);
        OpportunityInput Closing(DateOnly date) => new() { Name = "Deal", CustomerId = 1, ExpectedCloseDate = date };

        Assert.True(validator.Validate(Closing(today.AddYears(10))).IsValid);
        Assert.True(validator.Validate(Closing(today.AddYears(-3))).IsValid);
        foreach (var date in new[] { today.AddYears(10).AddDays(1), DateOnly.MaxValue })
        {
            var error = Assert.Single(validator.Validate(Closing(date)).Errors);
            Assert.Equal(nameof(OpportunityInput.ExpectedCloseDate), error.PropertyName);
            Assert.Contains("10 years", error.ErrorMessage, StringComparison.Ordinal);
            Assert.Contains("2036-03-15", error.ErrorMessage, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void An_opportunity_name_with_a_control_character_is_refused()
    {
        var validator = new OpportunityInputValidator(new FakeTimeProvider(Today));
        var result = validator.Validate(new OpportunityInput { Name = "Deal\0", CustomerId = 1, ExpectedCloseDate = new DateOnly(2026, 6, 1) });
        Assert.Contains(result.Errors, e => e.PropertyName == nameof(OpportunityInput.Name) && e.ErrorMessage.Contains("control character", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_products_API_refuses_a_code_with_a_NUL_byte()
    {
        using var manager = await fixture.ClientAsync("manager@ecrm.local");
        using var response = await manager.PostAsJsonAsync(new Uri("/api/v1/products", UriKind.Relative),
            new ProductInput { Code = "NUL\0CODE", Name = "Widget", ListPrice = 1 }, Json);
        await AssertFieldErrorAsync(response, "code", "control character");
    }

    [Fact]
    public async Task The_leads_API_refuses_a_name_with_a_NUL_byte_and_an_owner_who_is_no_user()
    {
        using var manager = await fixture.ClientAsync("manager@ecrm.local");
        using var nul = await manager.PostAsJsonAsync(new Uri("/api/v1/leads", UriKind.Relative),
            new LeadInput { LastName = "Null\0Byte", Email = "nul.lead@example.com" }, Json);
        await AssertFieldErrorAsync(nul, "lastName", "control character");

        using var owner = await manager.PostAsJsonAsync(new Uri("/api/v1/leads", UriKind.Relative),
            new LeadInput { LastName = "Owned", Email = "owned.lead@example.com", OwnerId = "no-such-user" }, Json);
        await AssertFieldErrorAsync(owner, "ownerId", "no-such-user");
    }

    [Fact]
    public async Task The_opportunities_API_refuses_a_close_date_of_9999_12_31_a_NUL_in_the_name_and_an_owner_who_is_no_user()
    {
        using var manager = await fixture.ClientAsync("manager@ecrm.local");
        var customer = await CreateCustomerAsync(manager, "Far Future");

        using var far = await manager.PostAsJsonAsync(new Uri("/api/v1/opportunities", UriKind.Relative),
            new OpportunityInput { Name = "Someday", CustomerId = customer.Id, ExpectedCloseDate = new DateOnly(9999, 12, 31) }, Json);
        await AssertFieldErrorAsync(far, "expectedCloseDate", "10 years");

        using var nul = await manager.PostAsJsonAsync(new Uri("/api/v1/opportunities", UriKind.Relative),
            new OpportunityInput { Name = "Deal\0", CustomerId = customer.Id, ExpectedCloseDate = DateOnly.FromDateTime(DateTime.UtcNow).AddMonths(1) }, Json);
        await AssertFieldErrorAsync(nul, "name", "control character");

        using var owner = await manager.PostAsJsonAsync(new Uri("/api/v1/opportunities", UriKind.Relative),
            new OpportunityInput { Name = "Deal", CustomerId = customer.Id, ExpectedCloseDate = DateOnly.FromDateTime(DateTime.UtcNow).AddMonths(1), OwnerId = "no-such-user" }, Json);
        await AssertFieldErrorAsync(owner, "ownerId", "no-such-user");
    }

    private static async Task AssertFieldErrorAsync(HttpResponseMessage response, string field, string says)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{(int)response.StatusCode}: {body}");
        var errors = JsonDocument.Parse(body).RootElement.GetProperty("errors");
        Assert.True(errors.TryGetProperty(field, out var messages), $"no error for {field}: {body}");
        Assert.Contains(messages.EnumerateArray(), m => m.GetString()!.Contains(says, StringComparison.Ordinal));
    }
}
