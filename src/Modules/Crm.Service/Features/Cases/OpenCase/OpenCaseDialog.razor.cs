using Crm.Contacts.Contracts;
using Crm.Kernel;
using Crm.Kernel.Errors;
using Crm.Kernel.Identity;
using Crm.Service.Contracts;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace Crm.Service.Features.Cases.OpenCase;

/// <summary>The new-case form; closes with the new case's id. Field problems are shown next to their fields.</summary>
public partial class OpenCaseDialog
{
    private static readonly string[] FieldsShown = [nameof(CaseInput.CustomerId), nameof(CaseInput.Subject), nameof(CaseInput.Description), nameof(CaseInput.Category), nameof(CaseInput.QueueId)];

    private CustomerSummary? customer;
    private string? subject;
    private string? description;
    private Channel channel = Channel.Phone;
    private CasePriority priority = CasePriority.Normal;
    private string? category;
    private bool takeIt = true;
    private long? queueId;
    private IReadOnlyList<QueueDetails> queues = [];
    private bool isWorker;
    private bool saving;
    private string? general;
    private OperationResult errors = OperationResult.Success;

    /// <summary>The customer the case is for when the dialog opens from their page.</summary>
    [Parameter]
    public CustomerSummary? FixedCustomer { get; set; }

    [CascadingParameter]
    private IMudDialogInstance MudDialog { get; set; } = default!;

    [Inject]
    private OpenCaseHandler Handler { get; set; } = default!;

    [Inject]
    private ICustomerDirectory Customers { get; set; } = default!;

    [Inject]
    private ICurrentUser CurrentUser { get; set; } = default!;

    [Inject]
    private Queues.QueueQueries Queues { get; set; } = default!;

    protected override async Task OnInitializedAsync()
    {
        isWorker = CaseAccess.IsWorker(CurrentUser);
        customer = FixedCustomer;
        if (isWorker)
        {
            queues = await Queues.ListAsync(activeOnly: true);
        }
    }

    private async Task<IEnumerable<CustomerSummary>> SearchCustomersAsync(string? term, CancellationToken cancellationToken) =>
        // A SalesRep opens cases for their own customers only: the picker offers no others.
        string.IsNullOrWhiteSpace(term) ? [] : await Customers.SearchAsync(term, 15, CaseAccess.ScopeOwner(CurrentUser), cancellationToken);

    private void Cancel() => MudDialog.Cancel();

    private async Task SaveAsync()
    {
        saving = true;
        general = null;
        try
        {
            var result = await Handler.OpenAsync(new CaseInput
            {
                CustomerId = customer?.Id ?? 0,
                Subject = subject,
                Description = description,
                Channel = channel,
                Priority = priority,
                Category = category,
                OwnerId = isWorker && takeIt ? CurrentUser.ActorId : null,
                QueueId = isWorker ? queueId : null,
            });
            errors = result.Validation;
            general = result.Message ?? errors.Errors.FirstOrDefault(e => !FieldsShown.Contains(e.Field))?.Message;
            if (result.Succeeded)
            {
                MudDialog.Close(DialogResult.Ok(result.Value));
            }
        }
        catch (ForbiddenException ex)
        {
            general = ex.Message;
        }
        finally
        {
            saving = false;
        }
    }
}
