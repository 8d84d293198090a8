using System.Net;
using Crm.Contacts.Contracts;
using Crm.Contacts.Tests.Features.Api;
using Crm.Kernel;
using Crm.Kernel.Identity;
using Microsoft.Extensions.DependencyInjection;
using static Crm.Contacts.Tests.Features.Api.ContactsApiFixture;
using static Crm.Contacts.Tests.Features.Merge.MergeApi;
using static Crm.Contacts.Tests.Features.Privacy.PrivacyApi;

namespace Crm.Contacts.Tests.Features.Merge;

public sealed class DuplicateReviewTests(ContactsApiFixture fixture) : IClassFixture<ContactsApiFixture>
{
    [Fact]
    public async Task Two_customers_with_the_same_email_in_any_spelling_are_a_candidate_pair()
    {
        var marker = Marker();
        using var manager = await fixture.ClientAsync("manager@ecrm.local");
        var first = await CreateAsync(manager, Person($"Mail{marker}", $"same.{marker}@example.com"));
        var second = await CreateAsync(manager, Person($"Other{marker}", $"  SAME.{marker}@Example.COM "));

        var pair = await FindPairAsync(manager, first.Id, second.Id);

        Assert.NotNull(pair);
        Assert.Equal(first.Id, pair.First.Id);
        Assert.Equal(second.Id, pair.Second.Id);
        Assert.Equal($"Test Mail{marker}", pair.First.DisplayName);
        Assert.Equal([$"same.{marker}@example.com"], pair.Second.Emails);
        Assert.Equal($"same email same.{marker}@example.com", pair.Reason);
    }

    [Fact]
    public async Task Two_customers_with_the_same_phone_in_different_formats_are_a_candidate_pair()
    {
        var marker = Marker();
        using var manager = await fixture.ClientAsync("manager@ecrm.local");
        var first = await CreateAsync(manager, Person($"Phone{marker}", phone: "+44 20 7946 0958"));
        var second = await CreateAsync(manager, Person($"Caller{marker}", phone: "0044 (20) 7946-0958"));

        var pair = await FindPairAsync(manager, first.Id, second.Id);

        Assert.NotNull(pair);
        Assert.Equal(["+442079460958"], pair.First.Phones);
        Assert.Contains("same phone +44 20 7946 0958", pair.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Two_customers_with_the_same_name_in_the_same_city_are_a_candidate_pair_but_not_in_different_cities()
    {
        var marker = Marker();
        using var manager = await fixture.ClientAsync("manager@ecrm.local");
        var first = await CreateAsync(manager, Person($"Namesake{marker}", city: $"Leeds{marker}"));
        var second = await CreateAsync(manager, Person($"namesake{marker}", city: $"Leeds{marker}"));
        var elsewhere = await CreateAsync(manager, Person($"Namesake{marker}", city: $"York{marker}"));

        var pair = await FindPairAsync(manager, first.Id, second.Id);

        Assert.NotNull(pair);
        Assert.Equal($"Leeds{marker}", pair.First.City);
        Assert.Equal($"same name in Leeds{marker}", pair.Reason);
        Assert.Null(await FindPairAsync(manager, first.Id, elsewhere.Id));
    }

    [Fact]
    public async Task Two_people_with_the_same_name_in_the_same_company_are_a_candidate_pair()
    {
        var marker = Marker();
        using var manager = await fixture.ClientAsync("manager@ecrm.local");
        var company = await CreateAsync(manager, new CustomerInput { Kind = CustomerKind.Company, CompanyName = $"Acme {marker}" });
        var first = await CreateAsync(manager, Person($"Colleague{marker}") with { CompanyId = company.Id });
        var second = await CreateAsync(manager, Person($"Colleague{marker}") with { CompanyId = company.Id });

        var pair = await FindPairAsync(manager, first.Id, second.Id);

        Assert.NotNull(pair);
        Assert.Equal("same name in the same company", pair.Reason);
    }

    [Fact]
    public async Task A_pair_matching_on_email_and_phone_is_listed_once_with_both_reasons()
    {
        var marker = Marker();
        using var manager = await fixture.ClientAsync("manager@ecrm.local");
        var first = await CreateAsync(manager, Person($"Both{marker}", $"both.{marker}@example.com", "+1 415 555 0199"));
        var second = await CreateAsync(manager, Person($"Twice{marker}", $"both.{marker}@example.com", "(415) 555-0199"));

        using var response = await DuplicatesAsync(manager, pageSize: 100);
        var page = await ReadAsync<PagedResult<DuplicatePair>>(response);

        var pair = Assert.Single(page.Items, p => p.First.Id == first.Id && p.Second.Id == second.Id);
        Assert.Equal($"same email both.{marker}@example.com; same phone +1 415-555-0199", pair.Reason);
    }

    [Fact]
    public async Task A_deactivated_customer_is_not_a_candidate()
    {
        var marker = Marker();
        using var manager = await fixture.ClientAsync("manager@ecrm.local");
        var first = await CreateAsync(manager, Person($"Active{marker}", $"gone.{marker}@example.com"));
        var second = await CreateAsync(manager, Person($"Inactive{marker}", $"gone.{marker}@example.com"));
        Assert.NotNull(await FindPairAsync(manager, first.Id, second.Id));

        await DeactivateAsync(second.Id);

        Assert.Null(await FindPairAsync(manager, first.Id, second.Id));
    }

    [Fact]
    public async Task The_review_is_paged_on_the_server_newest_pairs_first()
    {
        var marker = Marker();
        using var manager = await fixture.ClientAsync("manager@ecrm.local");
        for (var i = 0; i < 3; i++)
        {
            await CreateAsync(manager, Person($"Paged{i}{marker}", $"paged{i}.{marker}@example.com"));
            await CreateAsync(manager, Person($"Paged{i}{marker}", $"paged{i}.{marker}@example.com"));
        }

        using var firstResponse = await DuplicatesAsync(manager, page: 0, pageSize: 2);
        using var secondResponse = await DuplicatesAsync(manager, page: 1, pageSize: 2);
        var firstPage = await ReadAsync<PagedResult<DuplicatePair>>(firstResponse);
        var secondPage = await ReadAsync<PagedResult<DuplicatePair>>(secondResponse);

        Assert.Equal(2, firstPage.Items.Count);
        Assert.Equal(2, firstPage.PageSize);
        Assert.True(firstPage.TotalCount >= 3);
        Assert.Equal([$"Test Paged2{marker}", $"Test Paged1{marker}"], firstPage.Items.Select(p => p.Second.DisplayName));
        Assert.Equal($"Test Paged0{marker}", secondPage.Items[0].Second.DisplayName);
        Assert.True(firstPage.Items[1].Second.Id > secondPage.Items[0].Second.Id);
    }

    [Theory]
    [InlineData("rep@ecrm.local")]
    [InlineData("agent@ecrm.local")]
    public async Task Sales_reps_and_service_agents_may_not_review_duplicates(string email)
    {
        using var user = await fixture.ClientAsync(email);

        using var response = await DuplicatesAsync(user);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    private async Task DeactivateAsync(long id)
    {
        using var manager = await fixture.ClientAsync("manager@ecrm.local");
        var customer = await GetAsync(manager, id);
        await using var scope = fixture.Host.Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<CurrentUser>().SetSystemActor("test:setup", CrmRoles.Admin);
        await scope.ServiceProvider.GetRequiredService<Crm.Contacts.Features.Customers.SetActive.SetCustomerActiveHandler>()
            .SetActiveAsync(id, false, customer.Version);
    }

    private static string Marker() => Guid.NewGuid().ToString("N")[..10];
}
