using Crm.Contacts.Contracts;
using Crm.Contacts.Features.Customers.Browse;
using Crm.Contacts.Features.Customers.DoNotContact;
using Crm.Contacts.Features.Customers.RecordConsent;
using Crm.Contacts.Features.Customers.SetActive;
using Crm.Contacts.Features.Interactions;
using Crm.Contacts.Features.Privacy;
using Crm.Contacts.Features.Shared;
using Crm.Kernel;
using Crm.Kernel.Identity;
using Crm.Ui.Feedback;
using Crm.Ui.Loading;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace Crm.Contacts.Features.Customers.Details;

/// <summary>The 360° view of one customer: key facts, quick actions, the interaction timeline, contact people, consent and history.</summary>
public partial class CustomerPage
{
    private const int TimelinePageSize = 25;

    private readonly PageLoad<CustomerDetails> load = new();
    private PagedResult<InteractionDto>? timeline;
    private List<InteractionDto> timelineItems = [];
    private IReadOnlyList<CustomerListItem> people = [];
    private IReadOnlyList<AuditEntryDto>? audit;
    private readonly Dictionary<string, string> names = [];
    private Channel? channelFilter;
    private InteractionType? typeFilter;
    private bool canEdit;
    private bool isManager;

    [Parameter]
    public long Id { get; set; }

    [Inject]
    private CustomerQueries Queries { get; set; } = default!;

    [Inject]
    private SetCustomerActiveHandler SetCustomerActive { get; set; } = default!;

    [Inject]
    private SetDoNotContactHandler SetDoNotContact { get; set; } = default!;

    [Inject]
    private RecordConsentHandler RecordConsent { get; set; } = default!;

    [Inject]
    private InteractionQueries Interactions { get; set; } = default!;

    [Inject]
    private UserDirectory Users { get; set; } = default!;

    [Inject]
    private ICurrentUser CurrentUser { get; set; } = default!;

    [Inject]
    private IEnumerable<CustomerPanel> RegisteredPanels { get; set; } = default!;

    private IReadOnlyList<CustomerPanel> panels = [];

    [Inject]
    private IDialogService Dialogs { get; set; } = default!;

    [Inject]
    private ISnackbar Snackbar { get; set; } = default!;

    [Inject]
    private CustomerPrivacy Privacy { get; set; } = default!;

    private CustomerDetails? Current => load.Value;

    protected override async Task OnParametersSetAsync()
    {
        load.Reset();
        audit = null;
        if (await load.RunAsync(LoadCustomerAsync))
        {
            await LoadTimelineAsync(reset: true);
        }
    }

    private async Task<CustomerDetails> LoadCustomerAsync()
    {
        var customer = await Queries.GetAsync(Id);
        canEdit = ContactsAccess.CanEdit(CurrentUser, customer.OwnerId);
        panels = [.. RegisteredPanels.Where(p => p.Roles.Any(CurrentUser.IsInRole)).OrderBy(p => p.Order)];
        isManager = ContactsAccess.IsManagerOrAdmin(CurrentUser);
        people = customer.Kind == CustomerKind.Company ? await Queries.ContactPeopleAsync(Id) : [];
        await AddNamesAsync([customer.OwnerId]);
        return customer;
    }

    private async Task LoadTimelineAsync(bool reset)
    {
        var page = reset ? 0 : timelineItems.Count / TimelinePageSize;
        timeline = await Interactions.TimelineAsync(Id, channelFilter, typeFilter, page, TimelinePageSize);
        timelineItems = reset ? [.. timeline.Items] : [.. timelineItems, .. timeline.Items];
        await AddNamesAsync(timeline.Items.Select(i => i.HandledBy));
    }

    private Task LoadMoreAsync() => LoadTimelineAsync(reset: false);

    private async Task ChannelFilterChangedAsync(Channel? value)
    {
        channelFilter = value;
        await LoadTimelineAsync(reset: true);
    }

    private async Task TypeFilterChangedAsync(InteractionType? value)
    {
        typeFilter = value;
        await LoadTimelineAsync(reset: true);
    }

