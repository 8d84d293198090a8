using Crm.Kernel.Errors;

namespace Crm.Contacts.Contracts;

/// <summary>The outcome of registering a customer: its id, or the validation problems, or the likely duplicates to confirm first.</summary>
public sealed record CustomerRegistrationResult(long? CustomerId, IReadOnlyList<ValidationError> Errors, IReadOnlyList<DuplicateCandidate> Duplicates)
{
    public bool Created => CustomerId is not null;
}

/// <summary>A customer known to a source system by its id there (a web shop, an ERP, an imported file).</summary>
public sealed record ExternalCustomer(string ExternalId, string? FirstName = null, string? LastName = null, string? CompanyName = null,
    string? Email = null, string? Country = null);

/// <summary>What <see cref="ICustomerRegistration.EnsureExternalCustomersAsync"/> did: the id of every external id, and how many it created.</summary>
public sealed record EnsuredCustomers(IReadOnlyDictionary<string, long> IdsByExternalId, int Created);

/// <summary>How other modules create customers (converting a lead, an order that names a new customer, an import).</summary>
public interface ICustomerRegistration
{
    /// <summary>
    /// Creates a customer with the same validation, access and duplicate rules as the Contacts screens: unless
    /// <paramref name="allowDuplicates"/>, likely duplicates are returned instead of creating one.
    /// </summary>
    Task<CustomerRegistrationResult> RegisterAsync(CustomerInput input, bool allowDuplicates, CancellationToken cancellationToken = default);

    /// <summary>
    /// As <see cref="RegisterAsync"/>, for a person on the phone who is not yet a customer (telephony's screen pop): the
    /// ServiceAgent taking the call may register them too; the customer then has no owner until a Manager gives it one.
    /// </summary>
    Task<CustomerRegistrationResult> RegisterCallerAsync(CustomerInput input, bool allowDuplicates, CancellationToken cancellationToken = default);

    /// <summary>
    /// Bulk for imports and integrations: finds each customer by its external id and creates the missing ones in one
    /// transaction (named after the source when no name is given). Ids are trimmed; blank ids are ignored.
    /// </summary>
    Task<EnsuredCustomers> EnsureExternalCustomersAsync(IReadOnlyCollection<ExternalCustomer> customers, CancellationToken cancellationToken = default);
}
