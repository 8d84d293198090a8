namespace Crm.Kernel.Data;

/// <summary>The <c>Database</c> configuration section, shared by the web host and the command line.</summary>
public sealed class DatabaseOptions
{
    public const string SectionName = "Database";

    /// <summary><c>Sqlite</c> (default, zero set-up) or <c>SqlServer</c> (production).</summary>
    public DatabaseProvider Provider { get; set; } = DatabaseProvider.Sqlite;

    /// <summary>Folder for the SQLite file when no connection string is configured. Default: the user's local app data.</summary>
    public string? DataDirectory { get; set; }

    /// <summary>Apply pending migrations when the web host starts.</summary>
    public bool MigrateOnStartup { get; set; } = true;
}

public enum DatabaseProvider
{
    Sqlite,
    SqlServer,
}
