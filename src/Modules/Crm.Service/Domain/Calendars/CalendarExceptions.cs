using Crm.Kernel.Errors;

namespace Crm.Service.Domain.Calendars;

/// <summary>A calendar definition with problems (see <see cref="Problems"/>); nothing was created.</summary>
internal sealed class InvalidCalendarException(OperationResult problems)
    : ArgumentException($"The business calendar is not valid: {string.Join(" ", problems.Errors.Select(e => e.Message))}")
{
    public OperationResult Problems { get; } = problems;
}

/// <summary>
/// A calendar whose holidays leave no working day for years: a deadline on it would never come, so we say so instead
/// of walking forever.
/// </summary>
internal sealed class NoWorkingTimeException(string message) : InvalidOperationException(message);
