using Crm.Contacts.Contracts;
using Crm.Contacts.Features.Interactions.LogInteraction;
using Crm.Kernel;
using Crm.Kernel.Errors;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace Crm.Contacts.Features.Customers.Details;

/// <summary>Logs a call, email, meeting or note on a customer's timeline; the validator's messages show under the fields.</summary>
public partial class LogInteractionDialog
{
    private InteractionType type;
    private Channel channel;
    private InteractionDirection direction = InteractionDirection.Outbound;
    private string subject = "";
    private string? notes;
    private string? outcome;
    private int? minutes;
    private DateTime? date = DateTime.Today;
    private TimeSpan? time = DateTime.Now.TimeOfDay;
    private bool saving;
    private IReadOnlyList<ValidationError> errors = [];

    [CascadingParameter]
    private IMudDialogInstance MudDialog { get; set; } = default!;

    [Inject]
    private LogInteractionHandler Commands { get; set; } = default!;

    [Parameter, EditorRequired]
    public long CustomerId { get; set; }

    [Parameter]
    public InteractionType Type { get; set; } = InteractionType.Call;

    [Parameter]
    public Channel Channel { get; set; } = Channel.Phone;

    protected override void OnInitialized()
    {
        type = Type;
        channel = Channel;
    }

    private bool Has(string field) => errors.Any(e => e.Field == field);

    private string Err(string field) => string.Join(" ", errors.Where(e => e.Field == field).Select(e => e.Message));

    private async Task SaveAsync()
    {
        saving = true;
        try
        {
            var occurred = (date ?? DateTime.Today).Date + (time ?? TimeSpan.Zero);
            var result = await Commands.LogAsync(CustomerId, new InteractionInput
            {
                Type = type,
                Channel = channel,
                Direction = direction,
                Subject = subject,
                Notes = notes,
                Outcome = outcome,
                DurationSeconds = minutes * 60,
                OccurredAtUtc = DateTime.SpecifyKind(occurred, DateTimeKind.Local).ToUniversalTime(),
            });
            errors = result.Validation.Errors;
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
