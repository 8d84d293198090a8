using Crm.Kernel;
using Crm.Kernel.Errors;
using Crm.Kernel.Identity;
using Crm.Sales.Contracts;
using Crm.Sales.Features.Leads.AssignLead;
using Crm.Sales.Features.Leads.ConvertLead;
using Crm.Sales.Features.Leads.DisqualifyLead;
using Crm.Sales.Features.Leads.QualifyLead;
using Crm.Sales.Features.Pipeline;
using Crm.Ui.Feedback;
using Crm.Ui.Loading;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace Crm.Sales.Features.Leads;

/// <summary>One lead: qualify, disqualify (with a reason), assign (Managers; round-robin by default), convert.</summary>
public partial class LeadPage
{
    private readonly PageLoad<LeadDetails> load = new();
    private bool isManager;
    private string? assignTo;
    private IReadOnlyList<UserName> owners = [];

    [Parameter]
    public long Id { get; set; }

    [Inject]
    private LeadQueries Queries { get; set; } = default!;

    [Inject]
    private QualifyLeadHandler Qualify { get; set; } = default!;

    [Inject]
    private DisqualifyLeadHandler Disqualify { get; set; } = default!;

    [Inject]
    private AssignLeadHandler Assign { get; set; } = default!;

    [Inject]
    private UserDirectory Users { get; set; } = default!;

    [Inject]
    private ICurrentUser CurrentUser { get; set; } = default!;

    [Inject]
    private IDialogService Dialogs { get; set; } = default!;

    [Inject]
    private ISnackbar Snackbar { get; set; } = default!;

    [Inject]
    private NavigationManager Navigation { get; set; } = default!;

    protected override async Task OnParametersSetAsync()
    {
        isManager = PipelineAccess.IsManagerOrAdmin(CurrentUser);
        if (isManager && owners.Count == 0)
        {
            owners = await Users.InRoleAsync(CrmRoles.SalesRep);
        }

        await ReloadAsync();
    }

    private LeadDetails? Current => load.Value;

    private Task ReloadAsync() => load.RunAsync(() => Queries.GetAsync(Id));

    private Task QualifyAsync() => RunAsync(() => Qualify.QualifyAsync(Id, Current!.Version), "Lead qualified.");

    private async Task DisqualifyAsync()
    {
        var dialog = await Dialogs.ShowAsync<ReasonDialog>("Disqualify lead", new DialogParameters<ReasonDialog>
        {
            { d => d.Prompt, "Why is this lead not worth pursuing?" },
            { d => d.OkText, "Disqualify" },
        }, new DialogOptions { MaxWidth = MaxWidth.Small, FullWidth = true });
        if (await dialog.Result is { Canceled: false, Data: string reason })
        {
            await RunAsync(() => Disqualify.DisqualifyAsync(Id, reason, Current!.Version), "Lead disqualified.");
        }
    }

    private Task AssignAsync() => RunAsync(() => Assign.AssignAsync(Id, assignTo, Current!.Version), "Lead assigned.");

    private Task TakeAsync() => RunAsync(() => Assign.AssignAsync(Id, CurrentUser.ActorId, Current!.Version), "The lead is yours.");

    private async Task ConvertAsync()
    {
        var dialog = await Dialogs.ShowAsync<ConvertLeadDialog>("Convert lead", new DialogParameters<ConvertLeadDialog>
        {
            { d => d.LeadId, Id },
            { d => d.Version, Current!.Version },
            { d => d.DefaultName, $"{Current.CompanyName ?? Current.DisplayName} - new business" },
        }, new DialogOptions { MaxWidth = MaxWidth.Small, FullWidth = true });
        if (await dialog.Result is { Canceled: false, Data: LeadConversionResult result })
        {
            Snackbar.Done("Lead converted: customer and opportunity created.");
            Navigation.NavigateTo($"/pipeline/opportunities/{result.OpportunityId}");
        }
    }

    private async Task RunAsync(Func<Task<CommandResult<long>>> action, string done)
    {
        await Snackbar.RunAsync(action, done);
        await ReloadAsync();
    }
}
