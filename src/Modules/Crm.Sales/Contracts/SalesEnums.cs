namespace Crm.Sales.Contracts;

/// <summary>Where an order was placed.</summary>
public enum SalesChannel
{
    WebShop,
    Phone,
    Store,
    FieldSales,
    Other,
}

/// <summary>What an order document is: a sale, or a return or cancellation recorded against a sale.</summary>
public enum OrderKind
{
    Sale,
    Return,
    Cancellation,
}

/// <summary>Where a sale stands: placed, or (partly) returned, or cancelled as a whole.</summary>
public enum OrderStatus
{
    Placed,
    PartiallyReturned,
    Returned,
    Cancelled,
}

public enum LeadStatus
{
    New,
    Qualified,
    Disqualified,
    Converted,
}

/// <summary>Open stages move along the pipeline; Won and Lost close an opportunity.</summary>
public enum StageKind
{
    Open,
    Won,
    Lost,
}

/// <summary>What happened to an order, as the <see cref="OrderChanged"/> event reports it.</summary>
public enum OrderChange
{
    Placed,
    Cancelled,
    Returned,
}
