using Crm.Kernel;
using Crm.Kernel.Errors;
using Crm.Kernel.Identity;
using Crm.Service.Contracts;
using Crm.Service.Features.Cases.AddNote;
using Crm.Service.Features.Cases.AssignCase;
using Crm.Service.Features.Cases.ChangeStatus;
using Crm.Service.Features.Cases.MergeCase;
using Crm.Service.Features.Cases.ReceiveCustomerMessage;
using Crm.Service.Features.Cases.ReplyToCase;
using Crm.Service.Features.Cases.SplitCase;
using Crm.Service.Features.Macros.ApplyMacro;
using Crm.Service.Features.Notifications;
using Crm.Ui.Feedback;
using Crm.Ui.Loading;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;
using MudBlazor;

namespace Crm.Service.Features.Cases;

/// <summary>
/// One case: its thread (with those of cases merged into it), a composer for a public reply, an internal note or a customer's
/// message that reached an agent (Ctrl+Enter sends), the status moves the case allows, taking it, merging it into another case
/// of the customer, splitting a customer's message off into a new case, and its details and linked cases beside. Every change is made under the version read, so a colleague's change in the
/// meantime is reported instead of overwritten.
/// </summary>
public partial class CasePage
{
    private readonly PageLoad<CaseDetails> load = new();
    private bool isWorker;

    /// <summary>Why the user may read but not work this case (CaseAccess: its queue and owner); null when they may work it.</summary>
    private string? workRefusal;
    private bool busy;
    private CaseEntryKind composing = CaseEntryKind.PublicReply;
    private string? text;
    private string? textError;
    private Channel messageChannel;
    /// <summary>The case the composer was last set up for.</summary>
    private long composerCaseId;

    private Macros.MacroPicker? macroPicker;

    /// <summary>The knowledge-base article revision the reply being written quotes (issue 17).</summary>
    private ArticleQuote? quote;

    [Parameter]
    public long Id { get; set; }

    [Inject]
    private CaseQueries Queries { get; set; } = default!;

    [Inject]
    private ReplyToCaseHandler Reply { get; set; } = default!;

    [Inject]
    private AddNoteHandler Notes { get; set; } = default!;

    [Inject]
    private ChangeStatusHandler Statuses { get; set; } = default!;

    [Inject]
    private AssignCaseHandler Assignment { get; set; } = default!;

    [Inject]
    private CaseWorkers Workers { get; set; } = default!;

    [Inject]
    private ReceiveCustomerMessageHandler Messages { get; set; } = default!;

    [Inject]
    private IDialogService Dialogs { get; set; } = default!;

    [Inject]
    private NavigationManager Navigation { get; set; } = default!;

    [Inject]
    private ICurrentUser CurrentUser { get; set; } = default!;

    [Inject]
    private ISnackbar Snackbar { get; set; } = default!;

    [Inject]
    private AgentNotifications Notifications { get; set; } = default!;

    [Inject]
    private ApplyMacroHandler ApplyMacro { get; set; } = default!;

    protected override async Task OnParametersSetAsync()
    {
        isWorker = CaseAccess.IsWorker(CurrentUser);
        if (isWorker && workers.Count == 0)
        {
            workers = await Workers.ListAsync(CancellationToken.None);
        }

        await LoadAsync();
        if (load.Value is { } shown)
        {
            // Opening a case reads the user's notifications about it (the bell's items link here).
            await Notifications.MarkCaseReadAsync(shown.Id);
        }
    }

    /// <summary>The agents, Managers and Admins a case can be given to ("Assign to…").</summary>
    private IReadOnlyList<UserName> workers = [];

    /// <summary>The user may change this case: a worker allowed on its queue or as its owner.</summary>
    private bool CanWork => isWorker && workRefusal is null;

    /// <summary>The case as last read: the version every change is made under.</summary>
    private CaseDetails Current => load.Value!;

