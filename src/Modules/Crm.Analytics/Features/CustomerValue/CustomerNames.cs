using System.Globalization;
using Crm.Contacts.Contracts;

namespace Crm.Analytics.Features.CustomerValue;

/// <summary>What exports call a customer: the external id from the import or source system, else the internal id.</summary>
internal static class CustomerNames
{
    /// <summary>Names of <paramref name="customerIds"/> (ascending), merged with the external-id stream (also ascending).</summary>
    public static async Task<string[]> ResolveAsync(ICustomerFacts facts, long[] customerIds, CancellationToken cancellationToken)
    {
        var names = new string[customerIds.Length];
        var i = 0;
        if (customerIds.Length > 0)
        {
            await foreach (var external in facts.StreamExternalIdsAsync(cancellationToken).WithCancellation(cancellationToken))
            {
                while (i < customerIds.Length && customerIds[i] < external.CustomerId)
                {
                    names[i] = customerIds[i].ToString(CultureInfo.InvariantCulture);
                    i++;
                }

                if (i == customerIds.Length)
                {
                    break;
                }

                if (customerIds[i] == external.CustomerId)
                {
                    names[i++] = external.ExternalId;
                }
            }
        }

        for (; i < customerIds.Length; i++)
        {
            names[i] = customerIds[i].ToString(CultureInfo.InvariantCulture);
        }

        return names;
    }
}
