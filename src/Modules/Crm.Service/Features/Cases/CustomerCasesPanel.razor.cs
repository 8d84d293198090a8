using Crm.Contacts.Contracts;
using Crm.Kernel.Errors;
using Crm.Kernel;
using Crm.Service.Contracts;
using Crm.Service.Features.Cases.OpenCase;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace Crm.Service.Features.Cases;

/// <summary>The customer's cases on their page (a SalesRep sees them for their own customers only).</summary>
public partial class CustomerCasesPanel
{
    private const int Shown = 20;

    private PagedResult<CaseListItem>? cases;
    private IReadOnlyList<PreferredAgentView>? preferred;
    private bool canPin;
    private string? problem;

    [Parameter]
    public long CustomerId { get; set; }

    [Inject]
    private CaseQueries Queries { get; set; } = default!;

    [Inject]
    private ICustomerDirectory Customers { get; set; } = default!;

    [Inject]
    private IDialogService Dialogs { get; set; } = default!;

    [Inject]
    private NavigationManager Navigation { get; set; } = default!;

    [Inject]
    private Agents.PreferredAgents Preferred { get; set; } = default!;

    [Inject]
    private Crm.Kernel.Identity.ICurrentUser CurrentUser { get; set; } = default!;

    private string Summary
    {
        get
        {
            var open = cases!.Items.Count(c => c.Status is not (CaseStatus.Resolved or CaseStatus.Closed));
            return cases.TotalCount == 0 ? "No cases for this customer yet."
                : $"{cases.TotalCount} case{(cases.TotalCount == 1 ? "" : "s")}, {open} of the latest {cases.Items.Count} open.";
        }
    }

    protected override async Task OnParametersSetAsync()
    {
        try
        {
            cases = await Queries.ListAsync(new CaseListQuery { CustomerId = CustomerId, PageSize = Shown });
            if (CaseAccess.IsWorker(CurrentUser))
            {
                preferred = await Preferred.OfAsync(CustomerId);
                canPin = CurrentUser.IsInRole(CrmRoles.Manager) || CurrentUser.IsInRole(CrmRoles.Admin);
            }

            problem = null;
        }
        catch (ForbiddenException ex)
        {
            problem = ex.Message;
        }
    }

    private async Task PinAsync()
    {
        var dialog = await Dialogs.ShowAsync<Agents.PreferredAgentsDialog>("Preferred agents",
            new DialogParameters<Agents.PreferredAgentsDialog> { { d => d.CustomerId, CustomerId }, { d => d.Current, preferred ?? [] } },
            new DialogOptions { MaxWidth = MaxWidth.Small, FullWidth = true });
        if (await dialog.Result is { Canceled: false, Data: IReadOnlyList<PreferredAgentView> pinned })
        {
            preferred = pinned;
        }
    }

    private async Task OpenCaseAsync()
    {
        var customer = await Customers.FindAsync(CustomerId);
        var parameters = new DialogParameters<OpenCaseDialog> { { d => d.FixedCustomer, customer } };
        var dialog = await Dialogs.ShowAsync<OpenCaseDialog>("New case", parameters, new DialogOptions { MaxWidth = MaxWidth.Small, FullWidth = true });
        if (await dialog.Result is { Canceled: false, Data: long id })
        {
            Navigation.NavigateTo($"/cases/{id}");
        }
    }
}
