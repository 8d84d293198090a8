using Crm.Kernel.Errors;
using Crm.Sales.Contracts;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace Crm.Sales.Features.Leads.CreateLead;

/// <summary>Enters a lead by hand. A SalesRep keeps it; a Manager's lead goes to the next rep by round-robin.</summary>
public partial class NewLeadDialog
{
    [CascadingParameter]
    private IMudDialogInstance MudDialog { get; set; } = default!;

    [Inject]
    private CreateLeadHandler Commands { get; set; } = default!;

    private string? firstName;
    private string? lastName;
    private string? company;
    private string? email;
    private string? phone;
    private string? source = "manual";
    private string? message;
    private string? general;
    private bool saving;
    private OperationResult errors = OperationResult.Success;

    private async Task SaveAsync()
    {
        saving = true;
        try
        {
            var result = await Commands.CreateAsync(new LeadInput
            {
                FirstName = firstName, LastName = lastName, CompanyName = company, Email = email, Phone = phone, Source = source, Message = message,
            });
            errors = result.Validation;
            general = errors.Errors.FirstOrDefault(e => e.Field is not ("LastName" or "Email" or "Phone"))?.Message;
            if (result.Succeeded)
            {
                MudDialog.Close(DialogResult.Ok(result.Value));
            }
        }
        finally
        {
            saving = false;
        }
    }
}
