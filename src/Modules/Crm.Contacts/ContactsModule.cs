using System.Reflection;
using Crm.Contacts.Contracts;
using Crm.Contacts.Features.Customers.Browse;
using Crm.Contacts.Features.Customers.Save;
using Crm.Contacts.Features.Generate;
using Crm.Contacts.Features.Interactions;
using Crm.Contacts.Features.Shared;
using Crm.Kernel;
using Crm.Kernel.Events.Outbox;
using Crm.Kernel.Modules;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.Contacts;

/// <summary>
/// Entry point of the Contacts module (customers, contact people, the interaction timeline of the CCR): the host calls
/// <see cref="AddContactsModule"/> by name.
/// </summary>
public static class ContactsModule
{
    public const string Name = "Contacts";

    public static Assembly Assembly => typeof(ContactsModule).Assembly;

    /// <summary>Everyone signed in works with customers.</summary>
    public static IReadOnlyList<NavigationEntry> Navigation { get; } =
    [
        new("Customers", "/customers", MudBlazor.Icons.Material.Filled.People, CrmRoles.All,
            "Every customer and every contact with them: search, filter, open the 360° view"),
        new("Duplicates", "/customers/duplicates", MudBlazor.Icons.Material.Filled.JoinInner, [CrmRoles.Admin, CrmRoles.Manager],
            "Review likely duplicate customers and merge them"),
    ];

    public static IServiceCollection AddContactsModule(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton(new CrmModule(Name, Assembly, Navigation));
        services.AddOptions<ContactsOptions>().Bind(configuration.GetSection(ContactsOptions.SectionName));
        services.AddScoped<CreateCustomerHandler>();
        services.AddScoped<UpdateCustomerHandler>();
        services.AddScoped<Features.Customers.SetActive.SetCustomerActiveHandler>();
        services.AddScoped<Features.Customers.RecordConsent.RecordConsentHandler>();
        services.AddScoped<Features.Customers.DoNotContact.SetDoNotContactHandler>();
        services.AddScoped<CustomerQueries>();
        services.AddSingleton<Features.Customers.Preferences.PreferenceFactInputValidator>();
        services.AddScoped<Features.Customers.Preferences.PreferenceFactQueries>();
        services.AddScoped<Features.Customers.Preferences.RecordPreferenceFactHandler>();
        services.AddScoped<Features.Customers.Preferences.ChangePreferenceFactHandler>();
        services.AddScoped<Features.Customers.Preferences.RemovePreferenceFactHandler>();
        services.AddScoped<IPreferenceFactSearch, Features.Customers.Preferences.PreferenceFactSearch>();
        services.AddOptions<Features.Verification.VerificationOptions>().Bind(configuration.GetSection(Features.Verification.VerificationOptions.SectionName));
        services.AddScoped<IContactVerification, Features.Verification.ContactVerificationService>();
        services.Configure<Microsoft.AspNetCore.RateLimiting.RateLimiterOptions>(options =>
            options.AddPolicy<string, Features.Verification.VerifyRateLimitPolicy>(Features.Verification.VerifyRateLimitPolicy.Name));
        services.AddScoped<Features.Interactions.Writing.InteractionWriter>();
        services.AddScoped<Features.Interactions.LogInteraction.LogInteractionHandler>();
        services.AddScoped<Features.Interactions.CorrectInteraction.CorrectInteractionHandler>();
        services.AddSingleton<InteractionInputValidator>(); // built once (its rules compile expressions); thread-safe
        services.AddScoped<InteractionQueries>();
        services.AddScoped<IInteractionLog, InteractionLog>();
        services.AddIntegrationEventHandler<InteractionReported, ReportedInteractionsHandler>();
        services.AddScoped<ICustomerDirectory, CustomerDirectory>();
        services.AddScoped<IPhoneDirectory, PhoneDirectory>();
        services.AddScoped<ICustomerFacts, CustomerFacts>();
        services.AddScoped<ICustomerRegistration, Features.Registration.CustomerRegistration>();
        services.AddScoped<Features.Privacy.CustomerPrivacy>();
        services.AddScoped<Features.Merge.DuplicateReview>();
        services.AddScoped<Features.Merge.CustomerMerge>();
        services.AddScoped<IContactsDataGenerator, ContactsDataGenerator>();
        services.AddScoped<Features.ImportExport.CustomerCsvExport>();
        services.AddScoped<Features.ImportExport.CustomerCsvImport>();
        services.AddScoped<Features.Customers.Views.SavedViews>();
        services.AddScoped<ISavedViews, Features.Customers.Views.StoredSavedViews>();
        return services;
    }
}
