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

/// <summary>One line of the audit log: who did or read what, when, and from where. Never changed or deleted.</summary>
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
}

internal sealed class AccountRowConfiguration : IEntityTypeConfiguration<ApiTokenRow>, IEntityTypeConfiguration<AuditRow>
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
    }
}
