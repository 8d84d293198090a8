using System.Reflection;
using Crm.Kernel.Events.Outbox;
using Crm.Kernel.Modules;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.Service;

/// <summary>Entry point of the Service module: the host calls <see cref="AddServiceModule"/> by name.</summary>
public static class ServiceModule
{
    public const string Name = "Service";

    public static Assembly Assembly => typeof(ServiceModule).Assembly;

    /// <summary>Navigation entries of this module.</summary>
    public static IReadOnlyList<NavigationEntry> Navigation { get; } =
    [
        new("Workspace", "/service/workspace", MudBlazor.Icons.Material.Filled.Dashboard,
            [Crm.Kernel.CrmRoles.Admin, Crm.Kernel.CrmRoles.Manager, Crm.Kernel.CrmRoles.ServiceAgent],
            "An agent's day: my open cases by deadline, the case's thread with macros and articles, the customer at a glance"),
        new("Cases", "/cases", MudBlazor.Icons.Material.Filled.SupportAgent,
            [Crm.Kernel.CrmRoles.Admin, Crm.Kernel.CrmRoles.Manager, Crm.Kernel.CrmRoles.ServiceAgent, Crm.Kernel.CrmRoles.SalesRep],
            "Customers' requests on every channel: my cases, unassigned ones, replies, notes and status"),
        new("Calls", "/service/calls", MudBlazor.Icons.Material.Filled.Call,
            [Crm.Kernel.CrmRoles.Admin, Crm.Kernel.CrmRoles.Manager, Crm.Kernel.CrmRoles.ServiceAgent],
            "The call log: inbound and outbound calls with their outcome, missed calls and the customers to call back"),
        new("Knowledge base", "/kb", MudBlazor.Icons.Material.Filled.MenuBook,
            [Crm.Kernel.CrmRoles.Admin, Crm.Kernel.CrmRoles.Manager, Crm.Kernel.CrmRoles.ServiceAgent, Crm.Kernel.CrmRoles.SalesRep],
            "Articles that give the same answer on every channel: write, publish, search, and quote them in replies"),
        new("Queues", "/service/queues", MudBlazor.Icons.Material.Filled.Groups,
            [Crm.Kernel.CrmRoles.Admin, Crm.Kernel.CrmRoles.Manager],
            "Queues of cases: members, supervisor, routing strategy, and each agent's presence and capacity"),
        new("Macros", "/service/macros", MudBlazor.Icons.Material.Filled.Bolt,
            [Crm.Kernel.CrmRoles.Admin, Crm.Kernel.CrmRoles.Manager],
            "Saved replies with placeholders and actions that agents apply to a case in one step"),
        new("Telephone systems", "/service/telephony", MudBlazor.Icons.Material.Filled.SettingsPhone,
            [Crm.Kernel.CrmRoles.Admin, Crm.Kernel.CrmRoles.Manager],
            "Telephone systems that push calls: queue numbers, agents' extensions and the webhook's token or signing secret"),
        new("Mailboxes", "/service/mailboxes", MudBlazor.Icons.Material.Filled.AlternateEmail,
            [Crm.Kernel.CrmRoles.Admin, Crm.Kernel.CrmRoles.Manager],
            "The mailboxes the service desk sends customers' replies from, with their SMTP and IMAP servers"),
        new("SLA policies", "/sla/policies", MudBlazor.Icons.Material.Filled.Timer,
            [Crm.Kernel.CrmRoles.Admin, Crm.Kernel.CrmRoles.Manager],
            "Service level targets for cases and the business calendars they count in"),
        new("Service reports", "/service/reports", MudBlazor.Icons.Material.Filled.QueryStats,
            [Crm.Kernel.CrmRoles.Admin, Crm.Kernel.CrmRoles.Manager],
            "Backlog, created vs resolved, business response and resolution times, SLA attainment, breaches, reopens and cases by customer tier"),
    ];

