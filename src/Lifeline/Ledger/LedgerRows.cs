using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Lifeline.Ledger;

/// <summary>
/// The one row that holds the ledger's size (its number of leaves). Appenders lock it for the length of their
/// transaction, which serializes appends on PostgreSQL; SQLite serializes writers itself.
/// </summary>
internal sealed class LedgerStateRow
{
    public const int SingleId = 1;

    public int Id { get; set; }
    public long Size { get; set; }
}

/// <summary>
/// One stored node of the Merkle tree: the hash of the perfect subtree at (level, index), as laid out by
/// <see cref="IMerkleStore"/>; level 0 holds the leaf hashes. Written once, never changed.
/// </summary>
internal sealed class LedgerNodeRow
{
    public int Level { get; set; }
    public long Idx { get; set; }
    public required byte[] Hash { get; set; }
}

/// <summary>
/// One leaf: its index, its bytes (the canonical JSON commitment, see <see cref="LedgerEntry"/>) and, to find it
/// again, the record it stands for. Written once, never changed.
/// </summary>
internal sealed class LedgerLeafRow
{
    public long Idx { get; set; }
    public required string RecordType { get; set; }
    public required string RecordId { get; set; }
    public int Version { get; set; }
    public required byte[] Data { get; set; }
}

/// <summary>A signed checkpoint (C2SP signed note) the log has published: never changed, never deleted.</summary>
internal sealed class LedgerCheckpointRow
{
    public long RowId { get; set; }
    public long Size { get; set; }
    public required byte[] Root { get; set; }
    public DateTime SignedAt { get; set; }
    public required string Note { get; set; }
}

internal sealed class LedgerRowConfiguration :
    IEntityTypeConfiguration<LedgerStateRow>, IEntityTypeConfiguration<LedgerNodeRow>,
    IEntityTypeConfiguration<LedgerLeafRow>, IEntityTypeConfiguration<LedgerCheckpointRow>
{
    public void Configure(EntityTypeBuilder<LedgerStateRow> builder)
    {
        builder.ToTable("ledger_state");
        builder.HasKey(s => s.Id);
        builder.Property(s => s.Id).ValueGeneratedNever();
        builder.HasData(new LedgerStateRow { Id = LedgerStateRow.SingleId, Size = 0 });
    }

    public void Configure(EntityTypeBuilder<LedgerNodeRow> builder)
    {
        builder.ToTable("ledger_nodes");
        builder.HasKey(n => new { n.Level, n.Idx });
    }

    public void Configure(EntityTypeBuilder<LedgerLeafRow> builder)
    {
        builder.ToTable("ledger_leaves");
        builder.HasKey(l => l.Idx);
        builder.Property(l => l.Idx).ValueGeneratedNever();
        builder.HasIndex(l => new { l.RecordType, l.RecordId, l.Version }).IsUnique();
    }

    public void Configure(EntityTypeBuilder<LedgerCheckpointRow> builder)
    {
        builder.ToTable("ledger_checkpoints");
        builder.HasKey(c => c.RowId);
        builder.HasIndex(c => c.Size);
    }
}
