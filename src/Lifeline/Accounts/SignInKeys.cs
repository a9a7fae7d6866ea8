using System.Security.Cryptography.X509Certificates;
using Lifeline.Storage;
using Microsoft.AspNetCore.DataProtection;

namespace Lifeline.Accounts;

/// <summary>
/// Where the keys that protect sign-in cookies, form tokens and two-factor tokens (ASP.NET Core data protection) are
/// kept. With a certificate (LIFELINE_SIGN_IN_KEYS_CERTIFICATE, a PKCS#12 file every node reads, and
/// LIFELINE_SIGN_IN_KEYS_CERTIFICATE_PASSWORD when it has one), the key ring lives in the database, each key
/// encrypted with the certificate, so every node behind a load balancer reads the same ring and a sign-in made
/// through one node holds on every other. Without one, the ring is kept in the data folder (<c>DATA/keys</c>): one
/// node's own, as suits a single machine. Keys are never stored in the database unencrypted.
/// </summary>
internal sealed record SignInKeyOptions(string? CertificateFile, string? CertificatePassword)
{
    public const string CertificateSetting = "LIFELINE_SIGN_IN_KEYS_CERTIFICATE";
    public const string PasswordSetting = "LIFELINE_SIGN_IN_KEYS_CERTIFICATE_PASSWORD";

    /// <summary>The name every node's key ring is made for; the same on every node, wherever it is installed.</summary>
    public const string ApplicationName = "lifeline";

    public static SignInKeyOptions FromEnvironment() => new(
        Blank(Environment.GetEnvironmentVariable(CertificateSetting)),
        Environment.GetEnvironmentVariable(PasswordSetting));

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    /// <summary>The certificate, with its private key; null when none is set.</summary>
    /// <exception cref="InvalidDataException">The setting names a file that is missing or is not a certificate with its private key.</exception>
    public X509Certificate2? LoadCertificate()
    {
        if (CertificateFile is null)
        {
            return null;
        }
        if (!File.Exists(CertificateFile))
        {
            throw new InvalidDataException($"{CertificateSetting} names {CertificateFile}, which does not exist. Give the path of the deployment's sign-in-keys.pfx (made by 'lifeline keys new').");
        }
        try
        {
            var certificate = X509CertificateLoader.LoadPkcs12FromFile(CertificateFile, CertificatePassword, X509KeyStorageFlags.EphemeralKeySet);
            if (!certificate.HasPrivateKey)
            {
                throw new InvalidDataException($"{CertificateFile} ({CertificateSetting}) holds no private key: the key ring cannot be read without it.");
            }
            return certificate;
        }
        catch (System.Security.Cryptography.CryptographicException ex)
        {
            throw new InvalidDataException($"{CertificateFile} ({CertificateSetting}) cannot be read as a PKCS#12 certificate: {ex.Message} (is {PasswordSetting} right?)", ex);
        }
    }
}

internal static class SignInKeys
{
    /// <summary>The data-protection key ring: in the database, encrypted, with a certificate; else in the data folder.</summary>
    public static IServiceCollection AddSignInKeys(this IServiceCollection services, StorageOptions storage, SignInKeyOptions options)
    {
        var protection = services.AddDataProtection().SetApplicationName(SignInKeyOptions.ApplicationName);
        if (options.LoadCertificate() is { } certificate)
        {
            protection.PersistKeysToDbContext<LifelineDbContext>()
                .ProtectKeysWithCertificate(certificate)
                .UnprotectKeysWithAnyCertificate(certificate);
        }
        else
        {
            protection.PersistKeysToFileSystem(new DirectoryInfo(Path.Combine(storage.DataDirectory, "keys")));
        }
        return services;
    }

    /// <summary>
    /// Makes sure the key ring has a key before the node serves anyone, under the start-up lock (so that of several
    /// nodes started together on a new database one makes the first key and the others read it).
    /// </summary>
    public static void EnsureKey(IServiceProvider services) =>
        services.GetRequiredService<IDataProtectionProvider>().CreateProtector("lifeline/start").Protect([0]);
}
