using Crm.Kernel.Errors;

namespace Crm.Ui.Loading;

/// <summary>Why a page could not show its record.</summary>
public enum LoadProblem
{
    /// <summary>Nothing went wrong (or nothing was loaded yet).</summary>
    None,

    /// <summary>The record does not exist (<see cref="NotFoundException"/>).</summary>
    NotFound,

    /// <summary>The user may not see it (<see cref="ForbiddenException"/>).</summary>
    Forbidden,
}

/// <summary>
/// The record a page shows and how loading it went: a page keeps one, loads through <see cref="RunAsync"/> and renders
/// it with <see cref="PageLoadView{T}"/>, which shows the progress bar, the not-found or forbidden message, or the record.
/// Other exceptions are not caught: they are faults, for the error boundary.
/// </summary>
public sealed class PageLoad<T>
    where T : class
{
    /// <summary>The loaded record; null while loading or after a problem.</summary>
    public T? Value { get; private set; }

    public LoadProblem Problem { get; private set; }

    /// <summary>The exception's message when <see cref="Problem"/> is not <see cref="LoadProblem.None"/>.</summary>
    public string? Message { get; private set; }

    public bool Failed => Problem != LoadProblem.None;

    /// <summary>
    /// Loads the record. On success the value replaces the old one; on not-found or forbidden the page shows the
    /// message instead (and false is returned). A reload keeps showing the old value until the new one arrives.
    /// </summary>
    public async Task<bool> RunAsync(Func<Task<T>> load)
    {
        ArgumentNullException.ThrowIfNull(load);
        try
        {
            Set(await load());
            return true;
        }
        catch (NotFoundException ex)
        {
            Fail(LoadProblem.NotFound, ex.Message);
        }
        catch (ForbiddenException ex)
        {
            Fail(LoadProblem.Forbidden, ex.Message);
        }

        return false;
    }

    /// <summary>Shows <paramref name="value"/> without loading (a new record's empty form).</summary>
    public void Set(T value)
    {
        Value = value;
        Problem = LoadProblem.None;
        Message = null;
    }

    /// <summary>Back to the progress bar: the page is about to load another record.</summary>
    public void Reset()
    {
        Value = null;
        Problem = LoadProblem.None;
        Message = null;
    }

    /// <summary>Shows a problem found while loading by other means (a message the page composes itself).</summary>
    public void Fail(LoadProblem problem, string message)
    {
        Value = null;
        Problem = problem;
        Message = message;
    }
}