    private async Task LoadAsync()
    {
        await load.RunAsync(() => Queries.GetAsync(Id));
        workRefusal = load.Value is { } read && isWorker ? await Queries.WorkRefusalAsync(read.Id) : null;
        if (load.Value is { } shown && composerCaseId != shown.Id)
        {
            // Another case (after a merge, split or follow-up): a fresh composer; a customer's message comes on the case's
            // channel unless the agent says otherwise.
            (messageChannel, composerCaseId, composing, text, textError, quote) = (shown.Channel, shown.Id, CaseEntryKind.PublicReply, null, null, null);
        }
    }

    private string ComposerLabel(CaseDetails shown) => composing switch
    {
        CaseEntryKind.PublicReply => $"Reply on {shown.Channel}",
        CaseEntryKind.CustomerMessage => "The customer's message, as they put it",
        _ => "Note for colleagues (never shown to the customer)",
    };

    private static string StatusAction(CaseStatus from, CaseStatus status) => status switch
    {
        CaseStatus.Open when from is CaseStatus.Resolved => "Reopen",
        CaseStatus.Open when from is CaseStatus.New => "Start work",
        CaseStatus.Open => "Resume",
        CaseStatus.PendingCustomer => "Wait for customer",
        CaseStatus.PendingThirdParty => "Wait for third party",
        CaseStatus.Resolved => "Resolve",
        CaseStatus.Closed => "Close",
        _ => status.ToString(),
    };

    private static string EntryClass(CaseEntryKind kind) => kind switch
    {
        CaseEntryKind.InternalNote => "pa-3 case-note",
        CaseEntryKind.PublicReply => "pa-3 ml-8",
        _ => "pa-3 mr-8",
    };

    private static string EntryTestId(CaseEntryKind kind) => $"case-entry-{CaseLabels.EntryKindName(kind)}";

    private async Task ComposerKeyDownAsync(KeyboardEventArgs key)
    {
        if (key is { Key: "Enter", CtrlKey: true })
        {
            await SendAsync();
        }
    }

    private async Task SendAsync()
    {
        if (composing == CaseEntryKind.CustomerMessage)
        {
            await LogMessageAsync();
            return;
        }

        var reply = composing == CaseEntryKind.PublicReply;
        var sent = await RunAsync(
            () => reply
                ? Reply.ReplyAsync(Id, new CaseReplyInput(text ?? "", quote?.ArticleId, quote?.Revision), Current.Version)
                : Notes.AddAsync(Id, new CaseNoteInput(text ?? ""), Current.Version),
            reply ? "Reply sent." : "Note added.",
            result => textError = result.Validation.Errors.Count > 0 ? result.Validation.Errors[0].Message : null);
        if (sent)
        {
            (text, textError, quote) = (null, null, null);
        }
    }

    /// <summary>Logs the customer's message; when it opened a follow-up case (this one was closed or resolved too long ago), shows that one.</summary>
    private async Task LogMessageAsync()
    {
        busy = true;
        try
        {
            var result = await Messages.ReceiveAsync(Id, new CaseMessageInput(text ?? "", messageChannel), Current.Version);
            if (!result.Succeeded)
            {
                if (result.Outcome == CommandOutcome.Invalid)
                {
                    textError = result.Validation.Errors[0].Message;
                }
                else
                {
                    Snackbar.Refused(result.Problem!, conflict: true);
                    await LoadAsync();
                }

                return;
            }

            (text, textError) = (null, null);
            var receipt = result.Value!;
            switch (receipt.Outcome)
            {
                case CaseMessageOutcome.FollowUpOpened:
                    Snackbar.Done($"{Current.Number} is {CaseLabels.Status(Current.Status)}: follow-up {receipt.CaseNumber} opened for the message.");
                    Navigation.NavigateTo($"/cases/{receipt.CaseId}");
                    return;
                case CaseMessageOutcome.Reopened:
                    Snackbar.Done("Message logged; the case is open again.");
                    break;
                default:
                    Snackbar.Done("Message logged.");
                    break;
            }

            await LoadAsync();
        }
        catch (ConflictException ex)
        {
            Snackbar.Refused(ex.Message, conflict: true);
            await LoadAsync();
        }
        finally
        {
            busy = false;
        }
    }

