using System.CommandLine;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Lifeline.Accounts;
using Lifeline.Ledger;

namespace Lifeline.Cli;

/// <summary>
/// <c>lifeline keys new --out FOLDER</c>: makes a deployment's two shared keys once, for every node to read
/// (docs/deploy.md): the ledger's signing key and the certificate that encrypts the sign-in key ring.
/// </summary>
internal static class KeysCommand
{
    public const string LedgerKeyFile = "ledger-signing-key";
    public const string CertificateFile = "sign-in-keys.pfx";

    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    public static Command Create(TimeProvider clock)
    {
        var output = new Option<DirectoryInfo>("--out") { Description = "The folder to write the keys to (made if missing; nothing in it is overwritten)", Required = true };
        var origin = new Option<string?>("--origin") { Description = $"The ledger's name in its checkpoints, e.g. lifeline.example.org/ledger (default: LIFELINE_LEDGER_ORIGIN or {LedgerOptions.DefaultOrigin})" };
        var make = new Command("new", $"Make the deployment's ledger signing key ({LedgerKeyFile}) and sign-in key certificate ({CertificateFile}), for every node to read") { output, origin };
        make.SetAction(result =>
        {
            var folder = result.GetValue(output)!.FullName;
            var name = result.GetValue(origin) ?? Environment.GetEnvironmentVariable("LIFELINE_LEDGER_ORIGIN") ?? LedgerOptions.DefaultOrigin;
            if (!VerifierKey.IsKeyName(name))
            {
                Console.Error.WriteLine($"--origin: '{name}' cannot name a key: no spaces and no '+'.");
                return LifelineCommandLine.BadInput;
            }
            var ledgerKey = Path.Combine(folder, LedgerKeyFile);
            var certificate = Path.Combine(folder, CertificateFile);
            foreach (var existing in new[] { ledgerKey, certificate }.Where(File.Exists))
            {
                Console.Error.WriteLine($"{existing} already exists: a deployment's keys are made once, and are never overwritten.");
                return LifelineCommandLine.BadInput;
            }
            Directory.CreateDirectory(folder);
            using (var key = LedgerKey.LoadOrCreateAt(ledgerKey, name))
            {
                Console.WriteLine($"Made {ledgerKey}: the ledger's signing key, {key.Verifier}");
            }
            WriteCertificate(certificate, clock.GetUtcNow());
            Console.WriteLine($"Made {certificate}: the certificate that encrypts the sign-in key ring in the database");
            Console.WriteLine("Give every node both files (readable by the server's account only) and set:");
            Console.WriteLine($"  {LedgerOptions.KeySetting}={ledgerKey}");
            Console.WriteLine($"  {SignInKeyOptions.CertificateSetting}={certificate}");
            Console.WriteLine("Keep a copy of both apart from the database backups: with the database they sign and sign in as Lifeline.");
            return LifelineCommandLine.Ok;
        });
        return new Command("keys", "The keys a deployment's nodes share") { make };
    }

    /// <summary>A self-signed RSA-3072 certificate with its private key, as PKCS#12 without a password, readable by its owner only.</summary>
    private static void WriteCertificate(string path, DateTimeOffset now)
    {
        using var rsa = RSA.Create(3072);
        var request = new CertificateRequest("CN=Lifeline sign-in keys", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyEncipherment | X509KeyUsageFlags.DataEncipherment, critical: true));
        using var certificate = request.CreateSelfSigned(now.AddDays(-1), now.AddYears(100));
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = OwnerOnly;
        }
        using var stream = new FileStream(path, options);
        stream.Write(certificate.Export(X509ContentType.Pkcs12));
        stream.Flush(flushToDisk: true);
    }
}
