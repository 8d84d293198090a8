using Crm.Contacts.Contracts;
using Crm.Contacts.Domain;

namespace Crm.Contacts.Tests.Domain;

public sealed class PreferenceFactRulesTests
{
    [Fact]
    public void A_fact_is_trimmed_and_learnt_today_unless_a_day_is_given_and_a_change_keeps_the_day()
    {
        var today = new DateOnly(2026, 12, 7);
        var fact = PreferenceFact.Record(5, new PreferenceFactInput { Category = PreferenceCategory.Room, Value = "  High floor  " }, today);
        Assert.Equal(("High floor", today, PreferenceSource.Agent), (fact.Value, fact.NotedOn, fact.Source));

        fact.Change(new PreferenceFactInput { Category = PreferenceCategory.Room, Value = "High floor, away from the lift", Source = PreferenceSource.Visit });
        Assert.Equal(("High floor, away from the lift", today, PreferenceSource.Visit), (fact.Value, fact.NotedOn, fact.Source));
    }

    [Fact]
    public void Only_the_recorder_or_someone_who_may_edit_the_customer_changes_a_fact()
    {
        var fact = PreferenceFact.Record(5, new PreferenceFactInput { Value = "Vegan" }, new DateOnly(2026, 1, 1));
        fact.StampCreated(DateTime.UtcNow, "agent-1");
        Assert.Null(fact.ChangeRefusal("agent-1", mayEditCustomer: false));
        Assert.Null(fact.ChangeRefusal("manager", mayEditCustomer: true));
        Assert.NotNull(fact.ChangeRefusal("agent-2", mayEditCustomer: false));
    }
}
