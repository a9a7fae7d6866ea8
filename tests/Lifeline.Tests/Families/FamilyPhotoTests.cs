using Lifeline.Evidence;
using Lifeline.Families;
using Lifeline.Ledger;
using Lifeline.Tests.Infrastructure;
using Lifeline.Tests.Ledger;
using Microsoft.EntityFrameworkCore;

namespace Lifeline.Tests.Families;

/// <summary>Photos of a person as evidence, on both engines: sealed with the person's key, pinned by the ledger, gone with an erasure.</summary>
public sealed class FamilyPhotoTests
{
    private const string Situation = Lifeline.Situations.Scenarios.Default;

    private static FamilyCases Cases(Seeded seeded, FamilyVault vault, TestUser? user = null) => FamilyStorageTests.Cases(seeded, vault, user);

    private static FamilyVault Vault() => FamilyStorageTests.Vault();

    private static async Task<(FamilyCases Cases, EvidenceStorage Storage)> PersonAsync(Seeded seeded, CancellationToken cancel)
    {
        var cases = Cases(seeded, Vault());
        Assert.IsType<FamilyOutcome.Stored>(await cases.RecordPersonAsync(Situation, new RecordPersonRequest { Person = FamilyMarkers.Person("gen-1"), Safe = FamilyMarkers.Safe() }, cancel));
        return (cases, new EvidenceStorage(seeded.Db, seeded.Database.Options));
    }

    /// <summary>A generated person with one photo attached.</summary>
    private static async Task<(FamilyCases Cases, EvidenceStorage Storage, string PhotoId)> PhotographedAsync(Seeded seeded, CancellationToken cancel)
    {
        var (cases, storage) = await PersonAsync(seeded, cancel);
        var stored = Assert.IsType<FamilyOutcome.Stored>(await cases.AttachPhotoAsync(Situation, "gen-1", new PhotoUpload(FamilyMarkers.Photo(), null, null), storage, cancel));
        return (cases, storage, stored.Id);
    }

