using Crm.Kernel.Errors;
using Crm.Kernel.Identity;
using Crm.Service.Contracts;
using Crm.Service.Features.Cases.AddNote;
using Crm.Service.Features.Cases.AssignCase;
using Crm.Service.Features.Cases.ChangeStatus;
using Crm.Service.Features.Cases.ReplyToCase;
using Crm.Ui.Feedback;
using Crm.Ui.Loading;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;
using MudBlazor;

namespace Crm.Service.Features.Cases;

/// <summary>
/// One case: its thread, a composer for a public reply or an internal note (Ctrl+Enter sends), the status moves the case
/// allows, taking it, and its details beside. Every change is made under the version read, so a colleague's change in the
/// meantime is reported instead of overwritten.
/// </summary>
public partial class CasePage
{
    private readonly PageLoad<CaseDetails> load = new();
    private bool isWorker;
    private bool busy;
    private CaseEntryKind composing = CaseEntryKind.PublicReply;
    private string? text;
    private string? textError;

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
    private ICurrentUser CurrentUser { get; set; } = default!;

    [Inject]
    private ISnackbar Snackbar { get; set; } = default!;

    protected override async Task OnParametersSetAsync()
    {
        isWorker = CaseAccess.IsWorker(CurrentUser);
        await LoadAsync();
    }

    /// <summary>The case as last read: the version every change is made under.</summary>
    private CaseDetails Current => load.Value!;

    private Task LoadAsync() => load.RunAsync(() => Queries.GetAsync(Id));

    private static string StatusAction(CaseStatus status) => status switch
    {
        CaseStatus.Open => "Open",
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

    private static string EntryTestId(CaseEntryKind kind) => kind switch
    {
        CaseEntryKind.InternalNote => "case-entry-note",
        CaseEntryKind.PublicReply => "case-entry-reply",
        _ => "case-entry-customer",
    };

    private static string EntryHeading(CaseEntryDto entry) => entry.Kind switch
    {
        CaseEntryKind.InternalNote => $"Internal note by {entry.AuthorName ?? entry.AuthorId}",
        CaseEntryKind.PublicReply => $"Reply by {entry.AuthorName ?? entry.AuthorId} on {entry.Channel}",
        _ => $"Customer on {entry.Channel}",
    };

    private async Task ComposerKeyDownAsync(KeyboardEventArgs key)
    {
        if (key is { Key: "Enter", CtrlKey: true })
        {
            await SendAsync();
        }
    }

    private async Task SendAsync()
    {
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

    /// <summary>Runs a change, says how it went, and shows the case as stored afterwards (also after a refusal: it may have changed).</summary>
    private async Task<bool> RunAsync(Func<Task<CommandResult<long>>> change, string success, Action<CommandResult<long>>? invalid = null)
    {
        busy = true;
        try
        {
            var result = await change();
            if (result.Succeeded)
            {
                Snackbar.Done(success);
            }
            else if (result.Outcome == CommandOutcome.Invalid && invalid is not null)
            {
                invalid(result);
            }
            else
            {
                Snackbar.Refused(result.Problem!, result.Outcome == CommandOutcome.Conflict);
            }

            await LoadAsync();
            return result.Succeeded;
        }
        catch (ConflictException ex)
        {
            Snackbar.Refused(ex.Message, conflict: true);
            await LoadAsync();
            return false;
        }
        finally
        {
            busy = false;
        }
    }
}