    private async Task LogAsync(InteractionType type, Channel channel)
    {
        var parameters = new DialogParameters<LogInteractionDialog>
        {
            { d => d.CustomerId, Id },
            { d => d.Type, type },
            { d => d.Channel, channel },
        };
        var title = type switch
        {
            InteractionType.Call => "Log a call",
            InteractionType.Email => "Log an email",
            InteractionType.Meeting => "Log a meeting",
            _ => "Add a note",
        };
        var dialog = await Dialogs.ShowAsync<LogInteractionDialog>(title, parameters, new DialogOptions { MaxWidth = MaxWidth.Small, FullWidth = true });
        if (await dialog.Result is { Canceled: false, Data: long id })
        {
            await load.RunAsync(LoadCustomerAsync);
            await LoadTimelineAsync(reset: true);
            var code = timelineItems.FirstOrDefault(i => i.Id == id)?.VerificationCode;
            Snackbar.Done(code is null ? "Recorded on the timeline." : $"Recorded on the timeline. Verification code for the customer: {code}");
        }
    }

    private async Task ToggleActiveAsync()
    {
        var deactivate = Current!.IsActive;
        var confirmed = await Dialogs.ShowMessageBoxAsync(
            deactivate ? "Deactivate this customer?" : "Reactivate this customer?",
            deactivate
                ? $"{Current.DisplayName} leaves the default customer lists. Their history stays, and you can reactivate them at any time."
                : $"{Current.DisplayName} will appear in the customer lists again.",
            yesText: deactivate ? "Deactivate" : "Reactivate", cancelText: "Cancel");
        if (confirmed != true)
        {
            return;
        }

        await RunAsync(() => SetCustomerActive.SetActiveAsync(Id, !deactivate, Current.Version), deactivate ? "Customer deactivated." : "Customer reactivated.");
    }

    private async Task EraseAsync()
    {
        var confirmed = await Dialogs.ShowMessageBoxAsync(
            "Erase this customer's personal data?",
            $"Names, emails, phones, addresses, tags, consent, notes, the text of every interaction and the old values in the history of {Current!.DisplayName} are removed for good. "
                + "The interactions stay as anonymous counts. This cannot be undone: export the data first if the customer asked for a copy.",
            yesText: "Erase for good", cancelText: "Cancel");
        if (confirmed != true)
        {
            return;
        }

        await RunAsync(() => Privacy.EraseAsync(Id, Current.Version), "Personal data erased.");
        await LoadTimelineAsync(reset: true);
    }

    private Task SetDoNotContactAsync(bool value) =>
        RunAsync(() => SetDoNotContact.SetAsync(Id, value), value ? "Marked as do not contact." : "Do not contact removed.");

    private Task SetConsentAsync(ConsentChannel channel, bool granted) =>
        RunAsync(() => RecordConsent.RecordAsync(Id, channel, granted, "eCRM (recorded by staff)"),
            $"{channel} consent {(granted ? "recorded" : "withdrawn")}.");

    private async Task LoadAuditAsync()
    {
        audit = await Queries.AuditAsync(Id);
        await AddNamesAsync(audit.Select(a => a.ActorId));
    }

    private async Task RunAsync(Func<Task> action, string success)
    {
        await Snackbar.RunAsync(action, success);
        await load.RunAsync(LoadCustomerAsync);
        audit = null;
    }

    private async Task AddNamesAsync(IEnumerable<string?> ids)
    {
        var missing = ids.OfType<string>().Where(id => !names.ContainsKey(id)).ToList();
        foreach (var (id, name) in await Users.NamesAsync(missing))
        {
            names[id] = name;
        }
    }

    private static string WebsiteHref(string website) =>
        website.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || website.StartsWith("https://", StringComparison.OrdinalIgnoreCase)
            ? website
            : "https://" + website;

    private static Color ColorOf(InteractionType type) => type switch
    {
        InteractionType.Call => Color.Primary,
        InteractionType.Email => Color.Info,
        InteractionType.Meeting => Color.Secondary,
        InteractionType.Order => Color.Success,
        InteractionType.Case => Color.Warning,
        _ => Color.Default,
    };
}
