using Crm.Contacts.Contracts;
using Crm.Kernel.Data;
using Crm.Kernel.Errors;
using Crm.Kernel.Identity;
using Crm.Service.Contracts;
using Crm.Service.Domain.Queues;
using Crm.Service.Domain.Telephony;
using Crm.Service.Features.Cases;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;

namespace Crm.Service.Features.Telephony.PhoneSystems;

/// <summary>
/// Sets up telephone systems (Managers and Admins): a unique name, the numbers that ring queues (normalised to E.164 as
/// Contacts does), the extensions of agents, and a credential made anew on creation or on request, shown once.
/// </summary>
internal sealed class SavePhoneSystemHandler(
    IDbContextFactory<CrmDbContext> contextFactory, ICurrentUser currentUser, CaseWorkers workers, IPhoneDirectory phones,
    IDataProtectionProvider dataProtection, PhoneSystemQueries queries)
{
    /// <summary>The purpose of the data protector that encrypts signing secrets.</summary>
    public const string SecretPurpose = "Crm.Service.Telephony.SigningSecret";

    private static readonly PhoneSystemInputValidator Validator = new();

    public async Task<CommandResult<PhoneSystemCredential>> CreateAsync(PhoneSystemInput input, CancellationToken cancellationToken = default)
    {
        TelephonyAccess.EnsureConfigure(currentUser);
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var (problems, numbers, extensions) = await CheckAsync(db, input, null, cancellationToken);
        if (!problems.Succeeded)
        {
            return CommandResult.Invalid<PhoneSystemCredential>(problems);
        }

        var system = PhoneSystem.Create(input.Name!);
        system.SetQueueNumbers(numbers);
        system.SetExtensions(extensions);
        var credential = system.NewCredential(input.Authentication ?? PhoneAuthentication.Token, Protector.Protect);
        db.Add(system);
        await db.SaveChangesAsync(cancellationToken);
        return CommandResult.Created(await CredentialAsync(system, credential, cancellationToken));
    }

    public async Task<CommandResult<long>> UpdateAsync(long id, PhoneSystemInput input, Guid? expectedVersion, CancellationToken cancellationToken = default)
    {
        TelephonyAccess.EnsureConfigure(currentUser);
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var system = await LoadAsync(db, id, expectedVersion, cancellationToken);
        var (problems, numbers, extensions) = await CheckAsync(db, input, id, cancellationToken);
        if (!problems.Succeeded)
        {
            return CommandResult.Invalid<long>(problems);
        }

        system.Rename(input.Name!);
        system.SetQueueNumbers(numbers);
        system.SetExtensions(extensions);
        await SaveAsync(db, cancellationToken);
        return CommandResult.Done(system.Id);
    }

    /// <summary>Makes a new token or signing secret (the old one stops working at once) and returns it, this once.</summary>
    public async Task<CommandResult<PhoneSystemCredential>> NewCredentialAsync(
        long id, PhoneAuthentication? authentication, Guid? expectedVersion, CancellationToken cancellationToken = default)
    {
        TelephonyAccess.EnsureConfigure(currentUser);
        if (authentication is { } a && !Enum.IsDefined(a))
        {
            return CommandResult.Invalid<PhoneSystemCredential>(OperationResult.Failure(nameof(PhoneSystemInput.Authentication),
                $"Choose how the system authenticates: {string.Join(", ", Enum.GetNames<PhoneAuthentication>())}."));
        }

        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var system = await LoadAsync(db, id, expectedVersion, cancellationToken);
        var credential = system.NewCredential(authentication ?? system.Authentication, Protector.Protect);
        await SaveAsync(db, cancellationToken);
        return CommandResult.Done(await CredentialAsync(system, credential, cancellationToken));
    }

    /// <summary>A deactivated system's posts are refused (404, as for an unknown token); its calls stay in the log.</summary>
    public async Task<CommandResult<long>> SetActiveAsync(long id, bool active, Guid? expectedVersion, CancellationToken cancellationToken = default)
    {
        TelephonyAccess.EnsureConfigure(currentUser);
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var system = await LoadAsync(db, id, expectedVersion, cancellationToken);
        if (system.IsActive == active)
        {
            return CommandResult.Unchanged(system.Id);
        }

        system.SetActive(active);
        await SaveAsync(db, cancellationToken);
        return CommandResult.Done(system.Id);
    }

    private IDataProtector Protector => dataProtection.CreateProtector(SecretPurpose);

    private async Task<PhoneSystemCredential> CredentialAsync(PhoneSystem system, string credential, CancellationToken cancellationToken)
    {
        var details = await queries.GetAsync(system.Id, cancellationToken);
        return system.Authentication == PhoneAuthentication.Token
            ? new PhoneSystemCredential(details, PhoneAuthentication.Token, PhoneSystemQueries.WebhookBase + credential, null)
            : new PhoneSystemCredential(details, PhoneAuthentication.Signature, PhoneSystemQueries.WebhookBase + system.Key, credential);
    }

    private static async Task SaveAsync(CrmDbContext db, CancellationToken cancellationToken)
    {
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            throw new ConflictException("Someone else changed the telephone system since you opened it. Reload and try again.");
        }
    }

    private static async Task<PhoneSystem> LoadAsync(CrmDbContext db, long id, Guid? expectedVersion, CancellationToken cancellationToken)
    {
        var system = await db.Set<PhoneSystem>().Include(s => s.QueueNumbers).Include(s => s.Extensions).AsSplitQuery()
            .SingleOrDefaultAsync(s => s.Id == id, cancellationToken) ?? throw new NotFoundException($"No telephone system with id {id}.");
        if (expectedVersion is { } version && version != system.Version)
        {
            throw new ConflictException($"Someone else changed the telephone system {system.Name} since you opened it. Reload and try again.");
        }

        return system;
    }

    private async Task<(OperationResult Problems, List<(string, long)> Numbers, List<(string, string)> Extensions)> CheckAsync(
        CrmDbContext db, PhoneSystemInput input, long? id, CancellationToken cancellationToken)
    {
        var validation = OperationResult.From(await Validator.ValidateAsync(input, cancellationToken));
        if (!validation.Succeeded)
        {
            return (validation, [], []);
        }

        var problems = new List<ValidationError>();
        var name = input.Name!.Trim();
        var upper = name.ToUpperInvariant();
        if (await db.Set<PhoneSystem>().AnyAsync(s => s.Id != id && s.Name.ToUpper() == upper, cancellationToken))
        {
            problems.Add(new ValidationError(nameof(PhoneSystemInput.Name), $"A telephone system named '{name}' exists already."));
        }

        var numbers = new List<(string, long)>();
        var activeQueues = await db.Set<ServiceQueue>().Where(q => q.IsActive).Select(q => q.Id).ToListAsync(cancellationToken);
        foreach (var entry in input.QueueNumbers)
        {
            if (phones.Normalize(entry.Number) is not { } e164)
            {
                problems.Add(new ValidationError(nameof(PhoneSystemInput.QueueNumbers), $"'{entry.Number!.Trim()}' is no valid phone number."));
            }
            else if (numbers.Any(n => n.Item1 == e164))
            {
                problems.Add(new ValidationError(nameof(PhoneSystemInput.QueueNumbers), $"The number {e164} is listed twice."));
            }
            else if (!activeQueues.Contains(entry.QueueId!.Value))
            {
                problems.Add(new ValidationError(nameof(PhoneSystemInput.QueueNumbers), $"No active queue with id {entry.QueueId} for {e164}."));
            }
            else
            {
                numbers.Add((e164, entry.QueueId!.Value));
            }
        }

        var extensions = new List<(string, string)>();
        foreach (var entry in input.Extensions)
        {
            var extension = entry.Extension!.Trim();
            var agentId = entry.AgentId!.Trim();
            if (extensions.Any(e => string.Equals(e.Item1, extension, StringComparison.OrdinalIgnoreCase)))
            {
                problems.Add(new ValidationError(nameof(PhoneSystemInput.Extensions), $"The extension {extension} is listed twice."));
            }
            else if (!await workers.IsWorkerAsync(agentId, cancellationToken))
            {
                problems.Add(new ValidationError(nameof(PhoneSystemInput.Extensions), $"'{agentId}' (extension {extension}) is no ServiceAgent, Manager or Admin."));
            }
            else
            {
                extensions.Add((extension, agentId));
            }
        }

        return (new OperationResult(problems), numbers, extensions);
    }
}
