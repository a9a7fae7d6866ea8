using System.Text.Json;
using System.Xml.Linq;
using Lifeline.Families;
using Lifeline.Tests.Infrastructure;
using Lifeline.Tests.Ledger;
using Microsoft.EntityFrameworkCore;

namespace Lifeline.Tests.Families;

/// <summary><c>lifeline families</c> run as a process: PFIF 1.4 in and out, matching, erasure, on both engines.</summary>
public sealed class FamilyCommandTests
{
    /// <summary>Generated people (nobody real): one woman written three ways, a man, a child by age.</summary>
    private const string Pfif = """
        <?xml version="1.0" encoding="UTF-8"?>
        <pfif:pfif xmlns:pfif="http://zesty.ca/pfif/1.4">
          <pfif:person>
            <pfif:person_record_id>example.org/gen-1</pfif:person_record_id>
            <pfif:full_name>Anahit Hovhannisyan</pfif:full_name>
            <pfif:given_name>Anahit</pfif:given_name>
            <pfif:family_name>Hovhannisyan</pfif:family_name>
            <pfif:sex>female</pfif:sex>
            <pfif:date_of_birth>1961</pfif:date_of_birth>
            <pfif:home_city>Martakert</pfif:home_city>
            <pfif:note>
              <pfif:note_record_id>example.org/n-1</pfif:note_record_id>
              <pfif:person_record_id>example.org/gen-1</pfif:person_record_id>
              <pfif:last_known_location>Goris</pfif:last_known_location>
            </pfif:note>
          </pfif:person>
          <pfif:person>
            <pfif:person_record_id>example.org/gen-2</pfif:person_record_id>
            <pfif:given_name>Анаит</pfif:given_name>
            <pfif:family_name>Оганесян</pfif:family_name>
            <pfif:date_of_birth>1962-03-05</pfif:date_of_birth>
          </pfif:person>
          <pfif:person>
            <pfif:person_record_id>example.org/gen-3</pfif:person_record_id>
            <pfif:given_name>Անահիտ</pfif:given_name>
            <pfif:family_name>Հովհաննիսյան</pfif:family_name>
          </pfif:person>
          <pfif:person>
            <pfif:person_record_id>example.org/gen-4</pfif:person_record_id>
            <pfif:given_name>Tigran</pfif:given_name>
            <pfif:family_name>Petrosyan</pfif:family_name>
            <pfif:sex>male</pfif:sex>
            <pfif:age>8-10</pfif:age>
          </pfif:person>
        </pfif:pfif>
        """;

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task ImportMatchExportErase_RoundTripsPfif_AndTheLedgerVerifies(string provider)
    {
        using var database = TestDatabase.Create(provider);
        var folder = database.Folder;
        var args = LedgerTestKit.StorageArgs(database);
        Assert.Equal(0, (await LifelineProcess.Run(folder, ["scenario", "load", "lachin-2022", .. args])).ExitCode);
        var file = Path.Combine(folder, "people.xml");
        await File.WriteAllTextAsync(file, Pfif, TestContext.Current.CancellationToken);

        var imported = await LifelineProcess.Run(folder, ["families", "import", file, "--situation", "lachin-2022", .. args]);
        Assert.True(imported.ExitCode == 0, imported.Output + imported.Error);

        var match = await LifelineProcess.Run(folder, ["families", "match", "--situation", "lachin-2022", "--json", .. args]);
        Assert.Equal(0, match.ExitCode);
        using var matches = JsonDocument.Parse(match.Output);
        var pairs = matches.RootElement.GetProperty("matches").EnumerateArray()
            .Select(m => (m.GetProperty("personId").GetString(), m.GetProperty("candidateId").GetString())).ToHashSet();
        Assert.Equal(new (string?, string?)[] { ("example.org/gen-1", "example.org/gen-2"), ("example.org/gen-1", "example.org/gen-3"), ("example.org/gen-2", "example.org/gen-3") }, pairs.Order());
        Assert.All(matches.RootElement.GetProperty("matches").EnumerateArray(), m =>
        {
            Assert.True(m.GetProperty("score").GetDouble() >= 0.55);
            Assert.NotEmpty(m.GetProperty("reasons").EnumerateArray());
        });

        var exported = Path.Combine(folder, "out.xml");
        Assert.Equal(0, (await LifelineProcess.Run(folder, ["families", "export", "--situation", "lachin-2022", "--out", exported, .. args])).ExitCode);
        XNamespace p = Lifeline.Families.Pfif.Namespace;
        var people = XDocument.Load(exported).Root!.Elements(p + "person").ToDictionary(e => e.Element(p + "person_record_id")!.Value);
        Assert.Equal(4, people.Count);
        Assert.Equal("Hovhannisyan", people["example.org/gen-1"].Element(p + "family_name")!.Value);
        Assert.Equal("1961", people["example.org/gen-1"].Element(p + "date_of_birth")!.Value);
        Assert.Equal("Goris", people["example.org/gen-1"].Descendants(p + "last_known_location").Single().Value);
        Assert.Equal("Оганесян", people["example.org/gen-2"].Element(p + "family_name")!.Value);
        Assert.Equal("1962-03-05", people["example.org/gen-2"].Element(p + "date_of_birth")!.Value);
        Assert.Equal("Հովհաննիսյան", people["example.org/gen-3"].Element(p + "family_name")!.Value);
        Assert.Equal("8-10", people["example.org/gen-4"].Element(p + "age")!.Value);

        // The exported file reads back as the same people, field for field.
        await using (var original = File.OpenRead(file))
        await using (var again = File.OpenRead(exported))
        {
            var today = DateOnly.FromDateTime(DateTime.UtcNow);
            var before = Lifeline.Families.Pfif.Read(original, today).People.Select(x => x.Draft).ToList();
            var after = Lifeline.Families.Pfif.Read(again, today).People.Select(x => x.Draft).ToList();
            Assert.Equal(before.Select(d => d with { Vulnerabilities = null }), after.Select(d => d with { Vulnerabilities = null }));
        }

        var erased = await LifelineProcess.Run(folder, ["families", "erase", "--person", "example.org/gen-2", "--reason", "at the person's own request", .. args]);
        Assert.True(erased.ExitCode == 0, erased.Output + erased.Error);
        var verify = await LifelineProcess.Run(folder, ["ledger", "verify", .. args]);
        Assert.True(verify.ExitCode == 0, verify.Output);
        Assert.Contains("1 family record versions were erased", verify.Output, StringComparison.Ordinal);
        var after2 = Path.Combine(folder, "after.xml");
        Assert.Equal(0, (await LifelineProcess.Run(folder, ["families", "export", "--situation", "lachin-2022", "--out", after2, .. args])).ExitCode);
        Assert.DoesNotContain("Оганесян", await File.ReadAllTextAsync(after2, TestContext.Current.CancellationToken), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Import_BadRecord_RefusesTheWholeFile_NamingTheRecord()
    {
        using var database = TestDatabase.Create(TestDatabase.Sqlite);
        var folder = database.Folder;
        Assert.Equal(0, (await LifelineProcess.Run(folder, "scenario", "load", "lachin-2022", "--data", folder)).ExitCode);
        var file = Path.Combine(folder, "bad.xml");
        await File.WriteAllTextAsync(file, Pfif.Replace("<pfif:date_of_birth>1962-03-05</pfif:date_of_birth>", "<pfif:date_of_birth>1962-02-30</pfif:date_of_birth>", StringComparison.Ordinal), TestContext.Current.CancellationToken);
        var result = await LifelineProcess.Run(folder, "families", "import", file, "--situation", "lachin-2022", "--data", folder);
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("example.org/gen-2", result.Error, StringComparison.Ordinal);
        Assert.Contains("birthDate", result.Error, StringComparison.Ordinal);
        var match = await LifelineProcess.Run(folder, "families", "match", "--situation", "lachin-2022", "--json", "--data", folder);
        using var json = JsonDocument.Parse(match.Output);
        Assert.Equal(0, json.RootElement.GetProperty("matches").GetArrayLength());
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task RotateKey_RewrapsEveryDataKey_RecordsAndLedgerUntouched_TheOldKeyOpensNothing(string provider)
    {
        var cancel = TestContext.Current.CancellationToken;
        using var database = TestDatabase.Create(provider);
        var folder = database.Folder;
        var args = LedgerTestKit.StorageArgs(database);
        Assert.Equal(0, (await LifelineProcess.Run(folder, ["scenario", "load", "lachin-2022", .. args])).ExitCode);
        var file = Path.Combine(folder, "people.xml");
        await File.WriteAllTextAsync(file, Pfif, cancel);
        Assert.Equal(0, (await LifelineProcess.Run(folder, ["families", "import", file, "--situation", "lachin-2022", .. args])).ExitCode);
        Assert.Equal(0, (await LifelineProcess.Run(folder, ["families", "erase", "--person", "example.org/gen-4", "--reason", "at the person's own request", .. args])).ExitCode);
        var keyFile = FamilyMasterKey.PathIn(folder);
        var oldText = await File.ReadAllTextAsync(keyFile, cancel);
        var oldKey = FamilyMasterKey.FromBytes(Convert.FromBase64String(oldText.Trim()));
        var (versionsBefore, keysBefore) = await SnapshotAsync(database, cancel);

        var rotated = await LifelineProcess.Run(folder, ["families", "rotate-key", .. args]);
        Assert.True(rotated.ExitCode == 0, rotated.Output + rotated.Error);
        Assert.Contains("Re-wrapped 3 data keys (0 already were, 1 erased", rotated.Output, StringComparison.Ordinal);

        // The old key is gone: one key file, a different key, owner-only.
        Assert.Equal(["master-key"], Directory.GetFiles(Path.GetDirectoryName(keyFile)!).Select(Path.GetFileName));
        var newKey = FamilyMasterKey.FromBytes(Convert.FromBase64String((await File.ReadAllTextAsync(keyFile, cancel)).Trim()));
        Assert.False(newKey.Id.AsSpan().SequenceEqual(oldKey.Id));
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(keyFile));
        }

        // Not a byte of a record version changed; every key that was not erased is wrapped anew, and only the new master opens it.
        var (versionsAfter, keysAfter) = await SnapshotAsync(database, cancel);
        Assert.Equal(versionsBefore, versionsAfter);
        Assert.Equal(keysBefore.Keys.Order(), keysAfter.Keys.Order());
        foreach (var (keyId, (bound, wrapped)) in keysAfter)
        {
            if (wrapped is null)
            {
                Assert.Null(keysBefore[keyId].Wrapped);
                continue;
            }
            Assert.False(wrapped.AsSpan().SequenceEqual(keysBefore[keyId].Wrapped), keyId);
            Assert.Null(oldKey.Unwrap(wrapped, bound));
            Assert.Equal(oldKey.Unwrap(keysBefore[keyId].Wrapped!, bound), newKey.Unwrap(wrapped, bound));
        }

        // Every record reads back, and the ledger verifies.
        var exported = Path.Combine(folder, "after.xml");
        var export = await LifelineProcess.Run(folder, ["families", "export", "--situation", "lachin-2022", "--out", exported, .. args]);
        Assert.Contains("Exported 3 person records", export.Output, StringComparison.Ordinal);
        Assert.Contains("Оганесян", await File.ReadAllTextAsync(exported, cancel), StringComparison.Ordinal);
        var verify = await LifelineProcess.Run(folder, ["ledger", "verify", .. args]);
        Assert.True(verify.ExitCode == 0, verify.Output);
    }

    [Fact]
    public async Task RotateKey_EnvironmentForm_TheNewKeyOpens_TheOldOneNoLonger()
    {
        var cancel = TestContext.Current.CancellationToken;
        using var database = TestDatabase.Create(TestDatabase.Sqlite);
        var folder = database.Folder;
        var oldKey = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
        var newKey = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
        var withOld = new Dictionary<string, string> { [FamilyMasterKey.EnvironmentVariable] = oldKey };
        Assert.Equal(0, (await LifelineProcess.Run(folder, "scenario", "load", "lachin-2022", "--data", folder)).ExitCode);
        var file = Path.Combine(folder, "people.xml");
        await File.WriteAllTextAsync(file, Pfif, cancel);
        Assert.Equal(0, (await LifelineProcess.RunWithEnvironment(folder, withOld, "families", "import", file, "--situation", "lachin-2022", "--data", folder)).ExitCode);

        var missing = await LifelineProcess.RunWithEnvironment(folder, withOld, "families", "rotate-key", "--data", folder);
        Assert.Equal(2, missing.ExitCode);
        Assert.Contains(MasterKeyRotation.NewKeyVariable, missing.Error, StringComparison.Ordinal);

        var rotated = await LifelineProcess.RunWithEnvironment(folder, new Dictionary<string, string>(withOld) { [MasterKeyRotation.NewKeyVariable] = newKey },
            "families", "rotate-key", "--data", folder);
        Assert.True(rotated.ExitCode == 0, rotated.Output + rotated.Error);
        Assert.Contains("Re-wrapped 4 data keys", rotated.Output, StringComparison.Ordinal);
        Assert.False(File.Exists(FamilyMasterKey.PathIn(folder)));

        var withNew = await LifelineProcess.RunWithEnvironment(folder, new Dictionary<string, string> { [FamilyMasterKey.EnvironmentVariable] = newKey },
            "families", "export", "--situation", "lachin-2022", "--out", Path.Combine(folder, "new.xml"), "--data", folder);
        Assert.Contains("Exported 4 person records", withNew.Output, StringComparison.Ordinal);
        var stale = await LifelineProcess.RunWithEnvironment(folder, withOld,
            "families", "export", "--situation", "lachin-2022", "--out", Path.Combine(folder, "old.xml"), "--data", folder);
        Assert.Contains("Exported 0 person records", stale.Output, StringComparison.Ordinal);
    }

    /// <summary>Every record version's ciphertext and salt, and every key row's wrapped key with what it is bound to.</summary>
    private static async Task<(List<string> Versions, Dictionary<string, (string Bound, byte[]? Wrapped)> Keys)> SnapshotAsync(TestDatabase database, CancellationToken cancel)
    {
        await using var db = database.Open(prepare: false);
        var versions = await db.Set<FamilyRecordVersionRow>().AsNoTracking().OrderBy(v => v.RowId)
            .Select(v => new { v.RecordId, v.Version, v.Ciphertext, v.Salt }).ToListAsync(cancel);
        var keys = await db.Set<FamilyKeyRow>().AsNoTracking().ToListAsync(cancel);
        return (versions.Select(v => $"{v.RecordId}/{v.Version}:{Convert.ToHexString(v.Ciphertext)}:{Convert.ToHexString(v.Salt)}").ToList(),
            keys.ToDictionary(k => k.KeyId, k => (FamilyVault.Bound(k.SituationId, k.KeyId), k.WrappedKey)));
    }
}
