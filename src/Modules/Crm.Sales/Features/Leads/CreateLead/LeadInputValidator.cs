using Crm.Kernel.Text;
using Crm.Sales.Contracts;
using FluentValidation;
using PhoneNumbers;

namespace Crm.Sales.Features.Leads.CreateLead;

/// <summary>The rules for a lead, shared by the lead form, the API and the public web form.</summary>
internal sealed class LeadInputValidator : AbstractValidator<LeadInput>
{
    public LeadInputValidator(string defaultPhoneRegion)
    {
        RuleFor(l => l.Email).NotEmpty().When(l => string.IsNullOrWhiteSpace(l.Phone))
            .WithMessage("Enter an email address or a phone number.");
        RuleFor(l => l.Email).EmailAddress().When(l => !string.IsNullOrWhiteSpace(l.Email))
            .WithMessage("'{PropertyValue}' is not a valid email address.").MaximumLength(254);
        RuleFor(l => l.Email).NoControlCharacters();
        RuleFor(l => l.Phone).NoControlCharacters();
        RuleFor(l => l.Phone).Must(p => LeadPhone.TryNormalize(p, defaultPhoneRegion, out _)).When(l => !string.IsNullOrWhiteSpace(l.Phone))
            .WithMessage($"'{{PropertyValue}}' is not a valid phone number. Include the country code for numbers outside {defaultPhoneRegion}.");
        RuleFor(l => l.LastName).NotEmpty()
            .When(l => string.IsNullOrWhiteSpace(l.FirstName) && string.IsNullOrWhiteSpace(l.CompanyName))
            .WithMessage("Enter a name or a company.");
        RuleFor(l => l.FirstName).MaximumLength(100).NoControlCharacters();
        RuleFor(l => l.LastName).MaximumLength(100).NoControlCharacters();
        RuleFor(l => l.CompanyName).MaximumLength(200).NoControlCharacters();
        RuleFor(l => l.Source).MaximumLength(100).NoControlCharacters();
        RuleFor(l => l.Message).MaximumLength(4000).NoControlCharactersButLineBreaks();
        RuleFor(l => l.OwnerId).MaximumLength(450).NoControlCharacters();
    }
}

/// <summary>Phone numbers in E.164, read the way the Contacts module reads them.</summary>
internal static class LeadPhone
{
    public static bool TryNormalize(string? raw, string defaultRegion, out string? e164)
    {
        e164 = null;
        if (string.IsNullOrWhiteSpace(raw) || raw.Length > 40)
        {
            return false;
        }

        try
        {
            var util = PhoneNumberUtil.GetInstance();
            var number = util.Parse(raw.Trim(), defaultRegion);
            if (!util.IsValidNumber(number))
            {
                return false;
            }

            e164 = util.Format(number, PhoneNumberFormat.E164);
            return true;
        }
        catch (NumberParseException)
        {
            return false;
        }
    }
}
