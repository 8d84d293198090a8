using Crm.Contacts.Contracts;
using Crm.Kernel.Data;
using Crm.Kernel.Errors;
using Crm.Kernel.Identity;
using Crm.Kernel.Text;
using Crm.Sales.Contracts;
using Crm.Sales.Domain;
using Crm.Sales.Features.Leads;
using Microsoft.EntityFrameworkCore;

namespace Crm.Sales.Features.Pipeline;

/// <summary>
/// What the opportunity use cases share: loading one to change it (access), applying the form's or the API's input
/// (checked against the stages, customers, sellers and products stored), saving under its version.
/// </summary>
internal static class OpportunityStore
{
    /// <summary>The opportunity, when the user may change it (403 otherwise, 404 for an unknown id).</summary>
    public static async Task<Opportunity> LoadForEditAsync(CrmDbContext db, ICurrentUser currentUser, long id, bool includeProducts, CancellationToken cancellationToken)
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

    /// <summary>
    /// Copies validated <paramref name="input"/> onto <paramref name="opportunity"/> (stage rules on the entity), or returns
    /// the problems with what it names (stage, customer, owner, products) and changes nothing.
    /// </summary>
    public static async Task<OperationResult> ApplyAsync(
        CrmDbContext db, ICurrentUser currentUser, ICustomerDirectory directory, DateTime nowUtc, Opportunity opportunity, OpportunityInput input,
        bool isNew, CancellationToken cancellationToken)
    {
        var problems = new List<ValidationError>();
        var stage = await StageForAsync(db, opportunity, input.StageId, isNew, cancellationToken);
        if (stage is null)
        {
            problems.Add(new ValidationError(nameof(OpportunityInput.StageId), input.StageId is null
                ? "The pipeline has no active open stage. Ask a Manager to add one."
                : $"There is no active stage {input.StageId}."));
        }
        else if (Opportunity.CloseReasonRefusal(stage.Kind, input.CloseReason) is { } refusal)
        {
            problems.Add(new ValidationError(nameof(OpportunityInput.CloseReason), refusal));
        }

        if (input.CustomerId != opportunity.CustomerId && await directory.FindAsync(input.CustomerId, cancellationToken) is null)
        {
            problems.Add(new ValidationError(nameof(OpportunityInput.CustomerId), $"No customer with id {input.CustomerId}."));
        }

        var ownerId = Trimmed.OrNull(input.OwnerId) ?? (isNew ? currentUser.ActorId : opportunity.OwnerId);
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
            return new OperationResult(problems);
        }

        opportunity.Name = input.Name.Trim();
        opportunity.CustomerId = input.CustomerId;
        opportunity.OwnerId = ownerId;
        opportunity.ExpectedCloseDate = input.ExpectedCloseDate;
        opportunity.Notes = Trimmed.OrNull(input.Notes);
        opportunity.SetProducts(input.Products.Select(line => new OpportunityProduct
        {
            ProductId = line.ProductId,
            Quantity = line.Quantity,
            UnitPrice = line.UnitPrice ?? prices[line.ProductId],
        }), input.Amount);
        opportunity.PutIn(stage!, input.Probability, Trimmed.OrNull(input.CloseReason), nowUtc);
        return OperationResult.Success;
    }

    public static Task SaveOrConflictAsync(CrmDbContext db, CancellationToken cancellationToken) =>
        db.SaveOrConflictAsync("Someone else changed this opportunity since you opened it. Reload it and make your change again.", cancellationToken);

    /// <summary>The stage named (active, or the one it is in), else its current one, else for a new one the first active open stage.</summary>
    private static async Task<PipelineStage?> StageForAsync(CrmDbContext db, Opportunity opportunity, int? stageId, bool isNew, CancellationToken cancellationToken)
    {
        var stages = db.Set<PipelineStage>().AsNoTracking();
        if (stageId is null)
        {
            if (!isNew)
            {
                return await stages.SingleOrDefaultAsync(s => s.Id == opportunity.StageId, cancellationToken);
            }

            var active = true;
            var open = StageKind.Open;
            return await stages.Where(s => s.IsActive == active && s.Kind == open).OrderBy(s => s.Position).FirstOrDefaultAsync(cancellationToken);
        }

        var stage = await stages.SingleOrDefaultAsync(s => s.Id == stageId, cancellationToken);
        return stage is not null && opportunity.CanEnter(stage) ? stage : null;
    }
}
