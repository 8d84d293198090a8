using Crm.Kernel.Errors;
using Crm.Kernel.Identity;
using Crm.Service.Contracts;
using Crm.Service.Features.Cases;
using Crm.Service.Features.Queues;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace Crm.Service.Features.Telephony.PhoneSystems;

/// <summary>The telephone system form; closes with the credential when a system is created, else when it is saved.</summary>
public partial class PhoneSystemDialog
{
    private static readonly string[] FieldsShown = [nameof(PhoneSystemInput.Name), nameof(PhoneSystemInput.QueueNumbers), nameof(PhoneSystemInput.Extensions)];

    private readonly List<NumberRow> numbers = [];
    private readonly List<ExtensionRow> extensions = [];
    private IReadOnlyList<UserName> workers = [];
    private IReadOnlyList<QueueDetails> queues = [];
    private string? name;
    private PhoneAuthentication authentication = PhoneAuthentication.Token;
    private bool saving;
    private string? general;
    private OperationResult errors = OperationResult.Success;

    /// <summary>The system to edit; null for a new one.</summary>
    [Parameter]
    public PhoneSystemDetails? System { get; set; }

    [CascadingParameter]
    private IMudDialogInstance MudDialog { get; set; } = default!;

    [Inject]
    private SavePhoneSystemHandler Handler { get; set; } = default!;

    [Inject]
    private CaseWorkers Workers { get; set; } = default!;

    [Inject]
    private QueueQueries Queues { get; set; } = default!;

    protected override async Task OnInitializedAsync()
    {
        workers = await Workers.ListAsync(CancellationToken.None);
        queues = await Queues.ListAsync(activeOnly: true);
        if (System is { } system)
        {
            name = system.Name;
            authentication = system.Authentication;
            numbers.AddRange(system.QueueNumbers.Select(n => new NumberRow { Number = n.Number, QueueId = n.QueueId }));
            extensions.AddRange(system.Extensions.Select(e => new ExtensionRow { Extension = e.Extension, AgentId = e.AgentId }));
        }
    }

    private void Cancel() => MudDialog.Cancel();

    private async Task SaveAsync()
    {
        saving = true;
        general = null;
        try
        {
            var input = new PhoneSystemInput
            {
                Name = name,
                Authentication = authentication,
                QueueNumbers = [.. numbers.Select(n => new QueueNumberInput { Number = n.Number, QueueId = n.QueueId })],
                Extensions = [.. extensions.Select(e => new ExtensionInput { Extension = e.Extension, AgentId = e.AgentId })],
            };
            if (System is { } system)
            {
                Show(await Handler.UpdateAsync(system.Id, input, system.Version));
            }
            else
            {
                Show(await Handler.CreateAsync(input));
            }
        }
        catch (Exception ex) when (ex is ForbiddenException or ConflictException or NotFoundException)
        {
            general = ex.Message;
        }
        finally
        {
            saving = false;
        }
    }

    /// <summary>Shows the problems next to their fields, or closes with the result (the credential of a new system).</summary>
    private void Show<T>(CommandResult<T> result)
    {
        errors = result.Validation;
        general = result.Message ?? errors.Errors.FirstOrDefault(e => !FieldsShown.Contains(e.Field))?.Message;
        if (result.Succeeded)
        {
            MudDialog.Close(DialogResult.Ok(result.Value));
        }
    }

    private sealed class NumberRow
    {
        public string? Number { get; set; }

        public long? QueueId { get; set; }
    }

    private sealed class ExtensionRow
    {
        public string? Extension { get; set; }

        public string? AgentId { get; set; }
    }
}
