using Bunit;
using Crm.Contacts;
using Crm.Contacts.Contracts;
using Crm.Contacts.Domain;
using Crm.Contacts.Features.Customers.Browse;
using Crm.Contacts.Features.Customers.Details;
using Crm.Contacts.Features.Customers.Save;
using Crm.Contacts.Features.Interactions;
using Crm.Contacts.Tests.Components;
using Crm.Kernel;
using Crm.Kernel.Errors;
using Crm.Kernel.Identity;
using Crm.Testing;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using MudBlazor;

namespace Crm.Contacts.Tests.Features.Customers;

/// <summary>
/// bUnit over the real host and its SQLite file: logging an interaction shows the validator's message and stores nothing
/// for bad input; the customer form does the same; a customer that does not exist shows the not-found state.
/// </summary>
[Collection(ContactsComponentsCollection.Name)]
public sealed class CustomerComponentTests(NoDemoDataHost fixture)
{
    private const string Rep = "test:contacts-rep";

    [Fact]
    public async Task An_interaction_without_a_subject_shows_the_validators_message_and_is_not_stored()
    {
        var customerId = await CreateCustomerAsync("Lin");
        await using var ui = new ComponentHost(fixture.Host, CrmRoles.SalesRep, Rep);
        var expected = new InteractionInputValidator(TimeProvider.System)
            .Validate(new InteractionInput { Type = InteractionType.Call, Channel = Channel.Phone, Subject = "" })
            .Errors.Single(e => e.PropertyName == nameof(InteractionInput.Subject)).ErrorMessage;
        var (cut, dialog) = await ShowLogAsync(ui, customerId);

        await cut.Find("[data-testid=interaction-save]").ClickAsync(new MouseEventArgs());

        Assert.Equal([expected], cut.FieldErrors());
        Assert.False(dialog.Result.IsCompleted);
        Assert.Equal(0, await InteractionCountAsync(customerId));
    }

    [Fact]
    public async Task A_logged_call_is_stored_on_the_customers_timeline_and_the_dialog_answers_with_its_id()
    {
        var customerId = await CreateCustomerAsync("Okafor");
        await using var ui = new ComponentHost(fixture.Host, CrmRoles.SalesRep, Rep);
        var (cut, dialog) = await ShowLogAsync(ui, customerId);

        await cut.Find("[data-testid=interaction-subject]").ChangeAsync(new ChangeEventArgs { Value = "Asked for a quote" });
        await cut.Find("[data-testid=interaction-save]").ClickAsync(new MouseEventArgs());

        var result = await dialog.Result;
        Assert.False(result!.Canceled);
        var stored = await fixture.Host.QueryAsync(db => db.Set<Interaction>().AsNoTracking().SingleAsync(i => i.CustomerId == customerId));
        Assert.Equal(stored.Id, result.Data);
        Assert.Equal(("Asked for a quote", InteractionType.Call, Channel.Phone), (stored.Subject, stored.Type, stored.Channel));
    }

    [Fact]
    public async Task Cancelling_the_log_dialog_stores_nothing()
    {
        var customerId = await CreateCustomerAsync("Nakamura");
        await using var ui = new ComponentHost(fixture.Host, CrmRoles.SalesRep, Rep);
        var (cut, dialog) = await ShowLogAsync(ui, customerId);
        await cut.Find("[data-testid=interaction-subject]").ChangeAsync(new ChangeEventArgs { Value = "Typed, then cancelled" });

        await cut.Button("Cancel").ClickAsync(new MouseEventArgs());

        Assert.True((await dialog.Result)!.Canceled);
        Assert.Equal(0, await InteractionCountAsync(customerId));
    }

