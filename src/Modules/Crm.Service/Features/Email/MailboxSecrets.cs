using Microsoft.AspNetCore.DataProtection;

namespace Crm.Service.Features.Email;

/// <summary>
/// Encrypts mailbox passwords with ASP.NET Core data protection (the host's key ring, kept in the database and, in
/// production, protected by a certificate) and decrypts them only to sign in to the mail server.
/// </summary>
internal sealed class MailboxSecrets(IDataProtectionProvider provider)
{
    private readonly IDataProtector protector = provider.CreateProtector("Crm.Service.Email.MailboxPassword.v1");

    public string Protect(string password) => protector.Protect(password);

    public string Unprotect(string cipher) => protector.Unprotect(cipher);
}
