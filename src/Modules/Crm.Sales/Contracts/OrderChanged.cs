namespace Crm.Sales.Contracts;

/// <summary>
/// An order was placed, cancelled or returned (published after the transaction commits). Analytics reacts by updating the
/// customer's figures. Bulk imports do not publish one per order: they publish <see cref="OrdersImported"/> once.
/// </summary>
public sealed record OrderChanged(long OrderId, long? CustomerId, OrderChange Change, DateTime OccurredAtUtc)
    : Crm.Kernel.Events.IIntegrationEvent;

/// <summary>A bulk import committed <paramref name="OrdersCreated"/> orders (figures need a full recompute).</summary>
public sealed record OrdersImported(int OrdersCreated, int CustomersCreated) : Crm.Kernel.Events.IIntegrationEvent;
