using Crm.Kernel.Identity;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace Crm.Service.Features.Telephony.ScreenPop;

/// <summary>
/// Subscribes the signed-in agent's app to their calls (<see cref="CallNotifier"/>): a call ringing for them opens the
/// screen pop over whatever page they are on, pushed down the Blazor circuit without a reload.
/// </summary>
public sealed partial class CallPopper : IDisposable
{
    private IDisposable? subscription;

    [Inject]
    private CallNotifier Notifier { get; set; } = default!;

    [Inject]
    private ICurrentUser CurrentUser { get; set; } = default!;

    [Inject]
    private IDialogService Dialogs { get; set; } = default!;

    protected override void OnAfterRender(bool firstRender)
    {
        // Subscribed once the circuit is live (not while prerendering), and shown in data-listening for tests and support.
        if (firstRender)
        {
            subscription = Notifier.Subscribe(CurrentUser.ActorId, OnSignal);
            StateHasChanged();
        }
    }

    public void Dispose() => subscription?.Dispose();

    private void OnSignal(CallSignal signal)
    {
        if (signal.Kind == CallSignalKind.Changed)
        {
            return;
        }

        _ = InvokeAsync(() => Dialogs.ShowAsync<ScreenPopDialog>(signal.Kind == CallSignalKind.Ringing ? "Incoming call" : "Outgoing call",
            new DialogParameters<ScreenPopDialog> { { d => d.CallRecordId, signal.CallRecordId } },
            new DialogOptions { MaxWidth = MaxWidth.Large, FullWidth = true, CloseButton = true, BackdropClick = false }));
    }
}
