namespace Crm.Kernel.Auditing;

/// <summary>
/// Base of every editable record: who created and last changed it and when (UTC), and a concurrency
/// token that changes on every save. A save based on a stale <see cref="Version"/> fails with a conflict
/// instead of overwriting. The token is a GUID the application sets, so it behaves the same on SQLite and SQL Server.
/// </summary>
public abstract class AuditableEntity
{
    public DateTime CreatedAtUtc { get; set; }

    public string CreatedBy { get; set; } = "";

    public DateTime ModifiedAtUtc { get; set; }

    public string ModifiedBy { get; set; } = "";

    public Guid Version { get; set; }

    /// <summary>Stamps a new record: created and modified now by <paramref name="actorId"/>, a fresh version.</summary>
    public void StampCreated(DateTime nowUtc, string actorId)
    {
        CreatedAtUtc = ModifiedAtUtc = nowUtc;
        CreatedBy = ModifiedBy = actorId;
        Version = Guid.NewGuid();
    }
}
