using Crm.Kernel.Auditing;
using Crm.Sales.Contracts;

namespace Crm.Sales.Domain;

/// <summary>A step of the pipeline. Configurable; the defaults are Prospecting .. Negotiation, Won and Lost.</summary>
internal sealed class PipelineStage
{
    public int Id { get; set; }

    public string Name { get; set; } = "";

    /// <summary>Position on the board, left to right.</summary>
    public int Position { get; set; }

    /// <summary>Default win probability (percent) of an opportunity entering the stage.</summary>
    public int Probability { get; set; }

    public StageKind Kind { get; set; }

    public bool IsActive { get; set; } = true;
}

/// <summary>A possible sale to a customer, moving through the pipeline stages to Won or Lost.</summary>
internal sealed class Opportunity : AuditableEntity
{
    public long Id { get; set; }

    public string Name { get; set; } = "";

    /// <summary>The Contacts customer (plain id).</summary>
    public long CustomerId { get; set; }

    public int StageId { get; set; }

    public decimal Amount { get; set; }

    /// <summary>Amount x probability / 100, computed on write (the forecast sums it).</summary>
    public decimal WeightedAmount { get; set; }

    public DateOnly ExpectedCloseDate { get; set; }

    /// <summary>Percent, 0-100.</summary>
    public int Probability { get; set; }

    public string OwnerId { get; set; } = "";

    /// <summary>Why it was won or lost (required when closing).</summary>
    public string? CloseReason { get; set; }

    public DateTime? ClosedAtUtc { get; set; }

    public long? LeadId { get; set; }

    public string? Notes { get; set; }

    public List<OpportunityProduct> Products { get; set; } = [];
}

internal sealed class OpportunityProduct
{
    public long Id { get; set; }

    public long OpportunityId { get; set; }

    public long ProductId { get; set; }

    public decimal Quantity { get; set; }

    public decimal UnitPrice { get; set; }
}