    /// <summary>Asks for the case to merge into (the customer's other open cases) and confirms; shows the target afterwards.</summary>
    private async Task EditAsync()
    {
        var shown = Current;
        var dialog = await Dialogs.ShowAsync<EditCase.EditCaseDialog>($"Edit {shown.Number}",
            new DialogParameters<EditCase.EditCaseDialog> { { d => d.Case, shown } },
            new DialogOptions { MaxWidth = MaxWidth.Small, FullWidth = true });
        if (await dialog.Result is { Canceled: false, Data: true })
        {
            Snackbar.Done($"{shown.Number} saved.");
            await LoadAsync();
        }
    }

    private async Task MergeAsync()
    {
        var shown = Current;
        var dialog = await Dialogs.ShowAsync<MergeCaseDialog>($"Merge {shown.Number} into another case",
            new DialogParameters<MergeCaseDialog>
            {
                { d => d.SourceId, shown.Id }, { d => d.SourceNumber, shown.Number }, { d => d.CustomerId, shown.CustomerId }, { d => d.Version, shown.Version },
            },
            new DialogOptions { MaxWidth = MaxWidth.Small, FullWidth = true });
        if (await dialog.Result is { Canceled: false, Data: long targetId })
        {
            Snackbar.Done($"{shown.Number} merged into {Domain.Cases.ServiceCase.NumberOf(targetId)}.");
            Navigation.NavigateTo($"/cases/{targetId}");
        }
    }

    /// <summary>Splits a customer's message off into a new case with the subject the agent gives; shows the new case.</summary>
    private async Task SplitAsync(CaseEntryDto message)
    {
        var dialog = await Dialogs.ShowAsync<SplitCaseDialog>("Split into a new case",
            new DialogParameters<SplitCaseDialog>
            {
                { d => d.CaseId, Id }, { d => d.EntryId, message.Id }, { d => d.Message, message.Body }, { d => d.Version, Current.Version },
            },
            new DialogOptions { MaxWidth = MaxWidth.Small, FullWidth = true });
        if (await dialog.Result is { Canceled: false, Data: long splitId })
        {
            Snackbar.Done($"{Domain.Cases.ServiceCase.NumberOf(splitId)} opened from the customer's message.");
            Navigation.NavigateTo($"/cases/{splitId}");
        }
    }

    /// <summary>Adds an article to the reply (as a link or as text) and remembers the revision quoted; a reply quotes one article.</summary>
    private void InsertArticle(ArticleQuote inserted)
    {
        composing = CaseEntryKind.PublicReply;
        text = string.IsNullOrWhiteSpace(text) ? inserted.Text : $"{text.TrimEnd()}\n\n{inserted.Text}";
        quote = inserted;
    }

        private Task ChangeStatusAsync(CaseStatus status) =>
        RunAsync(() => Statuses.ChangeAsync(Id, new CaseStatusInput(status), Current.Version), $"The case is {CaseLabels.Status(status)}.");

    private Task TakeAsync() =>
        RunAsync(() => Assignment.AssignAsync(Id, new CaseAssignInput(CurrentUser.ActorId), Current.Version), "The case is yours.");

    private Task AssignToAsync(UserName worker) =>
        RunAsync(() => Assignment.AssignAsync(Id, new CaseAssignInput(worker.Id), Current.Version), $"The case is assigned to {worker.DisplayName}.");

    private async Task ApplyMacroAsync(MacroView macro)
    {
        if (await RunAsync(() => ApplyMacro.ApplyAsync(macro.Id, new MacroApplyInput(Id), Current.Version), $"{macro.Name} applied."))
        {
            macroPicker?.Clear();
        }
    }

    /// <summary>Runs a change, says how it went, and shows the case as stored afterwards (also after a refusal: it may have changed).</summary>
    private async Task<bool> RunAsync(Func<Task<CommandResult<long>>> change, string success, Action<CommandResult<long>>? invalid = null)
    {
        busy = true;
        try
        {
            var done = await Snackbar.RunAsync(change, success, invalid);
            await LoadAsync();
            return done;
        }
        finally
        {
            busy = false;
        }
    }
}
