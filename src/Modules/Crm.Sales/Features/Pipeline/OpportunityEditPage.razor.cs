using Crm.Contacts.Contracts;
using Crm.Kernel;
using Crm.Kernel.Errors;
using Crm.Kernel.Identity;
using Crm.Sales.Contracts;
using Crm.Sales.Domain;
using Crm.Sales.Features.Pipeline.CreateOpportunity;
using Crm.Sales.Features.Pipeline.UpdateOpportunity;
using Crm.Ui.Loading;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace Crm.Sales.Features.Pipeline;

/// <summary>
/// Creates or edits an opportunity: customer picker, stage (probability follows the stage's default), amount, close date,
/// owner (Managers), products with quantity and price, notes, and the reason when the stage is Won or Lost. A save based
/// on a stale version shows a conflict instead of overwriting.
/// </summary>
public partial class OpportunityEditPage
{
    private readonly FormModel model = new();
    private IReadOnlyList<PipelineStageDto> stages = [];
    private IReadOnlyList<UserName> owners = [];
    private CustomerSummary? customer;
    private Guid version;
    private DateTime? closedAt;
    private bool isManager;
    private bool saving;
    private bool conflict;
    private readonly PageLoad<FormModel> load = new();
    private string? general;
    private OperationResult errors = OperationResult.Success;

    [Parameter]
    public long? Id { get; set; }

    [SupplyParameterFromQuery(Name = "customer")]
    private long? InitialCustomer { get; set; }

    [Inject]
    private OpportunityQueries Queries { get; set; } = default!;

    [Inject]
    private CreateOpportunityHandler CreateOpportunity { get; set; } = default!;

    [Inject]
    private UpdateOpportunityHandler UpdateOpportunity { get; set; } = default!;

    [Inject]
    private ICustomerDirectory Customers { get; set; } = default!;

    [Inject]
    private UserDirectory Users { get; set; } = default!;

    [Inject]
    private ICurrentUser CurrentUser { get; set; } = default!;

    [Inject]
    private NavigationManager Navigation { get; set; } = default!;

    [Inject]
    private ISnackbar Snackbar { get; set; } = default!;

    private PipelineStageDto? CurrentStage => stages.FirstOrDefault(s => s.Id == model.StageId);

    protected override Task OnParametersSetAsync() => load.RunAsync(async () =>
    {
        isManager = PipelineAccess.IsManagerOrAdmin(CurrentUser);
        stages = await Queries.StagesAsync(includeInactive: true);
        if (isManager)
        {
            var reps = await Users.InRoleAsync(CrmRoles.SalesRep);
            var managers = await Users.InRoleAsync(CrmRoles.Manager);
            owners = [.. reps.Concat(managers).DistinctBy(u => u.Id)];
        }

        await FillAsync();
        return model;
    });

    private Task ReloadAsync() => load.RunAsync(async () =>
    {
        await FillAsync();
        return model;
    });

    private async Task FillAsync()
    {
        conflict = false;
        errors = OperationResult.Success;
        general = null;
        if (Id is { } id)
        {
            var o = await Queries.GetAsync(id);
            model.Name = o.Name;
            model.StageId = o.StageId;
            model.Amount = o.Amount;
            model.Probability = o.Probability;
            model.CloseDate = o.ExpectedCloseDate.ToDateTime(TimeOnly.MinValue);
            model.OwnerId = o.OwnerId;
            model.CloseReason = o.CloseReason;
            model.Notes = o.Notes;
            model.Lines = [.. o.Products.Select(p => new LineModel
            {
                Product = new OpportunityProductPick(p.ProductId, p.ProductCode, p.ProductName, p.UnitPrice), Quantity = p.Quantity, UnitPrice = p.UnitPrice,
            })];
            version = o.Version;
            closedAt = o.ClosedAtUtc;
            customer = await Customers.FindAsync(o.CustomerId);
        }
        else
        {
            var first = stages.Where(s => s.IsActive && s.Kind == StageKind.Open).OrderBy(s => s.Position).FirstOrDefault();
            model.StageId = first?.Id ?? 0;
            model.Probability = first?.Probability ?? 0;
            model.CloseDate = DateTime.Today.AddDays(30);
            model.OwnerId = CurrentUser.ActorId;
            if (InitialCustomer is { } customerId)
            {
                customer = await Customers.FindAsync(customerId);
            }
        }
    }

