using Crm.Contacts.Contracts;
using Crm.Kernel.Errors;
using Crm.Ui.Feedback;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace Crm.Contacts.Features.Customers.Preferences;

/// <summary>Records a new fact, or changes <see cref="Fact"/>; the validator's messages show under the fields and nothing typed is lost.</summary>
public partial class PreferenceFactDialog
{
    private PreferenceCategory category = PreferenceCategory.Contact;
    private PreferenceSource source = PreferenceSource.PhoneCall;
    private string value = "";
    private DateTime? notedOn = DateTime.Today;
    private bool saving;
    private IReadOnlyList<ValidationError> errors = [];

    [CascadingParameter]
    private IMudDialogInstance MudDialog { get; set; } = default!;

    [Inject]
    private RecordPreferenceFactHandler Record { get; set; } = default!;

    [Inject]
    private ChangePreferenceFactHandler Change { get; set; } = default!;

    [Inject]
    private ISnackbar Snackbar { get; set; } = default!;

    [Parameter, EditorRequired]
    public long CustomerId { get; set; }

    /// <summary>The fact to change; null to record a new one.</summary>
    [Parameter]
    public PreferenceFactDto? Fact { get; set; }

    protected override void OnInitialized()
    {
        if (Fact is { } fact)
        {
            (category, source, value, notedOn) = (fact.Category, fact.Source, fact.Value, fact.NotedOn.ToDateTime(TimeOnly.MinValue));
        }
    }

    private bool Has(string field) => errors.Any(e => e.Field == field);

    private string Err(string field) => string.Join(" ", errors.Where(e => e.Field == field).Select(e => e.Message));

    private async Task SaveAsync()
    {
        saving = true;
        try
        {
            var input = new PreferenceFactInput
            {
                Category = category,
                Source = source,
                Value = value,
                NotedOn = notedOn is { } day ? DateOnly.FromDateTime(day) : null,
            };
            long? saved = null;
            var ok = await Snackbar.RunAsync(
                async () =>
                {
                    var result = Fact is { } fact
                        ? await Change.ChangeAsync(CustomerId, fact.Id, input, fact.Version)
                        : await Record.RecordAsync(CustomerId, input);
                    saved = result.Value;
                    return result;
                },
                Fact is null ? "Remembered." : "Preference changed.",
                invalid: result => errors = result.Validation.Errors);
            if (ok)
            {
                MudDialog.Close(DialogResult.Ok(saved));
            }
        }
        finally
        {
            saving = false;
        }
    }
}
