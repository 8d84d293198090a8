namespace Crm.Analytics.Features.Live;

/// <summary>
/// Tells open screens (Blazor circuits) that figures changed: one customer's after a real-time update, everybody's after a
/// recompute. Handlers run on the updater's thread: components must marshal with <c>InvokeAsync</c> and must unsubscribe
/// when disposed.
/// </summary>
internal sealed class CustomerValueChanges
{
    /// <summary>A customer's figures were rewritten (the argument is the customer id).</summary>
    public event Action<long>? CustomerChanged;

    /// <summary>A recompute replaced every customer's figures.</summary>
    public event Action? Recomputed;

    public void RaiseCustomerChanged(long customerId) => CustomerChanged?.Invoke(customerId);

    public void RaiseRecomputed() => Recomputed?.Invoke();
}
