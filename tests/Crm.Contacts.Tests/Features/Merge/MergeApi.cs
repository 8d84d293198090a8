using System.Net.Http.Json;
using Crm.Contacts.Contracts;
using Crm.Contacts.Domain;
using Crm.Kernel;
using Crm.Kernel.Identity;
using Crm.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static Crm.Contacts.Tests.Features.Api.ContactsApiFixture;

namespace Crm.Contacts.Tests.Features.Merge;

/// <summary>Calls the duplicate review and merge endpoints the way an integration would, and reads the state they change.</summary>
internal static class MergeApi
{
    public static Task<HttpResponseMessage> DuplicatesAsync(HttpClient client, int page = 0, int pageSize = 100) =>
        client.GetAsync(new Uri($"/api/v1/customers/duplicates?page={page}&pageSize={pageSize}", UriKind.Relative));

    /// <summary>The pair of the two customers, looked for on every page of the review (the demo data has pairs of its own).</summary>
    public static async Task<DuplicatePair?> FindPairAsync(HttpClient client, long x, long y)
    {
        var (first, second) = x < y ? (x, y) : (y, x);
        for (var page = 0; ; page++)
        {
            using var response = await DuplicatesAsync(client, page);
            Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
            var result = await ReadAsync<PagedResult<DuplicatePair>>(response);
            if (result.Items.FirstOrDefault(p => p.First.Id == first && p.Second.Id == second) is { } pair)
            {
                return pair;
            }

            if ((page + 1) * result.PageSize >= result.TotalCount)
            {
                return null;
            }
        }
    }

    public static Task<HttpResponseMessage> MergeAsync(
        HttpClient client, CustomerDetails survivor, CustomerDetails merged, params MergeField[] takeFromMerged) =>
        MergeAsync(client, survivor.Id, new MergeCustomersRequest
        {
            MergedId = merged.Id,
            SurvivorVersion = survivor.Version,
            MergedVersion = merged.Version,
            TakeFromMerged = takeFromMerged,
        });

    public static Task<HttpResponseMessage> MergeAsync(HttpClient client, long survivorId, MergeCustomersRequest request) =>
        client.PostAsJsonAsync(new Uri($"/api/v1/customers/{survivorId}/merge", UriKind.Relative), request, Json);

    public static async Task SetConsentAsync(CrmWebHost host, long customerId, ConsentChannel channel, bool granted, string source)
    {
        await using var scope = host.Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<CurrentUser>().SetSystemActor("test:setup", CrmRoles.Admin);
        await scope.ServiceProvider.GetRequiredService<Crm.Contacts.Features.Customers.RecordConsent.RecordConsentHandler>()
            .RecordAsync(customerId, channel, granted, source);
    }

    /// <summary>Every customer (with version, company link, channels and tags), interaction and audit entry: equal states mean nothing changed.</summary>
    public static Task<string> StateAsync(CrmWebHost host) => host.QueryAsync(async db =>
    {
        var customers = await db.Set<Customer>().OrderBy(c => c.Id).Select(c => $"{c.Id}:{c.Version}:{c.CompanyId}:{c.IsActive}").ToListAsync();
        var interactions = await db.Set<Interaction>().OrderBy(i => i.Id).Select(i => $"{i.Id}:{i.CustomerId}:{i.Version}").ToListAsync();
        var emails = await db.Set<CustomerEmail>().OrderBy(e => e.Id).Select(e => $"{e.CustomerId}:{e.Address}").ToListAsync();
        var phones = await db.Set<CustomerPhone>().OrderBy(p => p.Id).Select(p => $"{p.CustomerId}:{p.Number}").ToListAsync();
        var tags = await db.Set<CustomerTag>().OrderBy(t => t.CustomerId).ThenBy(t => t.Tag).Select(t => $"{t.CustomerId}:{t.Tag}").ToListAsync();
        var audit = await db.Set<ContactsAuditEntry>().OrderBy(a => a.Id).Select(a => $"{a.Id}:{a.CustomerId}").ToListAsync();
        return string.Join("|", new[] { customers, interactions, emails, phones, tags, audit }.Select(part => string.Join(",", part)));
    });
}
