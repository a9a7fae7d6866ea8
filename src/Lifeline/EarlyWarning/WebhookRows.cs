using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Lifeline.EarlyWarning;

/// <summary>
/// A subscription to alerts: where to POST them (checked against SSRF when made and again at every delivery), the
/// secret they are signed with (HMAC-SHA256), and which situation (all when null).
/// </summary>
internal sealed class WebhookSubscriptionRow
{
    public long RowId { get; set; }
    public required string SubscriptionId { get; set; }
    public string? SituationId { get; set; }
    public required string Url { get; set; }

    /// <summary>The HMAC key, shown once to whoever made the subscription; needed in clear to sign.</summary>
    public required string Secret { get; set; }

    public DateTime CreatedAt { get; set; }
    public required string CreatedBy { get; set; }
    public string? CreatedByUser { get; set; }
    public bool Active { get; set; } = true;

    /// <summary>Alerts dated before this day are not sent: a new subscriber gets what comes, not the whole history.</summary>
    public DateOnly SendFrom { get; set; }
}

/// <summary>One attempt to deliver one alert to one subscription: the delivery log.</summary>
internal sealed class WebhookDeliveryRow
{
    public long RowId { get; set; }
    public required string SubscriptionId { get; set; }
    public required string SituationId { get; set; }
    public required string AlertId { get; set; }
    public int Attempt { get; set; }
    public DateTime At { get; set; }
    public int? StatusCode { get; set; }
    public string? Error { get; set; }
    public bool Delivered { get; set; }

    /// <summary>When the next attempt is due (null once delivered or given up).</summary>
    public DateTime? NextAttemptAt { get; set; }
}

internal sealed class WebhookRowConfiguration : IEntityTypeConfiguration<WebhookSubscriptionRow>, IEntityTypeConfiguration<WebhookDeliveryRow>
{
    public void Configure(EntityTypeBuilder<WebhookSubscriptionRow> builder)
    {
        builder.ToTable("webhook_subscriptions");
        builder.HasKey(w => w.RowId);
        builder.HasIndex(w => w.SubscriptionId).IsUnique();
    }

    public void Configure(EntityTypeBuilder<WebhookDeliveryRow> builder)
    {
        builder.ToTable("webhook_deliveries");
        builder.HasKey(d => d.RowId);
        builder.HasIndex(d => new { d.SubscriptionId, d.SituationId, d.AlertId, d.Attempt }).IsUnique();
        builder.HasIndex(d => new { d.Delivered, d.NextAttemptAt });
    }
}
