using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Lifeline.Accounts;

/// <summary>A person who signs in to Lifeline.</summary>
internal sealed class LifelineUser : IdentityUser
{
    /// <summary>How the person is named in the record ("recorded by").</summary>
    public required string DisplayName { get; set; }

    /// <summary>A disabled account cannot sign in, and its API tokens stop working.</summary>
    public bool Disabled { get; set; }

    /// <summary>Set for a one-time password: the person must choose their own at the next sign-in.</summary>
    public bool MustChangePassword { get; set; }

    public DateTime CreatedAt { get; set; }
}

/// <summary>
/// An API token for scripts and integrations. Only a SHA-256 digest of the secret is kept: the secret is shown
/// once, when the token is made.
/// </summary>
internal sealed class ApiTokenRow
{
    public required string Id { get; set; }
    public required string UserId { get; set; }
    public required string Name { get; set; }
    public required string Hash { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime? ExpiresAt { get; set; }
    public DateTime? RevokedAt { get; set; }
    public DateTime? LastUsedAt { get; set; }
}

/// <summary>
/// One line of the audit log: who did or read what, when, and from where. Never changed or deleted; each line is a
/// link of the audit chain (<see cref="AuditChain"/>).
/// </summary>
internal sealed class AuditRow
{
    public long RowId { get; set; }
    public DateTime At { get; set; }
    public string? UserId { get; set; }
    public required string UserName { get; set; }
    public required string Action { get; set; }
    public required string RecordType { get; set; }
    public required string RecordId { get; set; }
    public string? SituationId { get; set; }
    public string? Address { get; set; }
    public string? Detail { get; set; }

    /// <summary>The entry's position in the audit chain, from 1; null for entries written before the log was chained.</summary>
    public long? Seq { get; set; }

    /// <summary>SHA-256 of the previous entry's hash and this entry's canonical form (32 bytes); null with <see cref="Seq"/>.</summary>
    public byte[]? Hash { get; set; }
}

/// <summary>The audit chain's head: the last entry's position and hash. One row, locked and moved by every writer.</summary>
internal sealed class AuditChainHeadRow
{
    public const int SingleId = 1;

    public int Id { get; set; }
    public long Seq { get; set; }
    public required byte[] Hash { get; set; }
}

internal sealed class AccountRowConfiguration : IEntityTypeConfiguration<ApiTokenRow>, IEntityTypeConfiguration<AuditRow>, IEntityTypeConfiguration<AuditChainHeadRow>
{
    public void Configure(EntityTypeBuilder<ApiTokenRow> builder)
    {
        builder.ToTable("api_tokens");
        builder.HasKey(t => t.Id);
        builder.HasIndex(t => t.Hash).IsUnique();
        builder.HasIndex(t => t.UserId);
    }

    public void Configure(EntityTypeBuilder<AuditRow> builder)
    {
        builder.ToTable("audit_log");
        builder.HasKey(a => a.RowId);
        builder.HasIndex(a => a.At);
        builder.HasIndex(a => a.Seq).IsUnique();
    }

    public void Configure(EntityTypeBuilder<AuditChainHeadRow> builder)
    {
        builder.ToTable("audit_chain_head");
        builder.HasKey(h => h.Id);
        builder.Property(h => h.Id).ValueGeneratedNever();
        // An empty chain: position 0, and the hash before the first entry.
        builder.HasData(new AuditChainHeadRow { Id = AuditChainHeadRow.SingleId, Seq = 0, Hash = new byte[32] });
    }
}
