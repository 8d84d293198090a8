using Crm.Contacts.Contracts;
using Crm.Kernel.Errors;
using Crm.Sales.Contracts;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace Crm.Sales.Features.Leads.ConvertLead;

/// <summary>Converts a lead: a new customer (after the duplicate check) or one of the likely duplicates, plus an opportunity.</summary>
public partial class ConvertLeadDialog
{
    [CascadingParameter]
    private IMudDialogInstance MudDialog { get; set; } = default!;

    [Inject]
    private ConvertLeadHandler Commands { get; set; } = default!;

    [Parameter]
    public long LeadId { get; set; }

    [Parameter]
    public Guid Version { get; set; }

    [Parameter]
    public string DefaultName { get; set; } = "";

    private string? name;
    private decimal amount;
    private DateTime? closeDate = DateTime.Today.AddDays(30);
    private IReadOnlyList<DuplicateCandidate> duplicates = [];
    private string? problems;
    private bool busy;

    protected override void OnInitialized() => name = DefaultName;

    private async Task ConvertAsync(long? customerId, bool allowDuplicates)
    {
        busy = true;
        problems = null;
        try
        {
            var (result, found) = await Commands.ConvertAsync(LeadId, new ConvertLeadInput
            {
                CustomerId = customerId, AllowDuplicates = allowDuplicates, OpportunityName = name, Amount = amount,
                ExpectedCloseDate = closeDate is { } d ? DateOnly.FromDateTime(d) : null,
            }, Version);
            if (found.Count > 0)
            {
                duplicates = found;
            }
            else if (result.Succeeded)
            {
                MudDialog.Close(DialogResult.Ok(result.Value));
            }
            else
            {
                problems = result.Problem;
            }
        }
        catch (ConflictException ex)
        {
            problems = ex.Message;
        }
        finally
        {
            busy = false;
        }
    }
}
