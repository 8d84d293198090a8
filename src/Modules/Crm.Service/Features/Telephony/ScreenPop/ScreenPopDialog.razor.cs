using Crm.Contacts.Contracts;
using Crm.Kernel.Errors;
using Crm.Kernel.Identity;
using Crm.Service.Contracts;
using Crm.Service.Features.Telephony.AttachCall;
using Crm.Service.Features.Telephony.RegisterCaller;
using Crm.Ui.Feedback;
using Crm.Ui.Loading;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace Crm.Service.Features.Telephony.ScreenPop;

/// <summary>
/// The screen pop of one call: reloads when the telephone system reports the call answered or ended, attaches the call
/// to a case or opens one with a click, and registers an unknown caller.
/// </summary>
public sealed partial class ScreenPopDialog : IDisposable
{
    private static readonly string[] FieldsShown = ["FirstName", "LastName", "Phones", "Emails", "CompanyName"];

    private readonly PageLoad<CallPop> load = new();
    private IReadOnlyList<CustomerPanel> panels = [];
    private IDisposable? subscription;
    private bool busy;
    private string? firstName;
    private string? lastName;
    private string? phone;
    private string? email;
    private string? company;
    private string? general;
    private IReadOnlyList<DuplicateCandidate> duplicates = [];
    private OperationResult errors = OperationResult.Success;

    [Parameter, EditorRequired]
    public long CallRecordId { get; set; }

    [CascadingParameter]
    private IMudDialogInstance MudDialog { get; set; } = default!;

    [Inject]
    private ScreenPopQueries Queries { get; set; } = default!;

    [Inject]
    private AttachCallHandler Attach { get; set; } = default!;

    [Inject]
    private RegisterCallerHandler Register { get; set; } = default!;

    [Inject]
    private CallNotifier Notifier { get; set; } = default!;

    [Inject]
    private ICurrentUser CurrentUser { get; set; } = default!;

    [Inject]
    private IEnumerable<CustomerPanel> RegisteredPanels { get; set; } = default!;

    [Inject]
    private ISnackbar Snackbar { get; set; } = default!;

    protected override async Task OnInitializedAsync()
    {
        panels = [.. RegisteredPanels.Where(p => p.Roles.Any(CurrentUser.IsInRole) && p.Component.Assembly != typeof(ScreenPopDialog).Assembly).OrderBy(p => p.Order)];
        subscription = Notifier.Subscribe(CurrentUser.ActorId, signal =>
        {
            if (signal.CallRecordId == CallRecordId)
            {
                _ = InvokeAsync(async () =>
                {
                    await ReloadAsync();
                    StateHasChanged();
                });
            }
        });
        await ReloadAsync();
        if (load.Value is { Customer: null } pop)
        {
            phone = pop.CustomerNumber ?? pop.FromNumber;
        }
    }

    public void Dispose() => subscription?.Dispose();

    private Task ReloadAsync() => load.RunAsync(() => Queries.PopAsync(CallRecordId));

    private void Close() => MudDialog.Close();

    private static Color StatusColor(CallStatus status) => status switch
    {
        CallStatus.Ringing => Color.Info,
        CallStatus.Connected => Color.Success,
        CallStatus.Missed => Color.Warning,
        _ => Color.Default,
    };

    private async Task AttachAsync(PopCase target)
    {
        busy = true;
        try
        {
            if (await Snackbar.RunAsync(() => Attach.AttachAsync(CallRecordId, target.Id), $"The call is attached to {target.Number}."))
            {
                await ReloadAsync();
            }
        }
        finally
        {
            busy = false;
        }
    }

    private async Task OpenCaseAsync()
    {
        busy = true;
        try
        {
            if (await Snackbar.RunAsync(() => Attach.OpenCaseAsync(CallRecordId), "A case is open for the call."))
            {
                await ReloadAsync();
            }
        }
        finally
        {
            busy = false;
        }
    }

    private async Task RegisterAsync()
    {
        busy = true;
        general = null;
        try
        {
            var input = new CustomerInput
            {
                FirstName = firstName,
                LastName = lastName,
                CompanyName = company,
                Phones = string.IsNullOrWhiteSpace(phone) ? [] : [phone],
                Emails = string.IsNullOrWhiteSpace(email) ? [] : [email],
            };
            var result = await Register.RegisterAsync(CallRecordId, input, allowDuplicates: duplicates.Count > 0);
            errors = new OperationResult(result.Errors);
            general = errors.Errors.FirstOrDefault(e => !FieldsShown.Contains(e.Field))?.Message;
            duplicates = result.Duplicates;
            if (result.Created)
            {
                Snackbar.Done("The caller is registered as a customer.");
                await ReloadAsync();
            }
        }
        catch (Exception ex) when (ex is ForbiddenException or ConflictException or NotFoundException)
        {
            general = ex.Message;
        }
        finally
        {
            busy = false;
        }
    }
}
