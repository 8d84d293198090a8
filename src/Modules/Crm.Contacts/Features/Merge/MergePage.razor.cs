using System.Globalization;
using Crm.Contacts.Contracts;
using Crm.Contacts.Domain;
using Crm.Contacts.Features.Customers.Browse;
using Crm.Contacts.Features.Interactions;
using Crm.Kernel.Errors;
using Crm.Kernel.Identity;
using Crm.Ui.Formatting;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace Crm.Contacts.Features.Merge;

/// <summary>
/// Two customers side by side, field by field: the manager chooses which one stays and, for each field that differs,
/// whose value it keeps (by default the survivor's, or the one that is filled in); emails, phones, tags, interactions
/// and contact people are combined. Merging asks for confirmation, then opens the survivor.
/// </summary>
public partial class MergePage
{
    private static readonly MergeField[] Fields = Enum.GetValues<MergeField>();

    private CustomerDetails? a;
    private CustomerDetails? b;
    private long survivorId;
    private readonly Dictionary<MergeField, long> chosen = [];
    private readonly Dictionary<long, int> counts = [];
    private readonly Dictionary<long, int> people = [];
    private IReadOnlyDictionary<string, string> owners = new Dictionary<string, string>();
    private string? loadError;
    private string? problem;
    private bool merging;

    [Parameter]
    public long A { get; set; }

    [Parameter]
    public long B { get; set; }

    [Inject]
    private CustomerQueries Queries { get; set; } = default!;

    [Inject]
    private InteractionQueries Interactions { get; set; } = default!;

    [Inject]
    private CustomerMerge Merger { get; set; } = default!;

    [Inject]
    private UserDirectory Users { get; set; } = default!;

    [Inject]
    private IDialogService Dialogs { get; set; } = default!;

    [Inject]
    private ISnackbar Snackbar { get; set; } = default!;

    [Inject]
    private NavigationManager Navigation { get; set; } = default!;

    private CustomerDetails Survivor => survivorId == a!.Id ? a : b!;

    private CustomerDetails Merged => survivorId == a!.Id ? b! : a;

    private string PreviewName
    {
        get
        {
            var first = Pick(MergeField.FirstName);
            var company = Pick(MergeField.CompanyName);
            return Survivor.Kind == CustomerKind.Company
                ? company.CompanyName ?? ""
                : string.Join(' ', new[] { first.FirstName, Pick(MergeField.LastName).LastName }.Where(n => !string.IsNullOrWhiteSpace(n)));
        }
    }

    protected override async Task OnParametersSetAsync()
    {
        a = null;
        b = null;
        loadError = null;
        problem = null;
        if (A == B)
        {
            loadError = "A customer cannot be merged with itself. Choose two different customers.";
            return;
        }

        try
        {
            await LoadAsync();
            survivorId = a!.Id;
            ResetChoices();
        }
        catch (NotFoundException ex)
        {
            loadError = ex.Message + " It may have been merged already.";
        }
    }

    private async Task LoadAsync()
    {
        var first = await Queries.GetAsync(A);
        var second = await Queries.GetAsync(B);
        foreach (var c in new[] { first, second })
        {
            counts[c.Id] = (await Interactions.TimelineAsync(c.Id, null, null, 0, 1)).TotalCount;
            people[c.Id] = c.Kind == CustomerKind.Company ? (await Queries.ContactPeopleAsync(c.Id)).Count : 0;
        }

        owners = await Users.NamesAsync([first.OwnerId, second.OwnerId]);
        (a, b) = (first, second);
    }

    private void SurvivorChanged(long id)
    {
        survivorId = id;
        ResetChoices();
    }

    /// <summary>For each field: the survivor's value, unless it is empty and the other one is not.</summary>
    private void ResetChoices()
    {
        foreach (var field in Fields)
        {
            chosen[field] = string.IsNullOrWhiteSpace(Value(Survivor, field)) && !string.IsNullOrWhiteSpace(Value(Merged, field)) && Choosable(field)
                ? Merged.Id
                : Survivor.Id;
        }
    }

    private void Choose(MergeField field, long customerId) => chosen[field] = customerId;

    private CustomerDetails Pick(MergeField field) => chosen.GetValueOrDefault(field, survivorId) == a!.Id ? a : b!;

    private bool Shown(MergeField field) => !string.IsNullOrWhiteSpace(Value(a!, field)) || !string.IsNullOrWhiteSpace(Value(b!, field));

    private bool Differs(MergeField field) => !string.Equals(Key(a!, field), Key(b!, field), StringComparison.Ordinal);