    private void StageChanged(int stageId)
    {
        model.StageId = stageId;
        if (CurrentStage is { } stage)
        {
            model.Probability = stage.Kind switch { StageKind.Won => 100, StageKind.Lost => 0, _ => stage.Probability };
        }
    }

    private static void ProductChanged(LineModel line, OpportunityProductPick? product)
    {
        line.Product = product;
        if (product is not null)
        {
            line.UnitPrice ??= product.ListPrice;
            if (line.Quantity <= 0)
            {
                line.Quantity = 1;
            }
        }
    }

    private static decimal LineTotal(LineModel line) =>
        OpportunityMath.LineAmount(line.Quantity, line.UnitPrice ?? line.Product?.ListPrice ?? 0);

    private async Task<IEnumerable<CustomerSummary>> SearchCustomersAsync(string? term, CancellationToken cancellationToken) =>
        string.IsNullOrWhiteSpace(term) ? [] : await Customers.SearchAsync(term, 15, cancellationToken);

    private async Task<IEnumerable<OpportunityProductPick>> SearchProductsAsync(string? term, CancellationToken cancellationToken) =>
        string.IsNullOrWhiteSpace(term) ? [] : await Queries.SearchProductsAsync(term, 20, cancellationToken);

    private bool Has(string field) => errors.Errors.Any(e => e.Field == field);

    private string? Of(string field) => errors.Errors.FirstOrDefault(e => e.Field == field)?.Message;

    private async Task SaveAsync()
    {
        saving = true;
        conflict = false;
        try
        {
            var input = new OpportunityInput
            {
                Name = model.Name ?? "",
                CustomerId = customer?.Id ?? 0,
                StageId = model.StageId,
                Amount = model.Amount,
                Probability = model.Probability,
                ExpectedCloseDate = model.CloseDate is { } d ? DateOnly.FromDateTime(d) : default,
                OwnerId = model.OwnerId,
                CloseReason = model.CloseReason,
                Notes = model.Notes,
                Products = [.. model.Lines.Select(l => new OpportunityProductInput(l.Product?.Id ?? 0, l.Quantity, l.UnitPrice))],
            };
            if (Id is { } id)
            {
                var updated = await UpdateOpportunity.UpdateAsync(id, input, version);
                errors = updated.Validation;
                if (updated.Succeeded)
                {
                    Snackbar.Add("Opportunity saved.", Severity.Success);
                    await ReloadAsync();
                }
            }
            else
            {
                var result = await CreateOpportunity.CreateAsync(input);
                errors = result.Validation;
                if (result.Succeeded)
                {
                    Snackbar.Add("Opportunity created.", Severity.Success);
                    Navigation.NavigateTo($"/pipeline/opportunities/{result.Value}");
                }
            }

            general = errors.Succeeded ? null : errors.ToString();
        }
        catch (ConflictException)
        {
            conflict = true;
        }
        catch (ForbiddenException ex)
        {
            general = ex.Message;
        }
        finally
        {
            saving = false;
        }
    }

    private sealed class FormModel
    {
        public string? Name { get; set; }

        public int StageId { get; set; }

        public decimal? Amount { get; set; }

        public int Probability { get; set; }

        public DateTime? CloseDate { get; set; }

        public string? OwnerId { get; set; }

        public string? CloseReason { get; set; }

        public string? Notes { get; set; }

        public List<LineModel> Lines { get; set; } = [];
    }

    private sealed class LineModel
    {
        public OpportunityProductPick? Product { get; set; }

        public decimal Quantity { get; set; } = 1;

        public decimal? UnitPrice { get; set; }
    }
}
