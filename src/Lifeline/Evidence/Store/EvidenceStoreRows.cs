using Microsoft.EntityFrameworkCore;

namespace Lifeline.Evidence;

/// <summary>A file kept in PostgreSQL: its hash, its size and how it is cut. Written after its last chunk, in the same transaction.</summary>
internal sealed class EvidenceBlobRow
{
    public required string Sha256 { get; set; }
    public long Size { get; set; }
    public int ChunkSize { get; set; }
    public DateTime StoredAt { get; set; }
}

/// <summary>One piece of a file kept in PostgreSQL: <see cref="PostgresEvidenceStore.ChunkSize"/> bytes, the last one fewer.</summary>
internal sealed class EvidenceChunkRow
{
    public required string Sha256 { get; set; }
    public int Idx { get; set; }
    public required byte[] Data { get; set; }
}

/// <summary>
/// Which store receives new evidence files on PostgreSQL (one row): <c>postgres</c>, or <c>folder</c> after
/// <c>evidence move --to folder</c>. Uploads read it under a share lock, and <c>evidence move</c> changes it under an
/// update lock once every file is in the other store, so no upload lands in the store being left.
/// </summary>
internal sealed class EvidenceStoreRow
{
    public const int SingleId = 1;

    public int Id { get; set; }
    public required string Kind { get; set; }
    public DateTime ChangedAt { get; set; }

    /// <summary>
    /// The tables exist on PostgreSQL only: on SQLite (one machine) evidence is always kept in a folder. Called from
    /// the PostgreSQL model, not found by the assembly scan, which would add them to both engines.
    /// </summary>
    public static void Configure(ModelBuilder model)
    {
        model.Entity<EvidenceBlobRow>(b =>
        {
            b.ToTable("evidence_blobs");
            b.HasKey(r => r.Sha256);
        });
        model.Entity<EvidenceChunkRow>(b =>
        {
            b.ToTable("evidence_chunks");
            b.HasKey(r => new { r.Sha256, r.Idx });
        });
        model.Entity<EvidenceStoreRow>(b =>
        {
            b.ToTable("evidence_store");
            b.HasKey(r => r.Id);
            b.Property(r => r.Id).ValueGeneratedNever();
            b.HasData(new EvidenceStoreRow { Id = SingleId, Kind = "postgres", ChangedAt = new DateTime(2026, 12, 7, 0, 0, 0, DateTimeKind.Utc) });
        });
    }
}