    /// <summary>A company has no company link, so the survivor company keeps its (empty) one.</summary>
    private bool Choosable(MergeField field) => field != MergeField.Company || Survivor.Kind == CustomerKind.Person;

    private async Task MergeAsync()
    {
        problem = null;
        var survivor = Survivor;
        var merged = Merged;
        var moving = people[merged.Id] > 0 ? $"{counts[merged.Id]} interaction(s) and {people[merged.Id]} contact people" : $"{counts[merged.Id]} interaction(s)";
        var confirmed = await Dialogs.ShowMessageBoxAsync(
            "Merge these customers?",
            $"{merged.DisplayName} (#{merged.Id}) will be merged into {survivor.DisplayName} (#{survivor.Id}) and then deleted. "
                + $"Its {moving}, emails, phones and tags move to {survivor.DisplayName}, with the values you chose. This cannot be undone.",
            yesText: "Merge", cancelText: "Cancel");
        if (confirmed != true)
        {
            return;
        }

        merging = true;
        try
        {
            var take = Fields.Where(f => chosen[f] == merged.Id).ToHashSet();
            var result = await Merger.MergeAsync(survivor.Id, merged.Id, new MergeChoices(take), survivor.Version, merged.Version);
            if (!result.Succeeded)
            {
                problem = result.Problem;
                return;
            }

            Snackbar.Add($"{merged.DisplayName} (#{merged.Id}) was merged into {survivor.DisplayName} (#{survivor.Id}).", Severity.Success);
            Navigation.NavigateTo($"/customers/{survivor.Id}");
        }
        catch (ConflictException ex)
        {
            problem = ex.Message;
            await LoadAsync();
        }
        catch (Exception ex) when (ex is ForbiddenException or NotFoundException)
        {
            problem = ex.Message;
        }
        finally
        {
            merging = false;
        }
    }

    private static string Label(MergeField field) => field switch
    {
        MergeField.FirstName => "First name",
        MergeField.LastName => "Last name",
        MergeField.CompanyName => "Company name",
        MergeField.JobTitle => "Job title",
        MergeField.Company => "Works for",
        MergeField.ExternalId => "External id",
        _ => field.ToString(),
    };

    /// <summary>What tells two values apart (ids for links, the text otherwise).</summary>
    private string? Key(CustomerDetails c, MergeField field) => field switch
    {
        MergeField.Company => c.CompanyId?.ToString(CultureInfo.InvariantCulture),
        MergeField.Owner => c.OwnerId,
        _ => Value(c, field),
    };

    private string? Value(CustomerDetails c, MergeField field) => field switch
    {
        MergeField.FirstName => c.FirstName,
        MergeField.LastName => c.LastName,
        MergeField.CompanyName => c.CompanyName,
        MergeField.JobTitle => c.JobTitle,
        MergeField.Company => c.CompanyId is null ? null : $"{c.CompanyDisplayName} (#{c.CompanyId})",
        MergeField.Website => c.Website,
        MergeField.Industry => c.Industry,
        MergeField.Source => c.Source,
        MergeField.Notes => c.Notes,
        MergeField.Owner => c.OwnerId is null ? null : owners.GetValueOrDefault(c.OwnerId, c.OwnerId),
        MergeField.ExternalId => c.ExternalId,
        MergeField.Address => c.Address is { } x
            ? NullIfEmpty(string.Join(", ", new[] { x.Street, x.PostalCode, x.City, x.Region, x.Country }.Where(v => !string.IsNullOrWhiteSpace(v))))
            : null,
        _ => null,
    };

    private IEnumerable<(string Label, Func<CustomerDetails, string> Values)> Combined()
    {
        yield return ("Emails", c => string.Join(", ", c.Emails));
        yield return ("Phones", c => string.Join(", ", c.Phones.Select(ContactNormalizer.FormatPhone)));
        yield return ("Tags", c => string.Join(", ", c.Tags));
        yield return ("Consent", c => string.Join(", ", c.Consents.Select(x => $"{x.Channel} {(x.Granted ? "given" : "withdrawn")} {x.RecordedAtUtc.ToLocalTime():yyyy-MM-dd}")));
        yield return ("Timeline", c => $"{counts[c.Id]} interaction(s), last {Display.LocalDate(c.LastContactAtUtc, "never")}");
        if (a!.Kind == CustomerKind.Company || b!.Kind == CustomerKind.Company)
        {
            yield return ("Contact people", c => people[c.Id].ToString(CultureInfo.InvariantCulture));
        }
    }

    private static string? NullIfEmpty(string value) => value.Length == 0 ? null : value;
}
