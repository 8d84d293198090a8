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
}
