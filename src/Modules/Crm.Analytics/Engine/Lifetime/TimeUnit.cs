namespace Crm.Analytics.Engine.Lifetime;

/// <summary>Unit of the times t_x and T in a <see cref="CalibrationSummary"/> and of the horizons passed to the models.</summary>
internal enum TimeUnit
{
    /// <summary>Times in days.</summary>
    Day = 1,

    /// <summary>Times in weeks: days / 7.0 (as in the BG/NBD and Pareto/NBD papers).</summary>
    Week = 7,
}

internal static class TimeUnitExtensions
{
    /// <summary>Days in one unit.</summary>
    public static double Days(this TimeUnit unit) => unit switch
    {
        TimeUnit.Day => 1.0,
        TimeUnit.Week => 7.0,
        _ => throw new ArgumentOutOfRangeException(nameof(unit), unit, "Unknown time unit."),
    };

    /// <summary>
    /// Units in one month, as the lifetimes library's <c>customer_lifetime_value</c> uses them:
    /// 4.345 weeks or 30 days per month.
    /// </summary>
    public static double PerMonth(this TimeUnit unit) => unit switch
    {
        TimeUnit.Day => 30.0,
        TimeUnit.Week => 4.345,
        _ => throw new ArgumentOutOfRangeException(nameof(unit), unit, "Unknown time unit."),
    };
}
