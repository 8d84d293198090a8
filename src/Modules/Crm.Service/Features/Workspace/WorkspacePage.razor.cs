using Crm.Analytics.Contracts;
using Crm.Contacts.Contracts;
using Crm.Kernel.Errors;
using Crm.Kernel.Identity;
using Crm.Service.Contracts;
using Crm.Service.Features.Cases;
using Crm.Service.Features.Cases.AddNote;
using Crm.Service.Features.Cases.ChangeStatus;
using Crm.Service.Features.Cases.ReplyToCase;
using Crm.Service.Features.Macros;
using Crm.Service.Features.Macros.ApplyMacro;
using Crm.Service.Features.Notifications;
using Crm.Ui.Feedback;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.JSInterop;
using MudBlazor;

namespace Crm.Service.Features.Workspace;

/// <summary>
/// Where an agent spends the day: their open cases by deadline (breached first, then the soonest stored SLA due time), the
/// chosen case's thread with a composer, macros and knowledge-base articles, and the customer at a glance beside it (contact
/// details from Contacts, the tier from Analytics, and the panels other modules register for the customer page). Single-key
/// shortcuts work outside text boxes; the list follows <see cref="AgentNotifier"/>, so a case assigned to the agent, a
/// customer's answer or an SLA warning shows up without a reload.
/// </summary>
public sealed partial class WorkspacePage : IAsyncDisposable
{
    /// <summary>The most cases the list shows; an agent with more works from the case list's filters.</summary>
    private const int ListSize = CaseQueries.MaxPageSize;

    private IReadOnlyList<CaseListItem>? cases;
    private long? selectedId;
    private CaseDetails? selected;

    /// <summary>The case a first E asked to resolve; the next shortcut key either confirms (E) or cancels it.</summary>
    private long? resolveArmedFor;
    private CustomerSummary? customer;
    private CustomerPreferences? preferences;
    private CustomerTier tier;
    private IReadOnlyList<CustomerPanel> panels = [];
    private MacroPicker? macroPicker;
    private CaseEntryKind composing = CaseEntryKind.PublicReply;
    private string? text;
    private string? textError;
    private ArticleQuote? quote;
    private string? articleSearch;
    private bool busy;
    private bool interactive;
    private string? focusAfterRender;
    private DotNetObjectReference<WorkspacePage>? self;
    private IJSObjectReference? module;
    private IJSObjectReference? listener;

    [Inject]
    private CaseQueries Queries { get; set; } = default!;

    [Inject]
    private ReplyToCaseHandler Reply { get; set; } = default!;

    [Inject]
    private AddNoteHandler Notes { get; set; } = default!;

    [Inject]
    private ChangeStatusHandler Statuses { get; set; } = default!;

    [Inject]
    private ApplyMacroHandler ApplyMacro { get; set; } = default!;

    [Inject]
    private ICustomerDirectory Customers { get; set; } = default!;

    [Inject]
    private ICustomerTiers Tiers { get; set; } = default!;

    [Inject]
    private IEnumerable<CustomerPanel> RegisteredPanels { get; set; } = default!;

    [Inject]
    private AgentNotifier Notifier { get; set; } = default!;

    [Inject]
    private AgentNotifications Notifications { get; set; } = default!;

    [Inject]
    private ICurrentUser CurrentUser { get; set; } = default!;

    [Inject]
    private ISnackbar Snackbar { get; set; } = default!;


    [Inject]
    private IJSRuntime JS { get; set; } = default!;

    protected override async Task OnInitializedAsync()
    {
        panels = [.. RegisteredPanels.Where(p => p.Roles.Any(CurrentUser.IsInRole)).OrderBy(p => p.Order)];
        await LoadListAsync();
        if (cases is { Count: > 0 })
        {
            await SelectAsync(cases[0].Id);
        }

        Notifier.Notified += OnNotified;
    }

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (firstRender)
        {
            self = DotNetObjectReference.Create(this);
            module = await JS.InvokeAsync<IJSObjectReference>("import", "./_content/Crm.Service/Features/Workspace/WorkspacePage.razor.js");
            listener = await module.InvokeAsync<IJSObjectReference>("listen", self);
            interactive = true;
            StateHasChanged();
        }

