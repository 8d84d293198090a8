using Crm.Contacts.Contracts;
using Crm.Kernel;
using Crm.Kernel.Data;
using Crm.Kernel.Errors;
using Crm.Kernel.Identity;
using Crm.Sales.Contracts;
using Crm.Sales.Domain;
using Crm.Sales.Features.Pipeline;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;

namespace Crm.Sales.Features.Leads;

/// <summary>The outcome of creating a lead: its id (also when the same submission had already created it), or the problems.</summary>
internal sealed record CreateLeadResult(long? Id, OperationResult Validation, bool AlreadySubmitted)
{
    public bool Created => Id is not null;
}

/// <summary>
/// Creates, qualifies, disqualifies, assigns and converts leads. Access is checked here (a rep works only their own leads);
/// a refused or invalid call changes nothing. Conversion registers the customer through Contacts with its duplicate check,
/// opens an opportunity in the first stage and writes the lead's history on the customer's timeline.
/// </summary>
internal sealed class LeadCommands(
    IDbContextFactory<CrmDbContext> contextFactory, ICurrentUser currentUser, TimeProvider clock, IConfiguration configuration,
    ICustomerRegistration registration, ICustomerDirectory directory, IInteractionLog interactions, UserDirectory users)
{
    private readonly string phoneRegion = configuration["Contacts:DefaultPhoneRegion"] is { Length: > 0 } region ? region : "US";

    public LeadInputValidator Validator => new(phoneRegion);

    /// <summary>A lead entered by a signed-in rep, manager or integration.</summary>
    public Task<CreateLeadResult> CreateAsync(LeadInput input, string? submissionKey = null, CancellationToken cancellationToken = default)
    {
        LeadAccess.EnsureUse(currentUser);
        return CreateCoreAsync(input, submissionKey, anonymous: false, cancellationToken);
    }

    /// <summary>A lead posted by the public web form (no signed-in user): always assigned by round-robin.</summary>
    public Task<CreateLeadResult> CreateFromWebAsync(LeadInput input, string submissionKey, CancellationToken cancellationToken = default) =>
        CreateCoreAsync(input with { OwnerId = null }, submissionKey, anonymous: true, cancellationToken);

    private async Task<CreateLeadResult> CreateCoreAsync(LeadInput input, string? submissionKey, bool anonymous, CancellationToken cancellationToken)
    {
        var validation = OperationResult.From(await Validator.ValidateAsync(input, cancellationToken));
        if (!validation.Succeeded)
        {
            return new CreateLeadResult(null, validation, false);
        }

        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        if (submissionKey is not null && await FindBySubmissionAsync(db, submissionKey, cancellationToken) is { } existing)
        {
            return new CreateLeadResult(existing, OperationResult.Success, true);
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var ownerId = Blank(input.OwnerId);
        if (ownerId is not null && !anonymous)
        {
            if (!PipelineAccess.IsManagerOrAdmin(currentUser) && ownerId != currentUser.ActorId)
            {
                return new CreateLeadResult(null, OperationResult.Failure(nameof(LeadInput.OwnerId), "A SalesRep keeps the leads they enter; a Manager assigns them to others."), false);
            }

            if (!await LeadAssignment.IsSellerAsync(db, ownerId, cancellationToken))
            {
                return new CreateLeadResult(null, OperationResult.Failure(nameof(LeadInput.OwnerId), $"'{ownerId}' is no SalesRep, Manager or Admin."), false);
            }
        }

        ownerId ??= !anonymous && !PipelineAccess.IsManagerOrAdmin(currentUser)
            ? currentUser.ActorId
            : await LeadAssignment.NextRepAsync(db, now, cancellationToken);

        var lead = new Lead
        {
            FirstName = Blank(input.FirstName),
            LastName = Blank(input.LastName),
            CompanyName = Blank(input.CompanyName),
            Email = Blank(input.Email)?.ToLowerInvariant(),
            Phone = LeadPhone.TryNormalize(input.Phone, phoneRegion, out var phone) ? phone : null,
            Source = Blank(input.Source) ?? (anonymous ? "web" : "manual"),
            Message = Blank(input.Message),
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

            return new CreateLeadResult(winner, OperationResult.Success, true);
        }

        return new CreateLeadResult(lead.Id, OperationResult.Success, false);
    }

    public async Task QualifyAsync(long id, Guid? expectedVersion, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var lead = await LoadForEditAsync(db, id, expectedVersion, cancellationToken);
        if (lead.Status == LeadStatus.Qualified)
        {
            return;
        }

        lead.Status = LeadStatus.Qualified;
        lead.DisqualifyReason = null;
        await SaveAsync(db, cancellationToken);
    }

    public async Task<OperationResult> DisqualifyAsync(long id, string? reason, Guid? expectedVersion, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var lead = await LoadForEditAsync(db, id, expectedVersion, cancellationToken);
        if (string.IsNullOrWhiteSpace(reason))
        {
            return OperationResult.Failure(nameof(DisqualifyLeadInput.Reason), "Say why the lead is disqualified.");
        }

        if (reason.Trim().Length > 500)
        {
            return OperationResult.Failure(nameof(DisqualifyLeadInput.Reason), "The reason may have at most 500 characters.");
        }

        lead.Status = LeadStatus.Disqualified;
        lead.DisqualifyReason = reason.Trim();
        await SaveAsync(db, cancellationToken);
        return OperationResult.Success;
    }

    /// <summary>Hands the lead to <paramref name="ownerId"/>, or to the next rep by round-robin when it is empty.</summary>
    public async Task<OperationResult> AssignAsync(long id, string? ownerId, Guid? expectedVersion, CancellationToken cancellationToken = default)
    {
        LeadAccess.EnsureUse(currentUser);
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var lead = await db.Set<Lead>().SingleOrDefaultAsync(l => l.Id == id, cancellationToken)
            ?? throw new NotFoundException($"No lead with id {id}.");
        ownerId = Blank(ownerId);
        if (!LeadAccess.CanAssign(currentUser, lead, ownerId))
        {
            throw new ForbiddenException("Only a Manager or an Admin assigns leads to reps.");
        }

        CheckVersion(lead, expectedVersion);
        if (lead.Status == LeadStatus.Converted)
        {
            throw new ConflictException("This lead has been converted; its opportunity has an owner of its own.");
        }

        var now = clock.GetUtcNow().UtcDateTime;
        if (ownerId is not null && !await LeadAssignment.IsSellerAsync(db, ownerId, cancellationToken))
        {
            return OperationResult.Failure(nameof(AssignLeadInput.OwnerId), $"'{ownerId}' is no SalesRep, Manager or Admin.");
        }

        ownerId ??= await LeadAssignment.NextRepAsync(db, now, cancellationToken);
        if (ownerId is null)
        {
            return OperationResult.Failure(nameof(AssignLeadInput.OwnerId), "There is no active SalesRep to assign the lead to.");
        }

        lead.OwnerId = ownerId;
        lead.AssignedAtUtc = now;
        await SaveAsync(db, cancellationToken);
        return OperationResult.Success;
    }

    /// <summary>
    /// Converts the lead: to the chosen existing customer, or to a new one (likely duplicates are returned instead, and
    /// nothing changes, unless the caller confirmed with AllowDuplicates), with an opportunity in the first open stage.
    /// </summary>
    public async Task<(LeadConversionResult Result, OperationResult Validation)> ConvertAsync(
        long id, ConvertLeadInput input, Guid? expectedVersion, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var lead = await LoadForEditAsync(db, id, expectedVersion, cancellationToken);
        var none = new LeadConversionResult(null, null, []);
        if (lead.Status == LeadStatus.Disqualified)
        {
            return (none, OperationResult.Failure("", "Qualify the lead again before converting it."));
        }

        var problems = new List<ValidationError>();
        if (input.Amount < 0)
        {
            problems.Add(new ValidationError(nameof(ConvertLeadInput.Amount), "The amount cannot be negative."));
        }

        if (input.OpportunityName?.Trim().Length > 200)
        {
            problems.Add(new ValidationError(nameof(ConvertLeadInput.OpportunityName), "The name may have at most 200 characters."));
        }

        var active = true;
        var open = StageKind.Open;
        var stage = await db.Set<PipelineStage>().Where(s => s.IsActive == active && s.Kind == open)
            .OrderBy(s => s.Position).FirstOrDefaultAsync(cancellationToken);
        if (stage is null)
        {
            problems.Add(new ValidationError("", "The pipeline has no active open stage. Ask a Manager to add one."));
        }

        if (problems.Count > 0)
        {
            return (none, new OperationResult(problems));
        }

        long customerId;
        if (input.CustomerId is { } chosen)
        {
            if (await directory.FindAsync(chosen, cancellationToken) is null)
            {
                return (none, OperationResult.Failure(nameof(ConvertLeadInput.CustomerId), $"No customer with id {chosen}."));
            }

            customerId = chosen;
        }
        else
        {
            var registered = await registration.RegisterAsync(ToCustomer(lead), input.AllowDuplicates, cancellationToken);
            if (registered.Errors.Count > 0)
            {
                return (none, new OperationResult(registered.Errors));
            }

            if (!registered.Created)
            {
                return (new LeadConversionResult(null, null, registered.Duplicates), OperationResult.Success);
            }

            customerId = registered.CustomerId!.Value;
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var wasQualifiedAt = lead.Status == LeadStatus.Qualified ? lead.ModifiedAtUtc : (DateTime?)null;
        var opportunity = new Opportunity
        {
            Name = Blank(input.OpportunityName) ?? $"{NameOf(lead)} - new business",
            CustomerId = customerId,
            StageId = stage!.Id,
            Amount = input.Amount,
            Probability = stage.Probability,
            ExpectedCloseDate = input.ExpectedCloseDate ?? DateOnly.FromDateTime(now).AddDays(30),
            OwnerId = lead.OwnerId ?? currentUser.ActorId,
            LeadId = lead.Id,
            Notes = lead.Message,
        };
        opportunity.WeightedAmount = OpportunityMath.Weighted(opportunity.Amount, opportunity.Probability);
        db.Add(opportunity);
        lead.Status = LeadStatus.Converted;
        lead.ConvertedCustomerId = customerId;
        lead.ConvertedAtUtc = now;
        await SaveAsync(db, cancellationToken);
        lead.ConvertedOpportunityId = opportunity.Id;
        await SaveAsync(db, cancellationToken);

        await interactions.RecordManyAsync(await HistoryAsync(lead, wasQualifiedAt, opportunity, now, cancellationToken), cancellationToken);
        return (new LeadConversionResult(customerId, opportunity.Id, []), OperationResult.Success);
    }

    /// <summary>The lead's history as timeline entries on its (new) customer: created, assigned, qualified, converted.</summary>
    private async Task<List<InteractionEntry>> HistoryAsync(Lead lead, DateTime? qualifiedAtUtc, Opportunity opportunity, DateTime now, CancellationToken cancellationToken)
    {
        var customerId = lead.ConvertedCustomerId!.Value;
        var channel = ChannelOf(lead.Source);
        var entries = new List<InteractionEntry>
        {
            new(customerId, channel, InteractionDirection.Inbound, InteractionType.Other, lead.CreatedAtUtc,
                Cut($"Lead created ({lead.Source})", 300), CutOrNull(lead.Message, 8000), HandledBy: lead.CreatedBy),
        };
        if (lead.OwnerId is not null && lead.AssignedAtUtc is { } assignedAt)
        {
            var names = await users.NamesAsync([lead.OwnerId], cancellationToken);
            entries.Add(new(customerId, Channel.Other, InteractionDirection.Outbound, InteractionType.Note, assignedAt,
                Cut($"Lead assigned to {names.GetValueOrDefault(lead.OwnerId, lead.OwnerId)}", 300), HandledBy: lead.OwnerId));
        }

        if (qualifiedAtUtc is { } qualifiedAt)
        {
            entries.Add(new(customerId, Channel.Other, InteractionDirection.Outbound, InteractionType.Note, qualifiedAt, "Lead qualified"));
        }

        var notes = $"Source: {lead.Source}" + (lead.Message is null ? "" : $"{Environment.NewLine}Message: {lead.Message}");
        entries.Add(new(customerId, Channel.Other, InteractionDirection.Outbound, InteractionType.Note, now,
            Cut($"Lead converted: opportunity \"{opportunity.Name}\"", 300), Cut(notes, 8000), Outcome: "Converted"));
        return entries;
    }

    private static Channel ChannelOf(string source) => source.Trim().ToUpperInvariant() switch
    {
        "WEB" or "WEB FORM" or "WEBSITE" or "WEB-TO-LEAD" => Channel.Web,
        "PHONE" or "CALL" => Channel.Phone,
        "EMAIL" => Channel.Email,
        "CHAT" => Channel.Chat,
        "EVENT" or "MEETING" or "TRADE SHOW" => Channel.FaceToFace,
        _ => Channel.Other,
    };

    private CustomerInput ToCustomer(Lead lead)
    {
        var isPerson = lead.LastName is not null || lead.FirstName is not null;
        return new CustomerInput
        {
            Kind = isPerson ? CustomerKind.Person : CustomerKind.Company,
            FirstName = isPerson ? lead.FirstName : null,
            LastName = isPerson ? lead.LastName ?? lead.FirstName : null,
            CompanyName = lead.CompanyName,
            Emails = lead.Email is null ? [] : [lead.Email],
            Phones = lead.Phone is null ? [] : [lead.Phone],
            Source = lead.Source,
            // A SalesRep becomes the owner of what they create; a Manager hands the customer to the lead's owner.
            OwnerId = PipelineAccess.IsManagerOrAdmin(currentUser) ? lead.OwnerId : null,
        };
    }

    public static string NameOf(Lead lead) =>
        string.Join(' ', new[] { lead.FirstName, lead.LastName }.OfType<string>()) is { Length: > 0 } name
            ? lead.CompanyName is null ? name : $"{name} ({lead.CompanyName})"
            : lead.CompanyName ?? lead.Email ?? lead.Phone ?? $"Lead {lead.Id}";

    private async Task<Lead> LoadForEditAsync(CrmDbContext db, long id, Guid? expectedVersion, CancellationToken cancellationToken)
    {
        LeadAccess.EnsureUse(currentUser);
        var lead = await db.Set<Lead>().SingleOrDefaultAsync(l => l.Id == id, cancellationToken)
            ?? throw new NotFoundException($"No lead with id {id}.");
        LeadAccess.EnsureEdit(currentUser, lead);
        CheckVersion(lead, expectedVersion);
        if (lead.Status == LeadStatus.Converted)
        {
            throw new ConflictException("This lead has already been converted.");
        }

        return lead;
    }

    private static void CheckVersion(Lead lead, Guid? expectedVersion)
    {
        if (expectedVersion is { } version && version != lead.Version)
        {
            throw new ConflictException("Someone else changed this lead since you opened it. Reload and try again.");
        }
    }

    private static async Task SaveAsync(CrmDbContext db, CancellationToken cancellationToken)
    {
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            throw new ConflictException("Someone else changed this lead at the same time. Reload and try again.");
        }
    }

    private static Task<long?> FindBySubmissionAsync(CrmDbContext db, string key, CancellationToken cancellationToken) =>
        db.Set<Lead>().Where(l => l.SubmissionKey == key).Select(l => (long?)l.Id).FirstOrDefaultAsync(cancellationToken);

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    private static string? CutOrNull(string? value, int max) => value is null || value.Length <= max ? value : value[..max];

    private static string Cut(string value, int max) => value.Length <= max ? value : value[..max];
}
