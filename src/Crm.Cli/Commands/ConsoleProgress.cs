namespace Crm.Cli.Commands;

/// <summary>
/// Progress written at once, on the reporting thread. <see cref="Progress{T}"/> posts each report to the thread pool, so
/// the last ones could land after the command's result line, or never, when the process exits first.
/// </summary>
internal sealed class ConsoleProgress<T>(Action<T> report) : IProgress<T>
{
    public void Report(T value) => report(value);
}
