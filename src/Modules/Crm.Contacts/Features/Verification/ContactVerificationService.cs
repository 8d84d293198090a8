using Crm.Contacts.Contracts;
using Crm.Contacts.Domain;
using Crm.Kernel;
using Crm.Kernel.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Crm.Contacts.Features.Verification;

/// <summary>The <see cref="IContactVerification"/> contract: issues codes (stored hashed) and checks them.</summary>
internal sealed class ContactVerificationService(
    IDbContextFactory<CrmDbContext> contextFactory, TimeProvider clock, IOptions<VerificationOptions> options) : IContactVerification
{
    public string NeverAskNotice => string.IsNullOrWhiteSpace(options.Value.NeverAskNotice)
        ? VerificationOptions.DefaultNeverAskNotice
        : options.Value.NeverAskNotice.Trim();

    public async Task<IssuedVerificationCode?> IssueAsync(string agentUserId, Channel channel, long customerId, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var agent = await db.Users.Where(u => u.Id == agentUserId).Select(u => new { u.DisplayName, u.Email }).SingleOrDefaultAsync(cancellationToken);
        if (agent is null)
        {
            return null;
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var lifetime = TimeSpan.FromHours(Math.Clamp(options.Value.CodeLifetimeHours, 1, 24 * 7));
        var name = agent.DisplayName.Length > 0 ? agent.DisplayName : (agent.Email ?? "").Split('@')[0];
        // 31^8 codes: a clash with a stored one is improbable; the unique index refuses it, and a fresh code is drawn.
        for (var attempt = 1; ; attempt++)
        {
            var code = ContactVerification.NewCode();
            var issued = ContactVerification.Issue(code, customerId, agentUserId, name, channel, now, lifetime);
            db.Add(issued);
            try
            {
                await db.SaveChangesAsync(cancellationToken);
                return new IssuedVerificationCode(ContactVerification.Display(code), issued.IssuedAtUtc, issued.ExpiresAtUtc);
            }
            catch (DbUpdateException) when (attempt < 3)
            {
                db.Entry(issued).State = EntityState.Detached;
            }
        }
    }

    public async Task<VerifiedContact?> CheckAsync(string code, CancellationToken cancellationToken = default)
    {
        if (ContactVerification.Normalize(code) is not { } normalized)
        {
            return null;
        }

        var hash = ContactVerification.Hash(normalized);
        var now = clock.GetUtcNow().UtcDateTime;
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        return await db.Set<ContactVerification>().AsNoTracking()
            .Where(v => v.CodeHash == hash && v.ExpiresAtUtc > now)
            .Select(v => new VerifiedContact(v.AgentFirstName, v.Channel, v.IssuedAtUtc))
            .SingleOrDefaultAsync(cancellationToken);
    }
}
