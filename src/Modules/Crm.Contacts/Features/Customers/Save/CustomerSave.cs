using Crm.Contacts.Contracts;
using Crm.Contacts.Domain;
using Crm.Contacts.Features.Shared;
using Crm.Kernel.Data;
using Crm.Kernel.Errors;
using Crm.Kernel.Identity;
using Crm.Kernel.Text;
using Microsoft.EntityFrameworkCore;

namespace Crm.Contacts.Features.Customers.Save;

/// <summary>
/// What creating and updating a customer share with the import and the registration contract: the checks against stored
/// data (owner, company, external id) and copying validated input onto a customer.
/// </summary>
internal static class CustomerSave
{
    /// <summary>
    /// The problems with what <paramref name="input"/> names: its company and external id (for the customer
    /// <paramref name="selfId"/>, null when new) and, when <paramref name="checkOwner"/>, its owner.
    /// </summary>
    public static async Task<OperationResult> ProblemsAsync(
        CrmDbContext db, ICurrentUser currentUser, CustomerInput input, long? selfId, bool checkOwner, CancellationToken cancellationToken)
    {
        var referenceProblems = await ReferenceProblemsAsync(db, input, selfId, cancellationToken);
        var ownerProblem = checkOwner ? await OwnerProblemAsync(db, currentUser, input.OwnerId, cancellationToken) : null;
        return new OperationResult([.. referenceProblems, .. ownerProblem is null ? [] : new[] { ownerProblem }]);
    }

    /// <summary>A SalesRep owns what they create; anyone else named as owner must be a user of eCRM.</summary>
    private static async Task<ValidationError?> OwnerProblemAsync(CrmDbContext db, ICurrentUser currentUser, string? ownerId, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(ownerId) || ownerId == currentUser.ActorId)
        {
            return null;
        }

        if (!ContactsAccess.IsManagerOrAdmin(currentUser))
        {
            return new ValidationError(nameof(CustomerInput.OwnerId), "A SalesRep can only make themselves the owner. Ask a Manager to assign someone else.");
        }

        return await db.Users.AnyAsync(u => u.Id == ownerId, cancellationToken)
            ? null
            : new ValidationError(nameof(CustomerInput.OwnerId), $"'{ownerId}' is no user of eCRM: name the owner by a user's id, or leave it empty.");
    }

    private static async Task<List<ValidationError>> ReferenceProblemsAsync(CrmDbContext db, CustomerInput input, long? selfId, CancellationToken cancellationToken)
    {
        var problems = new List<ValidationError>();
        if (input.CompanyId is { } companyId
            && !await db.Set<Customer>().AnyAsync(c => c.Id == companyId && c.Kind == CustomerKind.Company && c.Id != selfId, cancellationToken))
        {
            problems.Add(new ValidationError(nameof(CustomerInput.CompanyId), $"There is no company customer with id {companyId}."));
        }

        if (!string.IsNullOrWhiteSpace(input.ExternalId)
            && await db.Set<Customer>().AnyAsync(c => c.ExternalId == input.ExternalId.Trim() && c.Id != selfId, cancellationToken))
        {
            problems.Add(new ValidationError(nameof(CustomerInput.ExternalId), $"Another customer already has the external id '{input.ExternalId.Trim()}'."));
        }

        return problems;
    }

    /// <summary>Copies validated input onto a customer: names, normalised emails and phones, tags, address and the copies for lists.</summary>
    public static void Apply(Customer customer, CustomerInput input, string region)
    {
        customer.Kind = input.Kind;
        customer.FirstName = Trimmed.OrNull(input.FirstName);
        customer.LastName = Trimmed.OrNull(input.LastName);
        customer.CompanyName = Trimmed.OrNull(input.CompanyName);
        customer.JobTitle = Trimmed.OrNull(input.JobTitle);
        customer.CompanyId = input.Kind == CustomerKind.Person ? input.CompanyId : null;
        customer.DisplayName = input.Kind == CustomerKind.Company
            ? customer.CompanyName!
            : string.Join(' ', new[] { customer.FirstName, customer.LastName }.Where(n => n is not null));
        customer.SearchName = ContactNormalizer.SearchKey(customer.DisplayName);
        customer.Website = Trimmed.OrNull(input.Website);
        customer.Industry = Trimmed.OrNull(input.Industry);
        customer.Source = Trimmed.OrNull(input.Source);
        customer.Notes = Trimmed.OrNull(input.Notes);
        customer.ExternalId = Trimmed.OrNull(input.ExternalId);

        var emails = input.Emails.Select(ContactNormalizer.NormalizeEmail).Distinct().ToList();
        customer.Emails.RemoveAll(e => !emails.Contains(e.Address));
        customer.Emails.AddRange(emails.Where(e => customer.Emails.All(x => x.Address != e)).Select(e => new CustomerEmail { Address = e }));
        customer.Emails.Sort((a, b) => emails.IndexOf(a.Address).CompareTo(emails.IndexOf(b.Address)));
        customer.PrimaryEmail = emails.FirstOrDefault();

        var phones = input.Phones.Select(p => ContactNormalizer.TryNormalizePhone(p, region, out var e164) ? e164 : null)
            .OfType<string>().Distinct().ToList();
        customer.Phones.RemoveAll(p => !phones.Contains(p.Number));
        customer.Phones.AddRange(phones.Where(p => customer.Phones.All(x => x.Number != p)).Select(p => new CustomerPhone { Number = p }));
        customer.PrimaryPhone = phones.FirstOrDefault();

        var tags = input.Tags.Select(t => t.Trim()).Where(t => t.Length > 0).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        customer.Tags.RemoveAll(t => !tags.Contains(t.Tag));
        customer.Tags.AddRange(tags.Where(t => customer.Tags.All(x => x.Tag != t)).Select(t => new CustomerTag { Tag = t }));

        var address = input.Address is { } a && new[] { a.Street, a.PostalCode, a.City, a.Region, a.Country }.Any(v => !string.IsNullOrWhiteSpace(v)) ? a : null;
        if (address is null)
        {
            customer.Addresses.Clear();
        }
        else
        {
            var target = customer.Addresses.FirstOrDefault();
            if (target is null)
            {
                target = new CustomerAddress { Label = "Main" };
                customer.Addresses.Add(target);
            }

            target.Street = Trimmed.OrNull(address.Street);
            target.PostalCode = Trimmed.OrNull(address.PostalCode);
            target.City = Trimmed.OrNull(address.City);
            target.Region = Trimmed.OrNull(address.Region);
            target.Country = Trimmed.OrNull(address.Country);
        }

        customer.City = customer.Addresses.FirstOrDefault()?.City;
        customer.Country = customer.Addresses.FirstOrDefault()?.Country;
    }
}