    public static IServiceCollection AddServiceModule(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddSingleton(new CrmModule(Name, Assembly, Navigation));
        services.AddScoped<Features.Cases.CaseQueries>();
        services.AddScoped<Features.Cases.CaseWorkers>();
        services.AddScoped<Features.Cases.OpenCase.OpenCaseHandler>();
        services.AddScoped<Features.Cases.ReplyToCase.ReplyToCaseHandler>();
        services.AddScoped<Features.Cases.AddNote.AddNoteHandler>();
        services.AddScoped<Features.Cases.ChangeStatus.ChangeStatusHandler>();
        services.AddScoped<Features.Cases.AssignCase.AssignCaseHandler>();
        services.AddScoped<Features.Cases.AddTag.AddTagHandler>();
        services.AddScoped<Features.Cases.BulkUpdate.BulkUpdateCasesHandler>();
        services.AddScoped<Features.Cases.OpenCase.CaseOpening>();
        services.AddScoped<Features.Cases.ReceiveCustomerMessage.ReceiveCustomerMessageHandler>();
        services.AddScoped<Contracts.ICaseInbox, Features.Cases.ReceiveCustomerMessage.CaseInbox>();
        services.AddScoped<Features.Cases.MergeCase.MergeCaseHandler>();
        services.AddScoped<Features.Cases.SplitCase.SplitCaseHandler>();
        services.AddScoped<Features.Cases.EditCase.EditCaseHandler>();
        services.AddScoped<Features.Knowledge.ArticleQueries>();
        services.AddScoped<Features.Knowledge.CreateArticle.CreateArticleHandler>();
        services.AddScoped<Features.Knowledge.UpdateArticle.UpdateArticleHandler>();
        services.AddScoped<Features.Knowledge.PublishArticle.PublishArticleHandler>();
        services.AddScoped<Contracts.IKnowledgeDemoData, Features.Knowledge.DemoData.KnowledgeDemoData>();
        services.AddScoped<Contracts.IServiceDataGenerator, Features.Generate.ServiceDataGenerator>();
        services.AddScoped<Features.Cases.Routing.CaseRouting>();
        services.AddScoped<Features.Queues.QueueQueries>();
        services.AddScoped<Features.Queues.SaveQueue.SaveQueueHandler>();
        services.AddScoped<Features.Agents.AgentAvailabilities>();
        services.AddScoped<Features.Agents.PreferredAgents>();
        services.AddScoped<Features.Queues.AssignmentRules.AssignmentRulesHandler>();
        services.AddSingleton<Features.Agents.OpenApps>();
        services.AddScoped<Microsoft.AspNetCore.Components.Server.Circuits.CircuitHandler, Features.Agents.PresenceCircuitHandler>();
        services.AddHostedService<Features.Agents.PresenceAtStart>();
        services.AddSingleton(new Crm.Kernel.Modules.AppBarItem(typeof(Features.Agents.PresenceSelector), 10,
            [Crm.Kernel.CrmRoles.Admin, Crm.Kernel.CrmRoles.Manager, Crm.Kernel.CrmRoles.ServiceAgent]));
        services.AddSingleton<Features.Notifications.AgentNotifier>();
        services.AddScoped<Features.Notifications.AgentNotifications>();
        services.AddScoped<Features.Notifications.Notify.NotificationWriter>();
        services.AddIntegrationEventHandler<Contracts.CaseAssigned, Features.Notifications.Notify.NotifyOnAssignment>();
        services.AddIntegrationEventHandler<Contracts.SlaWarning, Features.Notifications.Notify.NotifyOnSlaWarning>();
        services.AddIntegrationEventHandler<Contracts.SlaBreached, Features.Notifications.Notify.NotifyOnSlaBreach>();
        services.AddIntegrationEventHandler<Contracts.CustomerMessageReceived, Features.Notifications.Notify.NotifyOnCustomerMessage>();
        services.AddSingleton(new Crm.Kernel.Modules.AppBarItem(typeof(Features.Notifications.NotificationBell), 5,
            [Crm.Kernel.CrmRoles.Admin, Crm.Kernel.CrmRoles.Manager, Crm.Kernel.CrmRoles.ServiceAgent]));
        services.AddScoped<Features.Macros.MacroQueries>();
        services.AddScoped<Features.Macros.SaveMacro.SaveMacroHandler>();
        services.AddScoped<Features.Macros.ApplyMacro.ApplyMacroHandler>();
        services.AddScoped<Features.Sla.SlaSettings>();
        services.AddScoped<Crm.Analytics.Contracts.IServiceEffort, Features.Reports.CaseServiceEffort>();
        services.AddScoped<Features.Reports.ServiceReportQuery>();
        services.AddScoped<Features.Sla.Escalation.SlaEscalation>();
        services.AddIntegrationEventHandler<Contracts.SlaEscalated, Features.Sla.Escalation.NotifyManagersOnEscalation>();
        services.AddSingleton<Features.Sla.SlaSweeper>();
        services.AddHostedService<Features.Sla.SlaSweep>();
        services.AddScoped<Features.Telephony.PhoneSystems.PhoneSystemQueries>();
        services.AddScoped<Features.Telephony.PhoneSystems.SavePhoneSystemHandler>();
        services.AddScoped<Features.Telephony.ReceiveCallEvent.CtiEventHandler>();
        services.AddSingleton<Features.Telephony.ScreenPop.CallNotifier>();
        services.AddScoped<Features.Telephony.ScreenPop.ScreenPopQueries>();
        services.AddScoped<Features.Telephony.AttachCall.AttachCallHandler>();
        services.AddScoped<Features.Telephony.RegisterCaller.RegisterCallerHandler>();
        services.AddScoped<Features.Telephony.CallLog.CallLogQueries>();
        services.AddScoped<Features.Telephony.CallLog.CalledBackHandler>();
        services.AddSingleton(new Crm.Kernel.Modules.AppBarItem(typeof(Features.Telephony.ScreenPop.CallPopper), 1,
            [Crm.Kernel.CrmRoles.Admin, Crm.Kernel.CrmRoles.Manager, Crm.Kernel.CrmRoles.ServiceAgent]));
        services.AddSingleton<Features.Email.MailboxSecrets>();
        services.AddScoped<Features.Email.EmailQueries>();
        services.AddScoped<Features.Email.SaveMailbox.SaveMailboxHandler>();
        services.AddScoped<Features.Email.SendEmail.CaseEmailOutbox>();
        services.AddSingleton<Features.Email.SendEmail.EmailSender>();
        services.AddHostedService<Features.Email.SendEmail.EmailSending>();
        services.AddScoped<Features.Email.ReceiveEmail.InboundEmailProcessor>();
        services.AddSingleton<Features.Email.ReceiveEmail.MailIntake>();
        services.AddHostedService<Features.Email.ReceiveEmail.MailIntakeService>();
        services.AddIntegrationEventHandler<Contracts.CaseOpened, Features.Email.SendEmail.AcknowledgeNewCase>();
        services.AddIntegrationEventHandler<Contracts.CaseReplied, Features.Email.SendEmail.SendReplyEmail>();
        services.AddSingleton(new Crm.Contacts.Contracts.CustomerPanel("Cases", MudBlazor.Icons.Material.Filled.SupportAgent,
            typeof(Features.Cases.CustomerCasesPanel), 15,
            [Crm.Kernel.CrmRoles.Admin, Crm.Kernel.CrmRoles.Manager, Crm.Kernel.CrmRoles.ServiceAgent, Crm.Kernel.CrmRoles.SalesRep]));
        return services;
    }
}
