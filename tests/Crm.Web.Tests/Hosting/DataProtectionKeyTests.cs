using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Crm.Testing;
using Microsoft.EntityFrameworkCore;

namespace Crm.Web.Tests.Hosting;

/// <summary>
/// The data-protection keys in the CCR (which sign every cookie) are encrypted with a certificate from configuration, so a
/// copy of the database alone cannot forge a sign-in; outside Development the host refuses to start without one unless
/// told explicitly to accept unencrypted keys.
/// </summary>
public sealed class DataProtectionKeyTests : IDisposable
{
    private const string CertificatePassword = "Test-Pfx-Passw0rd";
    private readonly DirectoryInfo folder = Directory.CreateTempSubdirectory("ecrm-dp-");

    [Fact]
    public async Task With_a_certificate_the_stored_keys_hold_no_plain_master_key_and_a_restart_with_it_keeps_sign_ins()
    {
        var path = CrmWebHost.NewDatabasePath();
        var settings = WithCertificate(NewCertificateFile());
        var cookies = new CookieContainer();
        await using (var first = CrmWebHost.Create(path, settings))
        {
            using var client = first.CreateBrowserLikeClient(cookies);
            using var signIn = await CrmWebHost.PostSignInAsync(client, "manager@ecrm.local", CrmWebHost.DemoPassword);
            Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);

            var keys = await first.QueryAsync(db => db.DataProtectionKeys.Select(k => k.Xml!).ToListAsync());
            Assert.NotEmpty(keys);
            Assert.All(keys, xml =>
            {
                Assert.Contains("<encryptedSecret", xml, StringComparison.Ordinal);
                Assert.Contains("<EncryptedData", xml, StringComparison.Ordinal);
                Assert.DoesNotContain("<masterKey", xml, StringComparison.Ordinal);
                Assert.DoesNotContain("unencrypted form", xml, StringComparison.Ordinal);
            });
        }

        await using var second = CrmWebHost.Create(path, settings);
        using var again = second.CreateBrowserLikeClient(cookies);
        using var home = await again.GetAsync(new Uri("/", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, home.StatusCode);
        Assert.Contains("manager@ecrm.local", await home.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Production_without_a_certificate_refuses_to_start_and_says_what_to_configure()
    {
        await using var host = CrmWebHost.Create(CrmWebHost.NewDatabasePath(), new Dictionary<string, string?> { ["DemoData:Customers"] = "0" },
            environment: "Production");

        var error = Assert.ThrowsAny<Exception>(host.StartServer);

        var messages = string.Join(" | ", Chain(error).Select(e => e.Message));
        Assert.Contains("DataProtection:CertificatePath", messages, StringComparison.Ordinal);
        Assert.Contains("DataProtection:AllowUnencryptedKeys", messages, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Production_with_a_certificate_starts_and_encrypts_its_keys()
    {
        var settings = WithCertificate(NewCertificateFile());
        await using var host = CrmWebHost.Create(CrmWebHost.NewDatabasePath(), settings, environment: "Production");
        using var client = host.CreateBrowserLikeClient();
        using var page = await client.GetAsync(new Uri("/account/login", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var keys = await host.QueryAsync(db => db.DataProtectionKeys.Select(k => k.Xml!).ToListAsync());
        Assert.NotEmpty(keys);
        Assert.All(keys, xml => Assert.DoesNotContain("<masterKey", xml, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Production_starts_without_a_certificate_only_when_allowed_explicitly_and_warns_in_the_log()
    {
        var logs = folder.CreateSubdirectory("logs");
        await using (var host = CrmWebHost.Create(CrmWebHost.NewDatabasePath(), new Dictionary<string, string?>
        {
            ["DemoData:Customers"] = "0",
            ["DataProtection:AllowUnencryptedKeys"] = "true",
            ["Logging:WriteToFile"] = "true",
            ["Logging:FileDirectory"] = logs.FullName,
        }, environment: "Production"))
        {
            using var client = host.CreateBrowserLikeClient();
            using var ready = await client.GetAsync(new Uri("/health/ready", UriKind.Relative));
            Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        }

        var text = await File.ReadAllTextAsync(Assert.Single(logs.GetFiles("crm-*.log")).FullName);
        Assert.Contains("[WRN]", text, StringComparison.Ordinal);
        Assert.Contains("UNENCRYPTED", text, StringComparison.Ordinal);
    }

    public void Dispose() => folder.Delete(recursive: true);

    private static Dictionary<string, string?> WithCertificate(string pfx) => new()
    {
        ["DemoData:Customers"] = "0",
        ["DataProtection:CertificatePath"] = pfx,
        ["DataProtection:CertificatePassword"] = CertificatePassword,
    };

    /// <summary>A self-signed RSA certificate with its private key, as `openssl req -x509` + `openssl pkcs12 -export` make one.</summary>
    private string NewCertificateFile()
    {
        using var rsa = RSA.Create(2048);
        var request = new CertificateRequest("CN=eCRM data protection (test)", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
        var path = Path.Combine(folder.FullName, $"dp-{Guid.NewGuid():N}.pfx");
        File.WriteAllBytes(path, certificate.Export(X509ContentType.Pfx, CertificatePassword));
        return path;
    }

    private static IEnumerable<Exception> Chain(Exception error)
    {
        for (Exception? e = error; e is not null; e = e.InnerException)
        {
            yield return e;
        }
    }
}
