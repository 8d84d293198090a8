using Crm.Kernel.Data;
using Crm.Kernel.Errors;
using Crm.Kernel.Identity;
using Crm.Kernel.Text;
using Crm.Sales.Contracts;
using Crm.Sales.Domain;
using Crm.Sales.Features.Pipeline;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;

namespace Crm.Sales.Features.Leads.CreateLead;

/// <summary>
/// Creates leads: by hand (a rep keeps theirs, a Manager's goes to the chosen seller or by round-robin) and from the public
/// web form (always round-robin). Created with the id, or Invalid; a submission key makes a double submit Unchanged with
/// the lead it already created.
/// </summary>
internal sealed class CreateLeadHandler(
    IDbContextFactory<CrmDbContext> contextFactory, ICurrentUser currentUser, TimeProvider clock, IConfiguration configuration)
{
    private readonly string phoneRegion = configuration["Contacts:DefaultPhoneRegion"] is { Length: > 0 } region ? region : "US";

    public LeadInputValidator Validator => new(phoneRegion);

    /// <summary>A lead entered by a signed-in rep, manager or integration.</summary>
    public Task<CommandResult<long>> CreateAsync(LeadInput input, string? submissionKey = null, CancellationToken cancellationToken = default)
    {
        LeadAccess.EnsureUse(currentUser);
        return CreateCoreAsync(input, submissionKey, anonymous: false, cancellationToken);
    }

    /// <summary>A lead posted by the public web form (no signed-in user): always assigned by round-robin.</summary>
    public Task<CommandResult<long>> CreateFromWebAsync(LeadInput input, string submissionKey, CancellationToken cancellationToken = default) =>
        CreateCoreAsync(input with { OwnerId = null }, submissionKey, anonymous: true, cancellationToken);

    private async Task<CommandResult<long>> CreateCoreAsync(LeadInput input, string? submissionKey, bool anonymous, CancellationToken cancellationToken)
    {
        var validation = OperationResult.From(await Validator.ValidateAsync(input, cancellationToken));
        if (!validation.Succeeded)
        {
            return CommandResult.Invalid<long>(validation);
        }

        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        if (submissionKey is not null && await FindBySubmissionAsync(db, submissionKey, cancellationToken) is { } existing)
        {
            return CommandResult.Unchanged(existing);
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var ownerId = Trimmed.OrNull(input.OwnerId);
        if (ownerId is not null && !anonymous)
        {
            if (!PipelineAccess.IsManagerOrAdmin(currentUser) && ownerId != currentUser.ActorId)
            {
                return CommandResult.Invalid<long>(OperationResult.Failure(nameof(LeadInput.OwnerId), "A SalesRep keeps the leads they enter; a Manager assigns them to others."));
            }

            if (!await LeadAssignment.IsSellerAsync(db, ownerId, cancellationToken))
            {
                return CommandResult.Invalid<long>(OperationResult.Failure(nameof(LeadInput.OwnerId), $"'{ownerId}' is no SalesRep, Manager or Admin."));
            }
        }

        ownerId ??= !anonymous && !PipelineAccess.IsManagerOrAdmin(currentUser)
            ? currentUser.ActorId
            : await LeadAssignment.NextRepAsync(db, now, cancellationToken);

        var lead = new Lead
        {
            FirstName = Trimmed.OrNull(input.FirstName),
            LastName = Trimmed.OrNull(input.LastName),
            CompanyName = Trimmed.OrNull(input.CompanyName),
            Email = Trimmed.OrNull(input.Email)?.ToLowerInvariant(),
            Phone = LeadPhone.TryNormalize(input.Phone, phoneRegion, out var phone) ? phone : null,
            Source = Trimmed.OrNull(input.Source) ?? (anonymous ? "web" : "manual"),
            Message = Trimmed.OrNull(input.Message),
            Status = LeadStatus.New,
            OwnerId = ownerId,
            AssignedAtUtc = ownerId is null ? null : now,
            SubmissionKey = submissionKey,
        };
        db.Add(lead);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException) when (submissionKey is not null)
        {
            // A concurrent submit with the same key won the unique index: answer with the lead it created.
            db.ChangeTracker.Clear();
            var winner = await FindBySubmissionAsync(db, submissionKey, cancellationToken);
            if (winner is null)
            {
                throw;
            }

            return CommandResult.Unchanged(winner.Value);
        }

        return CommandResult.Created(lead.Id);
    }

    private static Task<long?> FindBySubmissionAsync(CrmDbContext db, string key, CancellationToken cancellationToken) =>
        db.Set<Lead>().Where(l => l.SubmissionKey == key).Select(l => (long?)l.Id).FirstOrDefaultAsync(cancellationToken);
}