    [Fact]
    public async Task A_customer_form_without_a_last_name_shows_the_validators_message_and_stores_nothing()
    {
        await using var ui = new ComponentHost(fixture.Host, CrmRoles.SalesRep, Rep);
        var region = ui.Services.GetRequiredService<IOptions<ContactsOptions>>().Value.DefaultPhoneRegion;
        var expected = CustomerInputValidator.For(region).Validate(new CustomerInput { Kind = CustomerKind.Person, FirstName = "Only" })
            .Errors.Single(e => e.PropertyName == nameof(CustomerInput.LastName)).ErrorMessage;
        var before = await fixture.Host.QueryAsync(db => db.Set<Customer>().CountAsync());
        var cut = ui.Context.Render<CustomerEditPage>();

        await cut.WaitForElement("[data-testid=first-name]").ChangeAsync(new ChangeEventArgs { Value = "Only" });
        await cut.Find("[data-testid=save-customer]").ClickAsync(new MouseEventArgs());

        Assert.Contains(expected, cut.FieldErrors());
        Assert.Equal(before, await fixture.Host.QueryAsync(db => db.Set<Customer>().CountAsync()));
    }

    [Fact]
    public async Task A_customer_that_does_not_exist_shows_the_not_found_message()
    {
        await using var ui = new ComponentHost(fixture.Host, CrmRoles.SalesRep, Rep);
        var missing = (await fixture.Host.QueryAsync(db => db.Set<Customer>().MaxAsync(c => (long?)c.Id)) ?? 0) + 1_000;
        var notFound = await Assert.ThrowsAsync<NotFoundException>(() => ui.Services.GetRequiredService<CustomerQueries>().GetAsync(missing));

        var cut = ui.Context.Render<CustomerPage>(p => p.Add(x => x.Id, missing));
        var alert = cut.WaitForElement("[data-testid=customer-error]");

        Assert.Equal(notFound.Message, Rendered.Normalize(alert.TextContent));
        Assert.Equal("NotFound", alert.GetAttribute("data-problem"));
        Assert.Empty(cut.FindAll("[data-testid=customer-header]"));
    }

    [Fact]
    public async Task Another_reps_customer_cannot_be_edited_and_the_form_is_not_shown()
    {
        var customerId = await CreateCustomerAsync("Owned");
        await using var ui = new ComponentHost(fixture.Host, CrmRoles.SalesRep, "test:contacts-other-rep");
        var owner = await fixture.Host.QueryAsync(db => db.Set<Customer>().Where(c => c.Id == customerId).Select(c => c.OwnerId).SingleAsync());
        Assert.False(Crm.Contacts.Features.Shared.ContactsAccess.CanEdit(ui.Services.GetRequiredService<ICurrentUser>(), owner));

        var cut = ui.Context.Render<CustomerEditPage>(p => p.Add(x => x.Id, customerId));
        var alert = cut.WaitForElement("[data-testid=customer-edit-error]");

        Assert.Equal("Forbidden", alert.GetAttribute("data-problem"));
        Assert.Empty(cut.FindAll("[data-testid=save-customer]"));
        Assert.Empty(cut.FindAll("[data-testid=last-name]"));
    }

    private static Task<(IRenderedComponent<MudDialogProvider>, IDialogReference)> ShowLogAsync(ComponentHost ui, long customerId) =>
        ui.ShowAsync(new DialogParameters<LogInteractionDialog>
        {
            { d => d.CustomerId, customerId },
            { d => d.Type, InteractionType.Call },
            { d => d.Channel, Channel.Phone },
        });

    private async Task<long> CreateCustomerAsync(string lastName)
    {
        await using var scope = fixture.Host.Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<CurrentUser>().SetSystemActor(Rep, CrmRoles.SalesRep);
        var saved = await scope.ServiceProvider.GetRequiredService<CreateCustomerHandler>()
            .CreateAsync(new CustomerInput { FirstName = "Test", LastName = $"{lastName} {Guid.NewGuid():N}"[..30] }, allowDuplicates: true);
        Assert.True(saved.Result.Succeeded, saved.Result.Validation.ToString());
        return saved.Result.Value;
    }

    private Task<int> InteractionCountAsync(long customerId) =>
        fixture.Host.QueryAsync(db => db.Set<Interaction>().CountAsync(i => i.CustomerId == customerId));
}
