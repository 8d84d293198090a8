using Crm.Contacts.Contracts;
using Crm.Contacts.Features.Shared;
using Crm.Kernel.Identity;
using Crm.Ui.Feedback;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace Crm.Contacts.Features.Customers.Preferences;

/// <summary>
/// Lists a customer's remembered facts and lets those who may record them add, change and remove them (removing asks first).
/// </summary>
public partial class PreferenceFactsPanel
{
    private IReadOnlyList<PreferenceFactDto>? facts;
    private bool canRecord;
    private bool canEditCustomer;

    [Parameter, EditorRequired]
    public long CustomerId { get; set; }

    /// <summary>The customer's owner, for the ownership rule of who records and changes facts.</summary>
    [Parameter]
    public string? OwnerId { get; set; }

    [Inject]
    private PreferenceFactQueries Queries { get; set; } = default!;

    [Inject]
    private RemovePreferenceFactHandler Remove { get; set; } = default!;

    [Inject]
    private ICurrentUser CurrentUser { get; set; } = default!;

    [Inject]
    private IDialogService Dialogs { get; set; } = default!;

    [Inject]
    private ISnackbar Snackbar { get; set; } = default!;

    protected override async Task OnParametersSetAsync()
    {
        canRecord = ContactsAccess.CanRecordFacts(CurrentUser, OwnerId);
        canEditCustomer = ContactsAccess.CanEdit(CurrentUser, OwnerId);
        await ReloadAsync();
    }

    private bool MayChange(PreferenceFactDto fact) => canRecord && (canEditCustomer || fact.RecordedBy == CurrentUser.ActorId);

    private async Task ReloadAsync() => facts = await Queries.ListAsync(CustomerId);

    private Task AddAsync() => OpenAsync(null, "Remember a preference");

    private Task EditAsync(PreferenceFactDto fact) => OpenAsync(fact, "Change a preference");

    private async Task OpenAsync(PreferenceFactDto? fact, string title)
    {
        var parameters = new DialogParameters<PreferenceFactDialog> { { d => d.CustomerId, CustomerId }, { d => d.Fact, fact } };
        var dialog = await Dialogs.ShowAsync<PreferenceFactDialog>(title, parameters, new DialogOptions { MaxWidth = MaxWidth.Small, FullWidth = true });
        if (await dialog.Result is { Canceled: false })
        {
            await ReloadAsync();
        }
    }

    private async Task RemoveAsync(PreferenceFactDto fact)
    {
        var confirmed = await Dialogs.ShowMessageBoxAsync(
            "Remove this preference?", $"{fact.Category}: \"{fact.Value}\" will no longer be shown to colleagues.",
            yesText: "Remove", cancelText: "Cancel");
        if (confirmed != true)
        {
            return;
        }

        await Snackbar.RunAsync(() => Remove.RemoveAsync(CustomerId, fact.Id, fact.Version), "Preference removed.");
        await ReloadAsync();
    }

    internal static string SourceText(PreferenceSource source) => source switch
    {
        PreferenceSource.PhoneCall => "phone call",
        PreferenceSource.WebForm => "web form",
        _ => source.ToString().ToLowerInvariant(),
    };

    private static Color ColorOf(PreferenceCategory category) => category switch
    {
        PreferenceCategory.Dietary => Color.Error,
        PreferenceCategory.Contact => Color.Primary,
        PreferenceCategory.Communication => Color.Info,
        PreferenceCategory.Room => Color.Secondary,
        _ => Color.Default,
    };
}
