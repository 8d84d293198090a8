using Crm.Contacts.Contracts;
using Crm.Kernel.Data;
using Crm.Kernel.Errors;
using Crm.Kernel.Identity;
using Crm.Sales.Contracts;
using Crm.Sales.Domain;
using Crm.Sales.Features.Leads;
using Microsoft.EntityFrameworkCore;

namespace Crm.Sales.Features.Pipeline;

/// <summary>
/// Creates, changes and moves opportunities. A SalesRep changes only their own; a move to a Won or Lost stage needs a
/// reason and closes the opportunity; the weighted amount is computed here on every write; a save based on a stale
/// version is a <see cref="ConflictException"/>. A refused or invalid call changes nothing.
/// </summary>
internal sealed class OpportunityCommands(
    IDbContextFactory<CrmDbContext> contextFactory, ICurrentUser currentUser, TimeProvider clock, ICustomerDirectory directory)
{
    private readonly OpportunityInputValidator validator = new(clock);

    public async Task<(long? Id, OperationResult Validation)> CreateAsync(OpportunityInput input, CancellationToken cancellationToken = default)
    {
        PipelineAccess.EnsureUse(currentUser);
        var validation = OperationResult.From(await validator.ValidateAsync(input, cancellationToken));
        if (!validation.Succeeded)
        {
            return (null, validation);
        }

        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var opportunity = new Opportunity();
        var problems = await ApplyAsync(db, opportunity, input, isNew: true, cancellationToken);
        if (problems.Count > 0)
        {
            return (null, new OperationResult(problems));
        }

        db.Add(opportunity);
        await db.SaveChangesAsync(cancellationToken);
        return (opportunity.Id, OperationResult.Success);
    }

    public async Task<OperationResult> UpdateAsync(long id, OpportunityInput input, Guid expectedVersion, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var opportunity = await LoadForEditAsync(db, id, includeProducts: true, cancellationToken);
        var validation = OperationResult.From(await validator.ValidateAsync(input, cancellationToken));
        if (!validation.Succeeded)
        {
            return validation;
        }

        var problems = await ApplyAsync(db, opportunity, input, isNew: false, cancellationToken);
        if (problems.Count > 0)
        {
            return new OperationResult(problems);
        }

        db.Entry(opportunity).Property(o => o.Version).OriginalValue = expectedVersion;
        // Always update the row (even when only products changed) so the version check applies.
        db.Entry(opportunity).Property(o => o.ModifiedAtUtc).IsModified = true;
        await SaveOrConflictAsync(db, cancellationToken);
        return OperationResult.Success;
    }

    /// <summary>Moves the opportunity to another stage (the board's drag and drop); Won and Lost need a reason.</summary>
    public async Task<OperationResult> MoveStageAsync(long id, MoveStageInput input, Guid? expectedVersion, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var opportunity = await LoadForEditAsync(db, id, includeProducts: false, cancellationToken);
        if (expectedVersion is { } version)
        {
            db.Entry(opportunity).Property(o => o.Version).OriginalValue = version;
        }

        var stage = await db.Set<PipelineStage>().AsNoTracking().SingleOrDefaultAsync(s => s.Id == input.StageId, cancellationToken);
        if (stage is null || (!stage.IsActive && stage.Id != opportunity.StageId))
        {
            return OperationResult.Failure(nameof(MoveStageInput.StageId), $"There is no active stage {input.StageId}.");
        }

        if (stage.Id == opportunity.StageId)
        {
            return OperationResult.Success;
        }

        var reason = Blank(input.Reason);
        if (stage.Kind != StageKind.Open && reason is null)
        {
            return OperationResult.Failure(nameof(MoveStageInput.Reason), $"Say why the opportunity was {(stage.Kind == StageKind.Won ? "won" : "lost")}.");
        }

        if (reason?.Length > 500)
        {
            return OperationResult.Failure(nameof(MoveStageInput.Reason), "The reason may have at most 500 characters.");
        }

        SetStage(opportunity, stage, null, reason);
        await SaveOrConflictAsync(db, cancellationToken);
        return OperationResult.Success;
    }

    private async Task<List<ValidationError>> ApplyAsync(CrmDbContext db, Opportunity opportunity, OpportunityInput input, bool isNew, CancellationToken cancellationToken)
    {
        var problems = new List<ValidationError>();
        var stage = await StageForAsync(db, input.StageId, isNew ? null : opportunity.StageId, cancellationToken);
        if (stage is null)
        {
            problems.Add(new ValidationError(nameof(OpportunityInput.StageId), input.StageId is null
                ? "The pipeline has no active open stage. Ask a Manager to add one."
                : $"There is no active stage {input.StageId}."));
        }
        else if (stage.Kind != StageKind.Open && Blank(input.CloseReason) is null)
        {
            problems.Add(new ValidationError(nameof(OpportunityInput.CloseReason), $"Say why the opportunity was {(stage.Kind == StageKind.Won ? "won" : "lost")}."));
        }

        if (input.CustomerId != opportunity.CustomerId && await directory.FindAsync(input.CustomerId, cancellationToken) is null)
        {
            problems.Add(new ValidationError(nameof(OpportunityInput.CustomerId), $"No customer with id {input.CustomerId}."));
        }

        var ownerId = Blank(input.OwnerId) ?? (isNew ? currentUser.ActorId : opportunity.OwnerId);
        if (ownerId != opportunity.OwnerId)
        {
            if (!PipelineAccess.IsManagerOrAdmin(currentUser) && ownerId != currentUser.ActorId)
            {
                problems.Add(new ValidationError(nameof(OpportunityInput.OwnerId), "A SalesRep owns the opportunities they enter; a Manager hands them to others."));
            }
            else if (ownerId != currentUser.ActorId && !await LeadAssignment.IsSellerAsync(db, ownerId, cancellationToken))
            {
                problems.Add(new ValidationError(nameof(OpportunityInput.OwnerId), $"'{ownerId}' is no SalesRep, Manager or Admin."));
            }
        }

        var productIds = input.Products.Select(p => p.ProductId).Distinct().ToList();
        var prices = await db.Set<Product>().Where(p => productIds.Contains(p.Id)).Select(p => new { p.Id, p.ListPrice })
            .ToDictionaryAsync(p => p.Id, p => p.ListPrice, cancellationToken);
        for (var i = 0; i < input.Products.Count; i++)
        {
            if (!prices.ContainsKey(input.Products[i].ProductId))
            {
                problems.Add(new ValidationError($"Products[{i}].ProductId", $"No product with id {input.Products[i].ProductId}."));
            }
        }

        if (problems.Count > 0)
        {
            return problems;
        }

        opportunity.Name = input.Name.Trim();
        opportunity.CustomerId = input.CustomerId;
        opportunity.OwnerId = ownerId;
        opportunity.ExpectedCloseDate = input.ExpectedCloseDate;
        opportunity.Notes = Blank(input.Notes);
        opportunity.Products.Clear();
        foreach (var line in input.Products)
        {
            opportunity.Products.Add(new OpportunityProduct
            {
                ProductId = line.ProductId,
                Quantity = line.Quantity,
                UnitPrice = line.UnitPrice ?? prices[line.ProductId],
            });
        }

        opportunity.Amount = input.Amount ?? opportunity.Products.Sum(p => OpportunityMath.LineAmount(p.Quantity, p.UnitPrice));
        SetStage(opportunity, stage!, input.Probability, Blank(input.CloseReason));
        return problems;
    }

    /// <summary>Puts the opportunity in <paramref name="stage"/>: probability (Won 100, Lost 0), weighted amount, close reason and time.</summary>
    private void SetStage(Opportunity opportunity, PipelineStage stage, int? probability, string? reason)
    {
        var wasClosed = opportunity.ClosedAtUtc is not null;
        opportunity.StageId = stage.Id;
        opportunity.Probability = stage.Kind switch
        {
            StageKind.Won => 100,
            StageKind.Lost => 0,
            _ => probability ?? stage.Probability,
        };
        if (stage.Kind == StageKind.Open)
        {
            opportunity.CloseReason = null;
            opportunity.ClosedAtUtc = null;
        }
        else
        {
            opportunity.CloseReason = reason ?? opportunity.CloseReason;
            opportunity.ClosedAtUtc = wasClosed ? opportunity.ClosedAtUtc : clock.GetUtcNow().UtcDateTime;
        }

        opportunity.WeightedAmount = OpportunityMath.Weighted(opportunity.Amount, opportunity.Probability);
    }

    private static async Task<PipelineStage?> StageForAsync(CrmDbContext db, int? stageId, int? currentStageId, CancellationToken cancellationToken)
    {
        var active = true;
        if (stageId is null)
        {
            if (currentStageId is { } current)
            {
                return await db.Set<PipelineStage>().AsNoTracking().SingleOrDefaultAsync(s => s.Id == current, cancellationToken);
            }

            var open = StageKind.Open;
            return await db.Set<PipelineStage>().AsNoTracking().Where(s => s.IsActive == active && s.Kind == open)
                .OrderBy(s => s.Position).FirstOrDefaultAsync(cancellationToken);
        }

        var stage = await db.Set<PipelineStage>().AsNoTracking().SingleOrDefaultAsync(s => s.Id == stageId, cancellationToken);
        return stage is not null && (stage.IsActive || stage.Id == currentStageId) ? stage : null;
    }

    private async Task<Opportunity> LoadForEditAsync(CrmDbContext db, long id, bool includeProducts, CancellationToken cancellationToken)
    {
        PipelineAccess.EnsureUse(currentUser);
        var query = db.Set<Opportunity>().AsQueryable();
        if (includeProducts)
        {
            query = query.Include(o => o.Products);
        }

        var opportunity = await query.SingleOrDefaultAsync(o => o.Id == id, cancellationToken)
            ?? throw new NotFoundException($"No opportunity with id {id}.");
        PipelineAccess.EnsureEdit(currentUser, opportunity.OwnerId, "opportunity");
        return opportunity;
    }

    private static Task SaveOrConflictAsync(CrmDbContext db, CancellationToken cancellationToken) =>
        db.SaveOrConflictAsync("Someone else changed this opportunity since you opened it. Reload it and make your change again.", cancellationToken);

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
