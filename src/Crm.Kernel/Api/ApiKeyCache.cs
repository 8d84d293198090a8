using System.Collections.Concurrent;

namespace Crm.Kernel.Api;

/// <summary>
/// Keys this process has checked recently, so a busy integration is not looked up in the database on every call.
/// Keyed by the SHA-256 of the whole presented key (the secret itself is never held). An entry lives
/// <see cref="Lifetime"/>: a key revoked in this process is dropped at once, one revoked by another process (the
/// command line, a second web node) stops working within that time.
/// </summary>
public sealed class ApiKeyCache(TimeProvider clock)
{
    /// <summary>How long a checked key is trusted without reading it again; shorter than the last-used interval.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(30);

    private const int MaxEntries = 10_000;

    private readonly ConcurrentDictionary<string, Entry> entries = new(StringComparer.Ordinal);

    public sealed record Entry(Guid Id, string Name, string Role, DateTime CheckedAtUtc);

    public Entry? Find(string presentedKeyHash)
    {
        if (!entries.TryGetValue(presentedKeyHash, out var entry))
        {
            return null;
        }

        if (clock.GetUtcNow().UtcDateTime - entry.CheckedAtUtc < Lifetime)
        {
            return entry;
        }

        entries.TryRemove(presentedKeyHash, out _);
        return null;
    }

    public void Remember(string presentedKeyHash, Entry entry)
    {
        if (entries.Count >= MaxEntries)
        {
            entries.Clear(); // keys presented by many callers at once: start again rather than grow without bound
        }

        entries[presentedKeyHash] = entry;
    }

    /// <summary>Drops a key at once (revoked here).</summary>
    public void Forget(Guid keyId)
    {
        foreach (var (hash, entry) in entries)
        {
            if (entry.Id == keyId)
            {
                entries.TryRemove(hash, out _);
            }
        }
    }
}