    /// <summary>Every file every evidence store of the database holds, as bytes.</summary>
    private static async Task<List<byte[]>> StoredFilesAsync(EvidenceStorage storage, CancellationToken cancel)
    {
        var files = new List<byte[]>();
        foreach (var store in storage.All)
        {
            await foreach (var sha256 in store.ListAsync(cancel))
            {
                await using var stream = (await store.OpenAsync(sha256, cancel))!;
                using var copy = new MemoryStream();
                await stream.CopyToAsync(copy, cancel);
                files.Add(copy.ToArray());
            }
        }
        return files;
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Attach_SealedInTheEvidenceStore_ReadBackWhole_EveryViewAudited_LedgerPinsTheFile(string provider)
    {
        using var seeded = new Seeded(provider);
        var cancel = TestContext.Current.CancellationToken;
        var (cases, storage) = await PersonAsync(seeded, cancel);
        var photo = FamilyMarkers.Photo();
        var before = (await StoredFilesAsync(storage, cancel)).Count;

        var stored = Assert.IsType<FamilyOutcome.Stored>(await cases.AttachPhotoAsync(Situation, "gen-1", new PhotoUpload(photo, "image/png", "taken at the shelter"), storage, cancel));

        // The store holds one more file, and no file it holds carries the photo's bytes in the clear.
        var files = await StoredFilesAsync(storage, cancel);
        Assert.Equal(before + 1, files.Count);
        Assert.All(files, f => Assert.Empty(FamilyMarkers.FoundIn(f)));
        var row = await seeded.Db.Set<FamilyRecordVersionRow>().AsNoTracking().SingleAsync(v => v.RecordId == stored.Id, cancel);
        Assert.Equal(FamilyKinds.Photo, row.Kind);
        Assert.Equal(FamilyVault.PersonKeyId("gen-1"), row.KeyId);
        Assert.Empty(FamilyMarkers.FoundIn(row.Ciphertext));

        var opened = await cases.PhotoAsync(Situation, stored.Id, storage, cancel);
        Assert.Equal(photo, opened!.Bytes);
        Assert.Equal("image/png", opened.Content.MediaType);
        Assert.True(await seeded.Db.Audit.AnyAsync(a => a.Action == "read" && a.RecordId == stored.Id && a.UserName == "Test caseworker", cancel));
        var listed = Assert.Single((await cases.PhotosOfAsync(Situation, "gen-1", cancel))!);
        Assert.Equal(("taken at the shelter", (long)photo.Length), (listed.Description, listed.Size));

        var report = LedgerTestKit.Verify(seeded.Db, seeded.Database.Options);
        Assert.True(report.Holds, string.Join("\n", report.Findings));
        var leaf = await seeded.Db.Set<LedgerLeafRow>().AsNoTracking().SingleAsync(l => l.RecordType == "family-photo", cancel);
        Assert.Contains(row.FileSha256!, System.Text.Encoding.UTF8.GetString(CanonicalRecords.Family(row).Canonical), StringComparison.Ordinal);
        Assert.Equal(CanonicalRecords.Family(row).Entry.ToLeaf(), leaf.Data);
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task PersonErased_PhotoUnreadableForGood_LedgerCountsItErased(string provider)
    {
        using var seeded = new Seeded(provider);
        var cancel = TestContext.Current.CancellationToken;
        var (cases, storage, photoId) = await PhotographedAsync(seeded, cancel);
        var files = (await StoredFilesAsync(storage, cancel)).Count;

        Assert.IsType<FamilyOutcome.Stored>(await cases.EraseAsync(Situation, "gen-1", "at the person's own request", cancel));

        Assert.Null(await cases.PhotoAsync(Situation, photoId, storage, cancel));
        var version = await seeded.Db.Set<FamilyRecordVersionRow>().AsNoTracking().SingleAsync(v => v.RecordId == photoId, cancel);
        Assert.Empty(version.Salt);
        Assert.Equal(FamilyStatuses.Erased, (await seeded.Db.Set<FamilyRecordRow>().AsNoTracking().SingleAsync(r => r.RecordId == photoId, cancel)).Status);
        Assert.Null((await seeded.Db.Set<FamilyKeyRow>().AsNoTracking().SingleAsync(k => k.KeyId == version.KeyId, cancel)).WrappedKey);
        // The sealed file stays, as the ciphertext of every erased record does: no key opens it any more.
        Assert.Equal(files, (await StoredFilesAsync(storage, cancel)).Count);
        Assert.Empty((await cases.PhotosOfAsync(Situation, "gen-1", cancel))!);
        Assert.IsType<FamilyOutcome.Conflict>(await cases.AttachPhotoAsync(Situation, "gen-1", new PhotoUpload(FamilyMarkers.Photo(2), null, null), storage, cancel));

        var report = LedgerTestKit.Verify(seeded.Db, seeded.Database.Options);
        Assert.True(report.Holds, string.Join("\n", report.Findings));
        Assert.Equal(2, report.Erased);
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Verify_SealedFileGone_IsNamed(string provider)
    {
        using var seeded = new Seeded(provider);
        var cancel = TestContext.Current.CancellationToken;
        var (cases, storage, photoId) = await PhotographedAsync(seeded, cancel);
        var version = await seeded.Db.Set<FamilyRecordVersionRow>().AsNoTracking().SingleAsync(v => v.RecordId == photoId, cancel);
        Assert.True(Sha256Digest.TryParse(version.FileSha256, out var sha256));
        foreach (var store in storage.All)
        {
            if (await store.ExistsAsync(sha256, cancel))
            {
                await store.DeleteAsync(sha256, cancel);
            }
        }
        var findings = LedgerTestKit.Verify(seeded.Db, seeded.Database.Options).Findings;
        Assert.Contains(findings, f => f.Contains($"family-photo {Situation}/{photoId}", StringComparison.Ordinal) && f.Contains("missing", StringComparison.Ordinal));
        Assert.Null(await cases.PhotoAsync(Situation, photoId, storage, cancel));
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task BadPhoto_RefusedNamingTheProblem_NothingStored(string provider)
    {
        using var seeded = new Seeded(provider);
        var cancel = TestContext.Current.CancellationToken;
        var (cases, storage) = await PersonAsync(seeded, cancel);
        var leaves = await seeded.Db.Set<LedgerLeafRow>().CountAsync(cancel);
        var files = (await StoredFilesAsync(storage, cancel)).Count;
        var tooLarge = FamilyMarkers.Photo(length: (int)PhotoRules.MaxBytes + 1);
        var cases2 = new (string Why, PhotoUpload Upload, string Field, string Says)[]
        {
            ("a PDF", new PhotoUpload("%PDF-1.7 qz"u8.ToArray(), "application/pdf", null), "file", "not a JPEG, PNG or WebP"),
            ("nothing", new PhotoUpload([], null, null), "file", "is required"),
            ("too large", new PhotoUpload(tooLarge, "image/png", null), "file", "larger than the limit of 5,242,880 bytes"),
            ("a PNG sent as a JPEG", new PhotoUpload(FamilyMarkers.Photo(), "image/jpeg", null), "file", "its content is image/png"),
            ("a description too long", new PhotoUpload(FamilyMarkers.Photo(), null, new string('x', PhotoRules.MaxDescription + 1)), "description", "500"),
        };
        foreach (var (why, upload, field, says) in cases2)
        {
            var invalid = Assert.IsType<FamilyOutcome.Invalid>(await cases.AttachPhotoAsync(Situation, "gen-1", upload, storage, cancel));
            Assert.True(invalid.Errors.ToDictionary().TryGetValue(field, out var messages), why);
            Assert.Contains(says, string.Join(" ", messages!), StringComparison.Ordinal);
        }
        Assert.IsType<FamilyOutcome.NotFound>(await cases.AttachPhotoAsync(Situation, "gen-nobody", new PhotoUpload(FamilyMarkers.Photo(), null, null), storage, cancel));
        var analyst = Cases(seeded, Vault(), new TestUser("analyst", [Core.Access.Role.Analyst]));
        Assert.IsType<FamilyOutcome.Forbidden>(await analyst.AttachPhotoAsync(Situation, "gen-1", new PhotoUpload(FamilyMarkers.Photo(), null, null), storage, cancel));

        Assert.Equal(leaves, await seeded.Db.Set<LedgerLeafRow>().CountAsync(cancel));
        Assert.Equal(files, (await StoredFilesAsync(storage, cancel)).Count);
        Assert.False(await seeded.Db.Set<FamilyRecordRow>().AnyAsync(r => r.Kind == FamilyKinds.Photo, cancel));
    }

    [Fact]
    public async Task PfifExport_HoldsThePeople_NeverTheirPhotos()
    {
        using var seeded = new Seeded(TestDatabase.Sqlite);
        var cancel = TestContext.Current.CancellationToken;
        var (cases, _, photoId) = await PhotographedAsync(seeded, cancel);
        // As `lifeline families export` does: the readable people, written as PFIF.
        var people = (await cases.PeopleAsync(Situation, "PFIF export", cancel)).Where(p => p.Content is not null).Select(p => p.Content!.Person).ToList();
        using var pfif = new MemoryStream();
        Pfif.Write(pfif, people, "test", seeded.Clock.GetUtcNow());
        var text = System.Text.Encoding.UTF8.GetString(pfif.ToArray());
        Assert.Contains(FamilyMarkers.Family, text, StringComparison.Ordinal);
        Assert.DoesNotContain(FamilyMarkers.PhotoMarker, text, StringComparison.Ordinal);
        Assert.DoesNotContain(photoId, text, StringComparison.Ordinal);
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task OtherRoles_ReadNoPhoto(string provider)
    {
        using var seeded = new Seeded(provider);
        var cancel = TestContext.Current.CancellationToken;
        var vault = Vault();
        var caseworker = Cases(seeded, vault);
        Assert.IsType<FamilyOutcome.Stored>(await caseworker.RecordPersonAsync(Situation, new RecordPersonRequest { Person = FamilyMarkers.Person("gen-1") }, cancel));
        var storage = new EvidenceStorage(seeded.Db, seeded.Database.Options);
        var stored = Assert.IsType<FamilyOutcome.Stored>(await caseworker.AttachPhotoAsync(Situation, "gen-1", new PhotoUpload(FamilyMarkers.Photo(), null, null), storage, cancel));
        foreach (var role in Enum.GetValues<Core.Access.Role>().Where(r => r is not (Core.Access.Role.Caseworker or Core.Access.Role.Admin)))
        {
            var other = Cases(seeded, vault, new TestUser("other", [role]));
            Assert.Null(await other.PhotoAsync(Situation, stored.Id, storage, cancel));
            Assert.Null(await other.PhotosOfAsync(Situation, "gen-1", cancel));
        }
        Assert.NotNull(await Cases(seeded, vault, new TestUser("admin", [Core.Access.Role.Admin])).PhotoAsync(Situation, stored.Id, storage, cancel));
    }
}
