using System.Diagnostics;
using System.Security.Cryptography;
using Lifeline.Situations;
using Lifeline.Tests.Infrastructure;
using Lifeline.Tests.Ledger;
using Npgsql;

namespace Lifeline.Tests.Evidence;

/// <summary>
/// On PostgreSQL the evidence bytes are kept in the database, so a database backup is a backup of the evidence:
/// a <c>pg_dump -Fc</c> restored with <c>pg_restore</c> into a new database holds every file, and
/// <c>ledger verify</c> over the restored database, with the deployment's ledger key, accepts it.
/// </summary>
public sealed class EvidenceBackupTests
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    /// <summary>Runs Debian's PostgreSQL client <paramref name="tool"/> against the database of <paramref name="connectionString"/>.</summary>
    private static async Task PgClient(string tool, string connectionString, params string[] args)
    {
        var path = $"/usr/bin/{tool}";
        TestEnvironment.Require(File.Exists(path), tool,
            "Install Debian's `postgresql` package (it provides pg_dump and pg_restore), as .ci/run does.");
        var connection = new NpgsqlConnectionStringBuilder(connectionString);
        var start = new ProcessStartInfo(path) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in (string[])["-h", connection.Host!, "-p", connection.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "-U", connection.Username!, .. args, "-d", connection.Database!])
        {
            start.ArgumentList.Add(arg);
        }
        start.Environment["PGPASSWORD"] = connection.Password;
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync(Cancel);
        var error = process.StandardError.ReadToEndAsync(Cancel);
        await process.WaitForExitAsync(Cancel);
        Assert.True(process.ExitCode == 0, $"{tool} {string.Join(' ', args)} exited {process.ExitCode}\n{await output}{await error}");
    }

    /// <summary>A file's bytes as the restored database holds them, read from its chunks in order.</summary>
    private static async Task<byte[]> BytesIn(string connectionString, string sha256)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(Cancel);
        await using var command = new NpgsqlCommand("SELECT data FROM evidence_chunks WHERE sha256 = @h ORDER BY idx", connection);
        command.Parameters.AddWithValue("h", sha256);
        using var bytes = new MemoryStream();
        await using var reader = await command.ExecuteReaderAsync(Cancel);
        while (await reader.ReadAsync(Cancel))
        {
            bytes.Write(reader.GetFieldValue<byte[]>(0));
        }
        return bytes.ToArray();
    }

    [Fact]
    public async Task Postgres_PgDumpAndRestore_KeepsEvidence_AndTheLedgerVerifies()
    {
        using var seeded = new Seeded(TestDatabase.Postgres);
        var parts = new EvidenceParts(seeded.Db, seeded.Clock, TestUser.Everything, seeded.Database.Options, seeded.Sequencer);
        var photo = LedgerTestKit.Jpeg(seed: 7, length: 300_000);
        var evidence = parts.Added(Scenarios.Default, LedgerTestKit.EventId, photo, "checkpoint-queue.jpg");
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(photo)), evidence.Sha256);
        // The file is in the database only: nothing in the folder could stand in for it after the restore.
        var folder = Path.Combine(seeded.Database.Folder, "evidence");
        Assert.False(Directory.Exists(folder) && Directory.EnumerateFiles(folder, evidence.Sha256, SearchOption.AllDirectories).Any());
        var signed = await LifelineProcess.Run(seeded.Database.Folder, ["ledger", "checkpoint", .. LedgerTestKit.StorageArgs(seeded.Database)]);
        Assert.True(signed.ExitCode == 0, signed.Output + signed.Error);

        var dump = Path.Combine(seeded.Database.Folder, "lifeline.dump");
        await PgClient("pg_dump", seeded.Database.Options.ConnectionString, "-Fc", "-f", dump);
        using var restored = TestDatabase.Create(TestDatabase.Postgres);
        await PgClient("pg_restore", restored.Options.ConnectionString, "--no-owner", "--exit-on-error", dump);

        Assert.Equal(evidence.Sha256, Convert.ToHexStringLower(SHA256.HashData(await BytesIn(restored.Options.ConnectionString, evidence.Sha256))));
        var verified = await LifelineProcess.Run(seeded.Database.Folder,
            ["ledger", "verify", "--data", seeded.Database.Folder, "--postgres", restored.Options.ConnectionString]);
        Assert.True(verified.ExitCode == 0, $"ledger verify of the restored database exited {verified.ExitCode}\n{verified.Output}{verified.Error}");
        Assert.Contains(" leaves, 1 signed checkpoints", verified.Output, StringComparison.Ordinal);
        Assert.Contains("and 1 evidence files checked", verified.Output, StringComparison.Ordinal);
        Assert.Contains("OK: every leaf", verified.Output, StringComparison.Ordinal);
    }
}
