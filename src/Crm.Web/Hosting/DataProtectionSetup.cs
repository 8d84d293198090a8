using System.Security.Cryptography.X509Certificates;
using Crm.Kernel.Data;
using Microsoft.AspNetCore.DataProtection;

namespace Crm.Web.Hosting;

/// <summary>
/// The data-protection keys (which sign and encrypt the sign-in cookies and antiforgery tokens) live in the CCR, so
/// sign-ins survive restarts and work across instances. Outside Development they are encrypted at rest with the
/// certificate of <c>DataProtection:CertificatePath</c> (a PFX file, with <c>DataProtection:CertificatePassword</c>):
/// whoever has a backup of the database but not the certificate cannot forge an Admin's cookie. Without a certificate
/// the host refuses to start, unless <c>DataProtection:AllowUnencryptedKeys</c> is true (then it warns at every start).
/// </summary>
internal static class DataProtectionSetup
{
    public const string CertificatePathSetting = "DataProtection:CertificatePath";
    public const string CertificatePasswordSetting = "DataProtection:CertificatePassword";
    public const string AllowUnencryptedSetting = "DataProtection:AllowUnencryptedKeys";

    public static IServiceCollection AddCrmDataProtection(this IServiceCollection services, IConfiguration configuration, IHostEnvironment environment)
    {
        var builder = services.AddDataProtection().SetApplicationName("eCRM").PersistKeysToDbContext<CrmDbContext>();
        var path = configuration[CertificatePathSetting];
        if (!string.IsNullOrWhiteSpace(path))
        {
            // Also the key that decrypts the keys already stored; to replace the certificate, keep the old one readable
            // until the keys it protects have expired (90 days).
            builder.ProtectKeysWithCertificate(LoadCertificate(path, configuration[CertificatePasswordSetting]));
            services.AddSingleton(new KeyProtection(Encrypted: true, path));
            return services;
        }

        if (!environment.IsDevelopment() && !configuration.GetValue<bool>(AllowUnencryptedSetting))
        {
            throw new InvalidOperationException(
                $"The data-protection keys would be stored unencrypted in the database, where anyone with a copy of it could forge " +
                $"sign-in cookies. Set {CertificatePathSetting} to a PFX file with a certificate and its private key (and " +
                $"{CertificatePasswordSetting} to its password): see the README, \"Production\". To run without one anyway, set " +
                $"{AllowUnencryptedSetting}=true.");
        }

        services.AddSingleton(new KeyProtection(Encrypted: false, null));
        return services;
    }

    /// <summary>Says at every start how the keys are kept; loudly when they are unencrypted outside Development.</summary>
    public static void LogKeyProtection(this WebApplication app)
    {
        var protection = app.Services.GetRequiredService<KeyProtection>();
        if (protection.Encrypted)
        {
            app.Logger.LogInformation("Data-protection keys are encrypted with the certificate in {Path}", protection.CertificatePath);
        }
        else if (app.Environment.IsDevelopment())
        {
            app.Logger.LogInformation("Data-protection keys are stored unencrypted (Development)");
        }
        else
        {
            app.Logger.LogWarning(
                "Data-protection keys are stored UNENCRYPTED in the database ({Setting}=true): anyone with a copy of the database can forge sign-in cookies, including an Admin's. Configure {CertificateSetting}.",
                AllowUnencryptedSetting, CertificatePathSetting);
        }
    }

    private static X509Certificate2 LoadCertificate(string path, string? password)
    {
        if (!File.Exists(path))
        {
            throw new InvalidOperationException($"{CertificatePathSetting} names '{path}', which does not exist (or cannot be read by this process).");
        }

        var certificate = X509CertificateLoader.LoadPkcs12FromFile(path, password);
        if (!certificate.HasPrivateKey)
        {
            throw new InvalidOperationException($"The certificate in '{path}' has no private key: export it with its key (openssl pkcs12 -export -inkey ...).");
        }

        return certificate;
    }

    internal sealed record KeyProtection(bool Encrypted, string? CertificatePath);
}
