using Crm.Contacts.Contracts;
using Crm.Contacts.Domain;

namespace Crm.Contacts.Tests.Domain;

/// <summary>The customer's own rules, without a database: deactivating and recording consent.</summary>
public sealed class CustomerRulesTests
{
    private static readonly DateTime Now = new(2026, 3, 1, 9, 30, 0, DateTimeKind.Utc);

    [Fact]
    public void Deactivating_twice_changes_nothing_the_second_time()
    {
        var customer = new Customer();

        Assert.True(customer.SetActive(false));
        Assert.False(customer.IsActive);
        Assert.False(customer.SetActive(false));
        Assert.True(customer.SetActive(true));
        Assert.True(customer.IsActive);
    }

    [Fact]
    public void The_first_consent_on_a_channel_adds_it_and_later_answers_replace_it_returning_what_was_recorded()
    {
        var customer = new Customer { Id = 42 };

        Assert.False(customer.RecordConsent(ConsentChannel.Email, true, "  web form  ", Now));
        var email = Assert.Single(customer.Consents);
        Assert.Equal((42L, true, Now, "web form"), (email.CustomerId, email.Granted, email.RecordedAtUtc, email.Source));

        Assert.True(customer.RecordConsent(ConsentChannel.Email, false, " ", Now.AddDays(1)));
        Assert.Equal((false, Now.AddDays(1), "eCRM"), (email.Granted, email.RecordedAtUtc, email.Source));

        customer.RecordConsent(ConsentChannel.Sms, true, null, Now);
        Assert.Equal(2, customer.Consents.Count);
    }
}
