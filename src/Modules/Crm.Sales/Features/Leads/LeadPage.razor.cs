using Crm.Kernel;
using Crm.Kernel.Errors;
using Crm.Kernel.Identity;
using Crm.Sales.Contracts;
using Crm.Sales.Features.Leads.AssignLead;
using Crm.Sales.Features.Leads.ConvertLead;
using Crm.Sales.Features.Leads.DisqualifyLead;
using Crm.Sales.Features.Leads.QualifyLead;
using Crm.Sales.Features.Pipeline;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace Crm.Sales.Features.Leads;

/// <summary>One lead: qualify, disqualify (with a reason), assign (Managers; round-robin by default), convert.</summary>
public partial class LeadPage
{
    private LeadDetails? lead;
    private string? refused;
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

    private async Task ReloadAsync()
    {
        try
        {
            lead = await Queries.GetAsync(Id);
            refused = null;
        }
        catch (Exception ex) when (ex is ForbiddenException or NotFoundException)
        {
            refused = ex.Message;
        }
    }

    private Task QualifyAsync() => RunAsync(async () => Report(await Qualify.QualifyAsync(Id, lead!.Version)), "Lead qualified.");

    private async Task DisqualifyAsync()
    {
        var dialog = await Dialogs.ShowAsync<ReasonDialog>("Disqualify lead", new DialogParameters<ReasonDialog>
        {
            { d => d.Prompt, "Why is this lead not worth pursuing?" },
            { d => d.OkText, "Disqualify" },
        }, new DialogOptions { MaxWidth = MaxWidth.Small, FullWidth = true });
        if (await dialog.Result is { Canceled: false, Data: string reason })
        {
            await RunAsync(async () => Report(await Disqualify.DisqualifyAsync(Id, reason, lead!.Version)), "Lead disqualified.");
        }
    }

    private Task AssignAsync() => RunAsync(async () => Report(await Assign.AssignAsync(Id, assignTo, lead!.Version)), "Lead assigned.");

    private Task TakeAsync() => RunAsync(async () => Report(await Assign.AssignAsync(Id, CurrentUser.ActorId, lead!.Version)), "The lead is yours.");

    private async Task ConvertAsync()
    {
        var dialog = await Dialogs.ShowAsync<ConvertLeadDialog>("Convert lead", new DialogParameters<ConvertLeadDialog>
        {
            { d => d.LeadId, Id },
            { d => d.Version, lead!.Version },
            { d => d.DefaultName, $"{lead.CompanyName ?? lead.DisplayName} - new business" },
        }, new DialogOptions { MaxWidth = MaxWidth.Small, FullWidth = true });
        if (await dialog.Result is { Canceled: false, Data: LeadConversionResult result })
        {
            Snackbar.Add("Lead converted: customer and opportunity created.", Severity.Success);
            Navigation.NavigateTo($"/pipeline/opportunities/{result.OpportunityId}");
        }
    }

    private static void Report(CommandResult<long> result)
    {
        if (result.Problem is { } problem)
        {
            throw new InvalidOperationException(problem);
        }
    }

    private async Task RunAsync(Func<Task> action, string done)
    {
        try
        {
            await action();
            Snackbar.Add(done, Severity.Success);
        }
        catch (Exception ex) when (ex is ConflictException or ForbiddenException or InvalidOperationException)
        {
            Snackbar.Add(ex.Message, Severity.Error);
        }

        await ReloadAsync();
    }
}
