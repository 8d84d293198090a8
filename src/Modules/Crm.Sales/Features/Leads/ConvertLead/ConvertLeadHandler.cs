using Crm.Contacts.Contracts;
using Crm.Kernel.Text;
using Crm.Kernel;
using Crm.Kernel.Data;
using Crm.Kernel.Errors;
using Crm.Kernel.Identity;
using Crm.Sales.Contracts;
using Crm.Sales.Domain;
using Crm.Sales.Features.Pipeline;
using Microsoft.EntityFrameworkCore;

namespace Crm.Sales.Features.Leads.ConvertLead;

/// <summary>
/// How converting a lead ended (<see cref="Result"/>: Done with the customer and opportunity, Invalid, or Conflict when the
/// lead is converted already or its new customer looks like one already stored) and those likely <see cref="Duplicates"/>.
/// A result of its own rather than the bare <see cref="CommandResult{T}"/> for the same reason as Contacts'
/// <c>CreateCustomerResult</c>: the duplicate refusal carries a list, which the dialog offers to choose from and the API's
/// 409 lists in <c>duplicates</c>, while the kernel's Conflict holds only a message.
/// </summary>
internal sealed record ConvertLeadResult(CommandResult<LeadConversionResult> Result, IReadOnlyList<DuplicateCandidate> Duplicates)
{
    public static ConvertLeadResult Invalid(OperationResult validation) => new(CommandResult.Invalid<LeadConversionResult>(validation), []);
}

/// <summary>
/// Converts a lead (what may be converted is <see cref="Lead.ConvertRefusal"/>): registers the customer through Contacts with
/// its duplicate check, opens an opportunity in the first stage and writes the lead's history on the customer's timeline.
/// </summary>
internal sealed class ConvertLeadHandler(
    IDbContextFactory<CrmDbContext> contextFactory, ICurrentUser currentUser, TimeProvider clock,
    ICustomerRegistration registration, ICustomerDirectory directory, IInteractionLog interactions, UserDirectory users)
{
    /// <summary>
    /// Converts the lead: to the chosen existing customer, or to a new one (likely duplicates are returned instead, and
    /// nothing changes, unless the caller confirmed with AllowDuplicates), with an opportunity in the first open stage.
    /// </summary>
    public async Task<ConvertLeadResult> ConvertAsync(long id, ConvertLeadInput input, Guid? expectedVersion, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var lead = await LeadStore.LoadForEditAsync(db, currentUser, id, expectedVersion, cancellationToken);
        if (lead.EditRefusal is { } converted)
        {
            return new ConvertLeadResult(CommandResult.Conflict<LeadConversionResult>(converted), []);
        }

        if (lead.ConvertRefusal is { } refusal)
        {
            return ConvertLeadResult.Invalid(OperationResult.Failure("", refusal));
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
            return ConvertLeadResult.Invalid(new OperationResult(problems));
        }

        long customerId;
        if (input.CustomerId is { } chosen)
        {
            if (await directory.FindAsync(chosen, cancellationToken) is null)
            {
                return ConvertLeadResult.Invalid(OperationResult.Failure(nameof(ConvertLeadInput.CustomerId), $"No customer with id {chosen}."));
            }

            customerId = chosen;
        }
        else
        {
            var registered = await registration.RegisterAsync(ToCustomer(lead), input.AllowDuplicates, cancellationToken);
            if (registered.Errors.Count > 0)
            {
                return ConvertLeadResult.Invalid(new OperationResult(registered.Errors));
            }

            if (!registered.Created)
            {
                return new ConvertLeadResult(CommandResult.Conflict<LeadConversionResult>(
                    "The lead looks like a customer who is already in eCRM. Convert it to one of the duplicates, or create a new customer anyway."),
                    registered.Duplicates);
            }

            customerId = registered.CustomerId!.Value;
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var wasQualifiedAt = lead.Status == LeadStatus.Qualified ? lead.ModifiedAtUtc : (DateTime?)null;
        var opportunity = new Opportunity
        {
            Name = Trimmed.OrNull(input.OpportunityName) ?? $"{LeadStore.NameOf(lead)} - new business",
            CustomerId = customerId,
            ExpectedCloseDate = input.ExpectedCloseDate ?? DateOnly.FromDateTime(now).AddDays(30),
            OwnerId = lead.OwnerId ?? currentUser.ActorId,
            LeadId = lead.Id,
            Notes = lead.Message,
        };
        opportunity.SetProducts([], input.Amount);
        opportunity.PutIn(stage!, null, null, now);
        db.Add(opportunity);
        lead.MarkConverted(customerId, now);
        await LeadStore.SaveAsync(db, cancellationToken);
        lead.ConvertedOpportunityId = opportunity.Id;
        await LeadStore.SaveAsync(db, cancellationToken);

        await interactions.RecordManyAsync(await HistoryAsync(lead, wasQualifiedAt, opportunity, now, cancellationToken), cancellationToken);
        return new ConvertLeadResult(CommandResult.Done(new LeadConversionResult(customerId, opportunity.Id, [])), []);
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

    private static string? CutOrNull(string? value, int max) => value is null || value.Length <= max ? value : value[..max];

    private static string Cut(string value, int max) => value.Length <= max ? value : value[..max];
}
