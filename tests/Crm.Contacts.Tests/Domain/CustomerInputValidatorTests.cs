using Crm.Contacts.Contracts;
using Crm.Contacts.Features.Customers.Save;

namespace Crm.Contacts.Tests.Domain;

public sealed class CustomerInputValidatorTests
{
    private readonly CustomerInputValidator validator = new("US");

    [Fact]
    public void A_person_needs_a_last_name_and_a_company_needs_a_name()
    {
        var person = validator.Validate(new CustomerInput { Kind = CustomerKind.Person, FirstName = "Ada" });
        Assert.Contains(person.Errors, e => e.PropertyName == nameof(CustomerInput.LastName) && e.ErrorMessage == "Enter the person's last name.");

        var company = validator.Validate(new CustomerInput { Kind = CustomerKind.Company });
        Assert.Contains(company.Errors, e => e.PropertyName == nameof(CustomerInput.CompanyName));
    }

    [Fact]
    public void Bad_emails_phones_and_websites_are_named_in_the_message()
    {
        var result = validator.Validate(new CustomerInput
        {
            LastName = "Lovelace",
            Emails = ["ada@example.com", "not-an-email"],
            Phones = ["+1 415 555 0123", "12"],
            Website = "not a site",
        });

        Assert.Contains(result.Errors, e => e.PropertyName == "Emails[1]" && e.ErrorMessage.Contains("'not-an-email'", StringComparison.Ordinal));
        Assert.Contains(result.Errors, e => e.PropertyName == "Phones[1]" && e.ErrorMessage.Contains("'12' is not a valid phone number", StringComparison.Ordinal));
        Assert.Contains(result.Errors, e => e.PropertyName == nameof(CustomerInput.Website));
        Assert.DoesNotContain(result.Errors, e => e.PropertyName is "Emails[0]" or "Phones[0]");
    }

    [Fact]
    public void A_complete_person_is_valid()
    {
        var result = validator.Validate(new CustomerInput
        {
            FirstName = "Ada",
            LastName = "Lovelace",
            Emails = ["ada@example.com"],
            Phones = ["(415) 555-0123"],
            Website = "www.example.com",
            Tags = ["vip"],
        });
        Assert.True(result.IsValid, string.Join("; ", result.Errors));
    }

    [Fact]
    public void A_company_cannot_belong_to_another_company() =>
        Assert.Contains(validator.Validate(new CustomerInput { Kind = CustomerKind.Company, CompanyName = "Acme", CompanyId = 5 }).Errors,
            e => e.PropertyName == nameof(CustomerInput.CompanyId));

    [Theory]
    [InlineData("Love\0lace")]
    [InlineData("Love\u0007lace")]
    [InlineData("Love\tlace")]
    [InlineData("Love\nlace")]
    [InlineData("Love\u009blace")]
    public void A_name_with_a_control_character_is_refused_with_a_clear_message(string lastName)
    {
        var result = validator.Validate(new CustomerInput { FirstName = "Ada", LastName = lastName });
        var error = Assert.Single(result.Errors);
        Assert.Equal(nameof(CustomerInput.LastName), error.PropertyName);
        Assert.Contains("control character", error.ErrorMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Control_characters_are_refused_in_every_single_line_field_and_the_email_addresses()
    {
        var result = validator.Validate(new CustomerInput
        {
            Kind = CustomerKind.Company,
            CompanyName = "Acme\0",
            JobTitle = "Boss\0",
            Industry = "Tools\0",
            Source = "Fair\0",
            ExternalId = "ERP-1\0",
            Tags = ["vip\0"],
            Emails = ["ada\0@example.com"],
            Address = new AddressDto("Main St\01", "12345\0", "Springfield\0", "IL\0", "USA\0"),
        });

        string[] fields = ["CompanyName", "JobTitle", "Industry", "Source", "ExternalId", "Tags[0]", "Emails[0]",
            "Address.Street", "Address.PostalCode", "Address.City", "Address.Region", "Address.Country"];
        Assert.All(fields, field => Assert.Contains(result.Errors, e => e.PropertyName == field && e.ErrorMessage.Contains("control character", StringComparison.Ordinal)));
    }

    [Fact]
    public void Notes_may_have_tabs_and_line_breaks_but_no_other_control_characters()
    {
        Assert.True(validator.Validate(new CustomerInput { LastName = "Lovelace", Notes = "Line one\r\n\tLine two" }).IsValid);
        var error = Assert.Single(validator.Validate(new CustomerInput { LastName = "Lovelace", Notes = "Bell\u0007" }).Errors);
        Assert.Equal(nameof(CustomerInput.Notes), error.PropertyName);
    }
}