        if (focusAfterRender is { } selector && module is not null)
        {
            focusAfterRender = null;
            await module.InvokeVoidAsync("focus", selector);
        }
    }

    public async ValueTask DisposeAsync()
    {
        Notifier.Notified -= OnNotified;
        try
        {
            if (listener is not null)
            {
                await listener.InvokeVoidAsync("dispose");
                await listener.DisposeAsync();
            }

            if (module is not null)
            {
                await module.DisposeAsync();
            }
        }
        catch (JSDisconnectedException)
        {
            // The circuit is gone, and the page's script with it.
        }

        self?.Dispose();
    }

    /// <summary>A shortcut key pressed outside a text box (see the page's script).</summary>
    [JSInvokable]
    public async Task OnShortcut(string key)
    {
        var armed = resolveArmedFor;
        resolveArmedFor = null;
        switch (key)
        {
            case "j":
                await MoveAsync(1);
                break;
            case "k":
                await MoveAsync(-1);
                break;
            case "r":
                Compose(CaseEntryKind.PublicReply);
                break;
            case "n":
                Compose(CaseEntryKind.InternalNote);
                break;
            case "e":
                // One stray key must not resolve a case: the first E asks, a second E (no other shortcut or Esc between) resolves.
                if (selected is { } shown && shown.NextStatuses.Contains(CaseStatus.Resolved) && !busy)
                {
                    if (armed == shown.Id)
                    {
                        await ResolveAsync();
                    }
                    else
                    {
                        resolveArmedFor = shown.Id;
                        Snackbar.Add($"Press E again to resolve {shown.Number}; Esc or any other shortcut cancels.", Severity.Info);
                    }
                }

                break;
            case "m":
                if (macroPicker is not null && selected is not null)
                {
                    await macroPicker.OpenAsync();
                }

                break;
        }

        StateHasChanged();
    }

    private void Compose(CaseEntryKind kind)
    {
        if (selected is null || selected.Status == CaseStatus.Closed)
        {
            return;
        }

        composing = kind;
        focusAfterRender = "textarea[data-testid=\"ws-text\"]";
    }

    private async Task MoveAsync(int by)
    {
        if (cases is not { Count: > 0 })
        {
            return;
        }

        var at = cases.ToList().FindIndex(c => c.Id == selectedId);
        var next = at < 0 ? 0 : Math.Clamp(at + by, 0, cases.Count - 1);
        if (cases[next].Id != selectedId)
        {
            await SelectAsync(cases[next].Id);
            focusAfterRender = $"[data-testid=\"ws-case\"][data-case-id=\"{cases[next].Id}\"]";
        }
    }

    /// <summary>The agent's open cases: breached first, then by the soonest stored deadline (none last), then the oldest.</summary>
    private async Task LoadListAsync()
    {
        var page = await Queries.ListAsync(new CaseListQuery { OwnerId = CurrentUser.ActorId, OpenOnly = true, PageSize = ListSize, Sort = CaseSort.Opened, Descending = false });
        cases = [.. page.Items.OrderByDescending(c => c.SlaState == CaseSlaState.Breached)
            .ThenBy(c => c.SlaDueAtUtc is null).ThenBy(c => c.SlaDueAtUtc).ThenBy(c => c.OpenedAtUtc)];
    }

    private async Task SelectAsync(long id)
    {
        if (id != selectedId)
        {
            (composing, text, textError, quote, articleSearch) = (CaseEntryKind.PublicReply, null, null, null, null);
            macroPicker?.Clear();
        }

        selectedId = id;
        await LoadSelectedAsync();
        if (selected is not null)
        {
            // The agent is looking at the case now: its notifications are read.
            await Notifications.MarkCaseReadAsync(selected.Id);
        }
    }

    private async Task LoadSelectedAsync()
    {
        if (selectedId is not { } id)
        {
            return;
        }

        try
        {
            selected = await Queries.GetAsync(id);
        }
        catch (NotFoundException)
        {
            // Merged away or deleted meanwhile: nothing to show.
            (selected, selectedId, customer, preferences) = (null, null, null, null);
            return;
        }

        if (customer?.Id != selected.CustomerId)
        {
            customer = await Customers.FindAsync(selected.CustomerId);
            preferences = await Customers.PreferencesAsync(selected.CustomerId);
            tier = await Tiers.SpendTierAsync(selected.CustomerId);
        }
    }

    private async Task ReloadAsync()
    {
        await LoadListAsync();
        await LoadSelectedAsync();
    }

    private void OnNotified(IReadOnlySet<string> recipients)
    {
        if (!recipients.Contains(CurrentUser.ActorId))
        {
            return;
        }

        _ = InvokeAsync(async () =>
        {
            await ReloadAsync();
            if (selected is null && cases is { Count: > 0 })
            {
                await SelectAsync(cases[0].Id);
            }

            StateHasChanged();
        });
    }

    private async Task ComposerKeyDownAsync(KeyboardEventArgs key)
    {
        if (key is { Key: "Enter", CtrlKey: true })
        {
            await SendAsync();
        }
    }

    private async Task SendAsync()
    {
        if (selected is not { } shown)
        {
            return;
        }

        var reply = composing == CaseEntryKind.PublicReply;
        var sent = await RunAsync(
            () => reply
                ? Reply.ReplyAsync(shown.Id, new CaseReplyInput(text ?? "", quote?.ArticleId, quote?.Revision), shown.Version)
                : Notes.AddAsync(shown.Id, new CaseNoteInput(text ?? ""), shown.Version),
            reply ? "Reply sent." : "Note added.",
            result => textError = result.Validation.Errors.Count > 0 ? result.Validation.Errors[0].Message : null);
        if (sent)
        {
            (text, textError, quote) = (null, null, null);
        }
    }

    private Task ResolveAsync() =>
        selected is { } shown
            ? RunAsync(() => Statuses.ChangeAsync(shown.Id, new CaseStatusInput(CaseStatus.Resolved), shown.Version), $"{shown.Number} is resolved.")
            : Task.CompletedTask;

    private async Task ApplyMacroAsync(MacroView macro)
    {
        if (selected is { } shown
            && await RunAsync(() => ApplyMacro.ApplyAsync(macro.Id, new MacroApplyInput(shown.Id), shown.Version), $"{macro.Name} applied to {shown.Number}."))
        {
            macroPicker?.Clear();
        }
    }

    /// <summary>Adds an article to the reply (as a link or as text) and remembers the revision quoted; a reply quotes one article.</summary>
    private void InsertArticle(ArticleQuote inserted)
    {
        composing = CaseEntryKind.PublicReply;
        text = string.IsNullOrWhiteSpace(text) ? inserted.Text : $"{text.TrimEnd()}\n\n{inserted.Text}";
        quote = inserted;
    }

    /// <summary>Runs a change, says how it went, and shows the list and case as stored afterwards (also after a refusal).</summary>
    private async Task<bool> RunAsync(Func<Task<CommandResult<long>>> change, string success, Action<CommandResult<long>>? invalid = null)
    {
        busy = true;
        try
        {
            var done = await Snackbar.RunAsync(change, success, invalid);
            await ReloadAsync();
            return done;
        }
        finally
        {
            busy = false;
        }
    }

    private static string EntryClass(CaseEntryKind kind) => kind switch
    {
        CaseEntryKind.InternalNote => "pa-2",
        CaseEntryKind.PublicReply => "pa-2 ml-6",
        _ => "pa-2 mr-6",
    };

    private static string EntryTestId(CaseEntryKind kind) => $"ws-entry-{CaseLabels.EntryKindName(kind)}";
}
