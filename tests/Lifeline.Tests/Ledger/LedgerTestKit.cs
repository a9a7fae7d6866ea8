using Lifeline.Accounts;
using Lifeline.Evidence;
using Lifeline.Ledger;
using Lifeline.Storage;
using Lifeline.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Lifeline.Tests.Ledger;

/// <summary>What the ledger and evidence tests share: an event to work on, files, direct parts, and tampering.</summary>
internal static class LedgerTestKit
{
    /// <summary>An event of the built-in scenario.</summary>
    public const string EventId = "2022-12-12-blockade-begins";

    /// <summary>Bytes that start like a JPEG photo, different for each <paramref name="seed"/>.</summary>
    public static byte[] Jpeg(int seed = 1, int length = 4_096)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        bytes[0] = 0xFF;
        bytes[1] = 0xD8;
        bytes[2] = 0xFF;
        bytes[3] = 0xE0;
        return bytes;
    }

    public static LedgerReport Verify(LifelineDbContext db, StorageOptions storage) =>
        new LedgerVerifier(db, new EvidenceStorage(db, storage), LedgerCommandLine.ReadKey(storage, out _)).VerifyAsync().GetAwaiter().GetResult();

    public static Checkpoints Checkpoints(LifelineDbContext db, StorageOptions storage, TimeProvider clock)
    {
        var options = LedgerOptions.For(storage);
        return new Checkpoints(db, LedgerKey.LoadOrCreate(storage.DataDirectory, options.Origin), options, clock);
    }

    /// <summary>Signs now, as the command line does; the test fails if this machine may not sign.</summary>
    public static SignedCheckpoint SignNow(this Checkpoints checkpoints)
    {
        var result = checkpoints.SignNowAsync(TestContext.Current.CancellationToken).GetAwaiter().GetResult();
        return result.Signed ?? throw new Xunit.Sdk.XunitException(result.Refused);
    }

    /// <summary>The current checkpoint, as the API serves it.</summary>
    public static SignedCheckpoint Current(this Checkpoints checkpoints)
    {
        var result = checkpoints.CurrentAsync(TestContext.Current.CancellationToken).GetAwaiter().GetResult();
        return result.Signed ?? throw new Xunit.Sdk.XunitException(result.Refused);
    }

    /// <summary>
    /// Runs SQL as someone with the database owner's rights would: the append-only triggers are lifted first,
    /// as such a person can. This is the attack the ledger is there to reveal.
    /// </summary>
    public static void Tamper(LifelineDbContext db, string table, string sql)
    {
        string[] lift = db.Provider == StorageProvider.Sqlite
            ? [$"DROP TRIGGER IF EXISTS {table}_no_update", $"DROP TRIGGER IF EXISTS {table}_no_delete", $"DROP TRIGGER IF EXISTS {table}_current_only"]
            : [$"ALTER TABLE {table} DISABLE TRIGGER USER"];
        foreach (var statement in lift.Append(sql))
        {
            db.Database.ExecuteSqlRaw(statement);
        }
        db.ChangeTracker.Clear();
    }

    /// <summary>
    /// Replaces a kept evidence file's bytes where they are kept (the file in the folder, or the chunk in PostgreSQL),
    /// as someone with access to the disk or the database could.
    /// </summary>
    public static async Task ReplaceEvidence(EvidenceParts parts, LifelineDbContext db, Sha256Digest sha256, byte[] replacement)
    {
        if (parts.Store.Database is null)
        {
            await File.WriteAllBytesAsync(parts.Store.Folder.PathOf(sha256), replacement, TestContext.Current.CancellationToken);
            return;
        }
        Tamper(db, "evidence_chunks", $"UPDATE evidence_chunks SET data = decode('{Convert.ToHexString(replacement)}', 'hex') WHERE sha256 = '{sha256.ToHex()}' AND idx = 0");
    }

    public static string[] StorageArgs(TestDatabase database) =>
        database.Provider == TestDatabase.Postgres
            ? ["--data", database.Folder, "--postgres", database.Options.ConnectionString]
            : ["--data", database.Folder];
}

/// <summary>The evidence parts wired as the server wires them, for one caller.</summary>
internal sealed class EvidenceParts
{
    public EvidenceParts(LifelineDbContext db, TimeProvider clock, ICurrentUser user, StorageOptions storage, LedgerSequencer ledger, long maxBytes = EvidenceOptions.DefaultMaxFileBytes)
    {
        var audit = new AuditLog(db, user, clock);
        Store = new EvidenceStorage(db, storage);
        Queries = new EvidenceQueries(db, user);
        Custody = new ChainOfCustodyLog(db, clock, user, audit, ledger);
        Receiver = new EvidenceReceiver(db, clock, user, audit, IncomingEvidence.For(storage), Store, new EvidenceOptions(maxBytes), Queries, Custody, ledger);
    }

    /// <summary>Where the evidence bytes are: the folder, and on PostgreSQL the database, which receives them.</summary>
    public EvidenceStorage Store { get; }
    public EvidenceQueries Queries { get; }
    public ChainOfCustodyLog Custody { get; }
    public EvidenceReceiver Receiver { get; }

    public EvidenceOutcome Add(string situationId, string eventId, byte[] content, string name = "photo.jpg", string? declared = "image/jpeg")
    {
        var file = Receiver.ReceiveFileAsync(new MemoryStream(content), CancellationToken.None).GetAwaiter().GetResult();
        return file is null
            ? Receiver.TooLarge()
            : Receiver.StoreAsync(situationId, eventId, file, new EvidenceUpload { FileName = name, DeclaredType = declared, CapturedAt = "2023-01-05T10:30:00Z", CapturedWhere = "Stepanakert", CapturedBy = "a witness", Device = "phone" }, CancellationToken.None)
                .GetAwaiter().GetResult();
    }

    public EvidenceView Added(string situationId, string eventId, byte[] content, string name = "photo.jpg") =>
        Assert.IsType<EvidenceOutcome.Stored>(Add(situationId, eventId, content, name)).Evidence;
}
