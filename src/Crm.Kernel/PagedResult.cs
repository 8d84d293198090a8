namespace Crm.Kernel;

/// <summary>One page of a list: its items, how many there are in all, and which page of which size this is (0-based).</summary>
public sealed record PagedResult<T>(IReadOnlyList<T> Items, int TotalCount, int Page, int PageSize);
