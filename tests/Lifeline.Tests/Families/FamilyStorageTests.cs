using System.Security.Cryptography;
using Lifeline.Accounts;
using Lifeline.Families;
using Lifeline.Ledger;
using Lifeline.Tests.Infrastructure;
using Lifeline.Tests.Ledger;
using Microsoft.EntityFrameworkCore;

namespace Lifeline.Tests.Families;

/// <summary>Family records at rest, on both engines: sealed, committed to the ledger without personal data, erasable.</summary>
public sealed class FamilyStorageTests
{
    private const string Situation = Lifeline.Situations.Scenarios.Default;

    internal static FamilyCases Cases(Seeded seeded, FamilyVault vault, TestUser? user = null)
    {
        var who = user ?? new TestUser("caseworker", [Core.Access.Role.Caseworker]);
        return new FamilyCases(seeded.Db, seeded.Clock, who, new AuditLog(seeded.Db, who, seeded.Clock), vault, seeded.Sequencer);
    }

    internal static FamilyVault Vault() => new(FamilyMasterKey.FromBytes(RandomNumberGenerator.GetBytes(32)));

    /// <summary>Every byte the database holds: the SQLite file and its write-ahead log, or every row of PostgreSQL's tables as text.</summary>
    private static async Task<string> RawAsync(Seeded seeded)
    {
        if (seeded.Database.Provider == TestDatabase.Sqlite)
        {
            var bytes = new List<byte>();
            foreach (var file in Directory.GetFiles(seeded.Database.Folder, "lifeline.db*"))
            {
                await using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
                using var memory = new MemoryStream();
                await stream.CopyToAsync(memory);
                bytes.AddRange(memory.ToArray());
            }
            return System.Text.Encoding.UTF8.GetString(bytes.ToArray());
        }
        var connection = seeded.Db.Database.GetDbConnection();
        await seeded.Db.Database.OpenConnectionAsync();
        var tables = new List<string>();
        await using (var list = connection.CreateCommand())
        {
            list.CommandText = "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'";
            await using var reader = await list.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                tables.Add(reader.GetString(0));
            }
        }
        var text = new System.Text.StringBuilder();
        foreach (var table in tables)
        {
            await using var dump = connection.CreateCommand();
            dump.CommandText = $"SELECT t::text FROM \"{table}\" t";
            await using var reader = await dump.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                text.AppendLine(reader.GetString(0));
            }
        }
        return text.ToString();
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Stored_NoPersonalFieldAppearsInTheDatabase_YetACaseworkerReadsItBack(string provider)
    {
        using var seeded = new Seeded(provider);
        var cancel = TestContext.Current.CancellationToken;
        var cases = Cases(seeded, Vault());
        Assert.IsType<FamilyOutcome.Stored>(await cases.RecordPersonAsync(Situation, new RecordPersonRequest { Person = FamilyMarkers.Person("gen-1"), Safe = FamilyMarkers.Safe() }, cancel));
        var enquirer = new Core.Families.PersonDraft { Id = "gen-enquirer", FamilyName = "Petrosyan", GivenName = "Aram", BirthYear = 1960 };
        Assert.IsType<FamilyOutcome.Stored>(await cases.RecordPersonAsync(Situation, new RecordPersonRequest { Person = enquirer }, cancel));
        Assert.IsType<FamilyOutcome.Stored>(await cases.OpenRequestAsync(Situation, FamilyMarkers.Request("gen-r1", "gen-enquirer"), cancel));

        Assert.Empty(FamilyMarkers.FoundIn(await RawAsync(seeded)));

        var read = await cases.PersonAsync(Situation, "gen-1", cancel);
        Assert.Equal(FamilyMarkers.Family, read!.Content!.Person.Names[0].Text);
        Assert.Equal(FamilyMarkers.Whereabouts, read.Content.Registration!.Whereabouts);
        Assert.True(await seeded.Db.Audit.AnyAsync(a => a.Action == "read" && a.RecordId == "gen-1" && a.UserName == "Test caseworker", cancel));
        var report = LedgerTestKit.Verify(seeded.Db, seeded.Database.Options);
        Assert.True(report.Holds, string.Join("\n", report.Findings));
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Erase_ContentUnreadableForGood_LedgerStillVerifies_CountingItErased(string provider)
    {
        using var seeded = new Seeded(provider);
        var cancel = TestContext.Current.CancellationToken;
        var vault = Vault();
        var cases = Cases(seeded, vault);
        await cases.RecordPersonAsync(Situation, new RecordPersonRequest { Person = FamilyMarkers.Person("gen-1"), Safe = FamilyMarkers.Safe() }, cancel);
        var before = await seeded.Db.Set<FamilyRecordVersionRow>().AsNoTracking().SingleAsync(v => v.RecordId == "gen-1", cancel);

        Assert.IsType<FamilyOutcome.Stored>(await cases.EraseAsync(Situation, "gen-1", "at the person's own request", cancel));

        var after = await seeded.Db.Set<FamilyRecordVersionRow>().AsNoTracking().SingleAsync(v => v.RecordId == "gen-1", cancel);
        Assert.Equal(before.Ciphertext, after.Ciphertext);
        Assert.Empty(after.Salt);
        var key = await seeded.Db.Set<FamilyKeyRow>().AsNoTracking().SingleAsync(k => k.KeyId == before.KeyId, cancel);
        Assert.Null(key.WrappedKey);
        Assert.Null((await cases.PersonAsync(Situation, "gen-1", cancel))!.Content);
        Assert.Empty(FamilyMarkers.FoundIn(await RawAsync(seeded)));

        var report = LedgerTestKit.Verify(seeded.Db, seeded.Database.Options);
        Assert.True(report.Holds, string.Join("\n", report.Findings));
        Assert.Equal(1, report.Erased);
        var counts = await cases.CountsAsync(Situation, cancel);
        Assert.Equal("0", counts.RegisteredSafe);
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Verify_CiphertextChanged_IsNamed_NotTakenForErased(string provider)
    {
        using var seeded = new Seeded(provider);
        var cancel = TestContext.Current.CancellationToken;
        await Cases(seeded, Vault()).RecordPersonAsync(Situation, new RecordPersonRequest { Person = FamilyMarkers.Person("gen-1") }, cancel);
        LedgerTestKit.Tamper(seeded.Db, "family_record_versions", "UPDATE family_record_versions SET ciphertext = ciphertext || ciphertext WHERE record_id = 'gen-1'");
        var findings = LedgerTestKit.Verify(seeded.Db, seeded.Database.Options).Findings;
        Assert.Contains(findings, f => f.Contains("family-person", StringComparison.Ordinal) && f.Contains("gen-1", StringComparison.Ordinal));
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task BadInput_RefusedWhole_NothingStored(string provider)
    {
        using var seeded = new Seeded(provider);
        var cancel = TestContext.Current.CancellationToken;
        var cases = Cases(seeded, Vault());
        var leaves = await seeded.Db.Set<LedgerLeafRow>().CountAsync(cancel);
        var mixed = await cases.RecordPersonAsync(Situation, new RecordPersonRequest { Person = FamilyMarkers.Person("gen-1") with { FamilyName = "Pетросян" } }, cancel);
        Assert.Contains("person.familyName", Assert.IsType<FamilyOutcome.Invalid>(mixed).Errors.Fields);
        var noScope = await cases.RecordPersonAsync(Situation, new RecordPersonRequest { Person = FamilyMarkers.Person("gen-1"), Safe = FamilyMarkers.Safe(scope: "") }, cancel);
        Assert.Contains("safe.consent.scope", Assert.IsType<FamilyOutcome.Invalid>(noScope).Errors.Fields);
        var child = new OpenTracingRequest
        {
            Enquirer = new Core.Families.PersonDraft { Id = "gen-child", FamilyName = "Petrosyan", GivenName = "Gor", BirthYear = 2016 },
            Sought = [new SoughtDraft { Relation = "mother", Person = new Core.Families.PersonDraft { FamilyName = "Petrosyan", GivenName = "Anahit" } }],
        };
        Assert.Contains("enquirer", Assert.IsType<FamilyOutcome.Invalid>(await cases.OpenRequestAsync(Situation, child, cancel)).Errors.Fields);
        Assert.Equal(0, await seeded.Db.Set<FamilyRecordRow>().CountAsync(cancel));
        Assert.Equal(leaves, await seeded.Db.Set<LedgerLeafRow>().CountAsync(cancel));
    }

    [Fact]
    public async Task Roles_OtherThanCaseworkerAndAdmin_AreRefused_AndReadNothing()
    {
        using var seeded = new Seeded(TestDatabase.Sqlite);
        var cancel = TestContext.Current.CancellationToken;
        var vault = Vault();
        await Cases(seeded, vault).RecordPersonAsync(Situation, new RecordPersonRequest { Person = FamilyMarkers.Person("gen-1") }, cancel);
        foreach (var role in Enum.GetValues<Core.Access.Role>().Except([Core.Access.Role.Admin, Core.Access.Role.Caseworker]))
        {
            var cases = Cases(seeded, vault, new TestUser("other", [role]));
            Assert.IsType<FamilyOutcome.Forbidden>(await cases.RecordPersonAsync(Situation, new RecordPersonRequest { Person = FamilyMarkers.Person("gen-2") }, cancel));
            Assert.IsType<FamilyOutcome.Forbidden>(await cases.EraseAsync(Situation, "gen-1", "asked", cancel));
            Assert.Null(await cases.PersonAsync(Situation, "gen-1", cancel));
            Assert.Empty(await cases.PeopleAsync(Situation, "list", cancel));
        }
    }

    [Fact]
    public void MasterKey_MadeOnFirstUse_OwnerOnly_AndReadBackTheSame()
    {
        using var database = TestDatabase.Create(TestDatabase.Sqlite);
        var first = FamilyMasterKey.Load(database.Options);
        var path = FamilyMasterKey.PathIn(database.Folder);
        Assert.True(File.Exists(path));
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        }
        var wrapped = first.Wrap([1, 2, 3], "lachin-2022/person:gen-1");
        var again = FamilyMasterKey.Load(database.Options);
        Assert.Equal([1, 2, 3], again.Unwrap(wrapped, "lachin-2022/person:gen-1"));
        Assert.Null(again.Unwrap(wrapped, "lachin-2022/person:gen-2"));
        Assert.Null(FamilyMasterKey.FromBytes(RandomNumberGenerator.GetBytes(32)).Unwrap(wrapped, "lachin-2022/person:gen-1"));
    }
}
