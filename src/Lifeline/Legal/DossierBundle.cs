using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Lifeline.Claims;
using Lifeline.Evidence;
using Lifeline.Ledger;
using Lifeline.Reports;
using Lifeline.Storage;
using Microsoft.EntityFrameworkCore;

namespace Lifeline.Legal;

/// <summary>
/// Writes a dossier as a zip bundle (format <c>lifeline-dossier/1</c>) that <c>lifeline evidence verify-bundle</c>
/// checks with no database: the records it rests on (situation, legal records, events, their sources, places, actors,
/// reviews, evidence and chains of custody, the claims that concern the obligation; every version), each with its leaf and inclusion proof against a
/// checkpoint signed for the bundle, the evidence files, the dossier as JSON, HTML and PDF, a README, and
/// <c>manifest.json</c> signed by the ledger's key in <c>manifest.sig</c>.
/// </summary>
internal static class DossierBundle
{
    public const string Json = "dossier.json";
    public const string Html = "dossier.html";
    public const string Pdf = "dossier.pdf";

    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    /// <param name="fonts">The folder of the PDF's fonts (<see cref="ReportFonts"/>).</param>
    /// <returns>Null and the reason when the bundle cannot be made.</returns>
    public static async Task<(BundleManifest? Manifest, string? Problem)> WriteAsync(
        Dossier dossier, LifelineDbContext db, EvidenceBundler bundler, Uri origin, string by, string why, TimeProvider clock, string fonts,
        Stream output, CancellationToken cancel)
    {
        if (ReportFonts.Problem(fonts) is { } noFonts)
        {
            return (null, noFonts);
        }
        var situationId = dossier.Situation.Id;
        var eventIds = dossier.Events.Select(e => e.EventId).ToList();
        var evidence = await bundler.EvidenceOfAsync(situationId, eventIds, cancel);
        await bundler.ExportAsync(evidence, why);
        var records = await bundler.SituationRecordsAsync(situationId, cancel);
        var legalIds = dossier.LegalRecordIds.ToList();
        var legal = await db.Set<LegalRecordVersionRow>().AsNoTracking().Where(r => r.SituationId == situationId && legalIds.Contains(r.RecordId)).ToListAsync(cancel);
        records.AddRange(legal.OrderBy(r => legalIds.IndexOf(r.RecordId)).ThenBy(r => r.Version).Select(CanonicalRecords.Legal));
        // Every source the dossier cites (events, claims, legal records) comes with each of its versions and their proofs.
        records.AddRange(await bundler.EventRecordsAsync(situationId, eventIds, evidence, cancel, dossier.Sources.Keys.ToList()));
        var claimIds = dossier.Claims.Select(c => c.Claim.Id).ToList();
        var claims = await db.Set<ClaimVersionRow>().AsNoTracking().Where(r => r.SituationId == situationId && claimIds.Contains(r.ClaimId)).ToListAsync(cancel);
        records.AddRange(claims.OrderBy(r => claimIds.IndexOf(r.ClaimId)).ThenBy(r => r.Version).Select(CanonicalRecords.Claim));

        using var zip = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true);
        var (sealedBundle, problem) = await bundler.SealAsync(zip, records, evidence, cancel);
        if (sealedBundle is null)
        {
            return (null, problem);
        }
        var checkpoint = sealedBundle.Signed.Checkpoint;
        var createdAt = clock.GetUtcNow();
        var report = DossierReport.Of(dossier, createdAt,
            new ReportCheckpoint((long)checkpoint.Size, Convert.ToHexStringLower(checkpoint.Root.ToArray()), sealedBundle.Signed.SignedAt.UtcDateTime),
            origin, showProtected: true, Html, Pdf, sealedBundle.Entries);
        var documents = new List<BundleDocument>
        {
            Document(zip, Json, JsonSerializer.SerializeToUtf8Bytes(DossierDocument.Of(dossier), JsonOptions), "the dossier as data: the choices it was made from, the obligation, its steps, its compliance day by day, the events and their sources"),
            Document(zip, Html, Encoding.UTF8.GetBytes(ReportHtml.Render(report)), "the dossier to read, every statement footnoted to its sources"),
        };
        ReportFonts.Install(fonts);
        using (var pdf = new MemoryStream())
        {
            ReportPdf.Write(report, pdf);
            documents.Add(Document(zip, Pdf, pdf.ToArray(), "the same dossier as an A4 PDF, its fonts embedded"));
        }
        var manifest = new BundleManifest(BundleManifest.DossierFormat, situationId, null, LedgerEntry.Instant(createdAt), by,
            checkpoint.Size, checkpoint.Root.ToBase64(), sealedBundle.Entries, sealedBundle.Files)
        {
            Obligation = dossier.Obligation.Id,
            Proceeding = dossier.Proceeding?.Id,
        };
        documents.Add(Document(zip, "README.md", Encoding.UTF8.GetBytes(DossierReadme.Text(dossier, manifest, sealedBundle.Key.Verifier)), "how to check this dossier by hand"));
        var bytes = JsonSerializer.SerializeToUtf8Bytes(manifest with { Documents = documents }, BundleManifest.Json);
        EvidenceBundler.Add(zip, "manifest.json", bytes);
        EvidenceBundler.Add(zip, DossierSignature.FileName, Encoding.UTF8.GetBytes(SignedNote.Sign(DossierSignature.Text(bytes), sealedBundle.Key)));
        return (manifest with { Documents = documents }, null);
    }

    /// <summary>
    /// Where a bundle is written before it is sent: a temporary file, deleted when closed, so that a dossier with large
    /// evidence files is not held in memory.
    /// </summary>
    public static FileStream TemporaryFile() =>
        new(Path.Combine(Path.GetTempPath(), $"lifeline-dossier-{Guid.NewGuid():N}.zip"), FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 81_920,
            FileOptions.DeleteOnClose | FileOptions.Asynchronous);

    private static BundleDocument Document(ZipArchive zip, string path, byte[] content, string what)
    {
        EvidenceBundler.Add(zip, path, content);
        return new BundleDocument(path, Convert.ToHexStringLower(SHA256.HashData(content)), what);
    }
}
