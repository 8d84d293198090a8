using Crm.Contacts.Contracts;
using Crm.Contacts.Domain;
using Crm.Kernel.Text;
using FluentValidation;

namespace Crm.Contacts.Features.Customers.Save;

/// <summary>The rules for a customer, shared by the customer form and the API. Messages name the field and say how to fix it.</summary>
internal sealed class CustomerInputValidator : AbstractValidator<CustomerInput>
{
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, CustomerInputValidator> ByRegion = new(StringComparer.Ordinal);

    /// <summary>The validator for a default phone region, built once: building the rules costs more than running them.</summary>
    public static CustomerInputValidator For(string defaultPhoneRegion) => ByRegion.GetOrAdd(defaultPhoneRegion, region => new(region));

    public CustomerInputValidator(string defaultPhoneRegion)
    {
        RuleFor(c => c.Kind).IsInEnum();
        When(c => c.Kind == CustomerKind.Person, () =>
        {
            RuleFor(c => c.LastName).NotEmpty().WithMessage("Enter the person's last name.");
            RuleFor(c => c.FirstName).MaximumLength(100);
            RuleFor(c => c.LastName).MaximumLength(100);
        });
        RuleFor(c => c.FirstName).NoControlCharacters();
        RuleFor(c => c.LastName).NoControlCharacters();
        RuleFor(c => c.CompanyName).NoControlCharacters();
        RuleFor(c => c.JobTitle).NoControlCharacters();
        When(c => c.Kind == CustomerKind.Company, () =>
        {
            RuleFor(c => c.CompanyName).NotEmpty().WithMessage("Enter the company's name.");
            RuleFor(c => c.CompanyId).Null().WithMessage("A company cannot belong to another company.");
        });
        RuleFor(c => c.CompanyName).MaximumLength(200);
        RuleFor(c => c.JobTitle).MaximumLength(100);
        RuleForEach(c => c.Emails)
            .NotEmpty().WithMessage("Remove the empty email address or fill it in.")
            .EmailAddress().WithMessage("'{PropertyValue}' is not a valid email address.")
            .MaximumLength(254)
            .NoControlCharacters();
        RuleForEach(c => c.Phones)
            .Must(p => ContactNormalizer.TryNormalizePhone(p, defaultPhoneRegion, out _))
            .WithMessage($"'{{PropertyValue}}' is not a valid phone number. Include the country code (for example +44 20 7946 0958) for numbers outside {defaultPhoneRegion}.");
        RuleForEach(c => c.Phones).NoControlCharacters();
        RuleFor(c => c.Emails.Count).LessThanOrEqualTo(10).OverridePropertyName(nameof(CustomerInput.Emails)).WithMessage("At most 10 email addresses.");
        RuleFor(c => c.Phones.Count).LessThanOrEqualTo(10).OverridePropertyName(nameof(CustomerInput.Phones)).WithMessage("At most 10 phone numbers.");
        RuleFor(c => c.Website)
            .Must(w => w is null || w.Length == 0 || (Uri.TryCreate(w.Contains("://", StringComparison.Ordinal) ? w : "https://" + w, UriKind.Absolute, out var uri)
                && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps) && uri.Host.Contains('.', StringComparison.Ordinal)))
            .WithMessage("'{PropertyValue}' is not a web address (for example www.example.com).")
            .MaximumLength(300)
            .NoControlCharacters();
        RuleFor(c => c.Industry).MaximumLength(100).NoControlCharacters();
        RuleFor(c => c.Source).MaximumLength(100).NoControlCharacters();
        RuleForEach(c => c.Tags).NotEmpty().MaximumLength(50).WithMessage("Tags have 1 to 50 characters.").NoControlCharacters();
        RuleFor(c => c.Tags.Count).LessThanOrEqualTo(20).OverridePropertyName(nameof(CustomerInput.Tags)).WithMessage("At most 20 tags.");
        RuleFor(c => c.Notes).MaximumLength(4000).NoControlCharactersButLineBreaks();
        RuleFor(c => c.ExternalId).MaximumLength(100).NoControlCharacters();
        RuleFor(c => c.OwnerId).NoControlCharacters();
        When(c => c.Address is not null, () =>
        {
            RuleFor(c => c.Address!.Street).MaximumLength(200).NoControlCharacters().OverridePropertyName("Address.Street");
            RuleFor(c => c.Address!.PostalCode).MaximumLength(20).NoControlCharacters().OverridePropertyName("Address.PostalCode");
            RuleFor(c => c.Address!.City).MaximumLength(100).NoControlCharacters().OverridePropertyName("Address.City");
            RuleFor(c => c.Address!.Region).MaximumLength(100).NoControlCharacters().OverridePropertyName("Address.Region");
            RuleFor(c => c.Address!.Country).MaximumLength(100).NoControlCharacters().OverridePropertyName("Address.Country");
        });
    }
}
