using Crm.Kernel.Api;

namespace Crm.Sales.Contracts;

/// <summary>One product on an opportunity: quantity and the quoted unit price (defaults to the list price).</summary>
public sealed record OpportunityProductInput(long ProductId, decimal Quantity, decimal? UnitPrice = null);

/// <summary>An opportunity as a rep, a manager or an integration sends it.</summary>
public sealed record OpportunityInput
{
    public string Name { get; init; } = "";

    public long CustomerId { get; init; }

    /// <summary>Defaults to the first open stage.</summary>
    public int? StageId { get; init; }

    /// <summary>Defaults to the sum of the product lines (or 0).</summary>
    public decimal? Amount { get; init; }

    public DateOnly ExpectedCloseDate { get; init; }

    /// <summary>Percent 0-100; defaults to the stage's probability (Won is always 100, Lost 0).</summary>
    public int? Probability { get; init; }

    /// <summary>A SalesRep may leave it empty (they own it) or name themselves; Managers may name any rep.</summary>
    public string? OwnerId { get; init; }

    /// <summary>Required when the stage is a Won or Lost stage.</summary>
    public string? CloseReason { get; init; }

    public string? Notes { get; init; }

    public IReadOnlyList<OpportunityProductInput> Products { get; init; } = [];
}

/// <summary>Moves an opportunity to another stage; <see cref="Reason"/> is required for Won and Lost stages.</summary>
public sealed record MoveStageInput(int StageId, string? Reason = null);

public sealed record OpportunityProductDto(long ProductId, string ProductCode, string ProductName, decimal Quantity, decimal UnitPrice, decimal Amount);

public sealed record OpportunityDetails(
    long Id,
    string Name,
    long CustomerId,
    string? CustomerName,
    int StageId,
    string StageName,
    StageKind StageKind,
    decimal Amount,
    decimal WeightedAmount,
    DateOnly ExpectedCloseDate,
    int Probability,
    string OwnerId,
    string? OwnerName,
    string? CloseReason,
    DateTime? ClosedAtUtc,
    long? LeadId,
    string? Notes,
    IReadOnlyList<OpportunityProductDto> Products,
    DateTime CreatedAtUtc,
    DateTime ModifiedAtUtc,
    Guid Version) : IVersioned;

public sealed record OpportunityListItem(
    long Id, string Name, long CustomerId, string? CustomerName, int StageId, string StageName, StageKind StageKind, decimal Amount,
    decimal WeightedAmount, DateOnly ExpectedCloseDate, int Probability, string OwnerId, string? OwnerName, Guid Version);

/// <summary>How the opportunity list can be sorted.</summary>
public enum OpportunitySort
{
    CloseDate,
    Amount,
    Name,
    Stage,
    Created,
}

public sealed record PipelineStageDto(int Id, string Name, int Position, int Probability, StageKind Kind, bool IsActive);

/// <summary>A stage as an Admin or Manager edits it.</summary>
public sealed record PipelineStageInput(string Name, int Probability, StageKind Kind = StageKind.Open);

/// <summary>A column of the board: the stage, how many opportunities it holds and their total amount (all, not only the cards shown).</summary>
public sealed record BoardColumn(PipelineStageDto Stage, int Count, decimal TotalAmount, decimal WeightedAmount, IReadOnlyList<OpportunityListItem> Cards);

/// <summary>One month of the forecast: open opportunities by expected close month, and what was won in the month.</summary>
public sealed record ForecastMonth(int Year, int Month, int OpenCount, decimal OpenAmount, decimal WeightedAmount, int WonCount, decimal WonAmount);
