using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Lifeline.Accounts;
using Lifeline.Core.Access;
using Lifeline.Core.Common;
using Lifeline.Core.Sms;
using Lifeline.Events;
using Lifeline.Storage;
using Lifeline.Web;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Lifeline.Sms;

/// <summary>
/// SMS intake's settings (<c>Sms:*</c> in appsettings.json, <c>Sms__Secret</c> in the environment): the secret the
/// gateway signs with (without it the webhook answers 404: there is no intake here), the situation reports go to when the webhook's address
/// names none, and how far a signed timestamp may be from the server's clock.
/// </summary>
internal sealed record SmsOptions(string? Secret, string? Situation, int MaxClockSkewSeconds = 300)
{
    public static SmsOptions Read(IConfiguration configuration) =>
        new(string.IsNullOrWhiteSpace(configuration["Sms:Secret"]) ? null : configuration["Sms:Secret"],
            string.IsNullOrWhiteSpace(configuration["Sms:Situation"]) ? null : configuration["Sms:Situation"]!.Trim());
}

/// <summary>A message that came through the gateway from a registered number, kept whole: it is the source of the event it made.</summary>
internal sealed class SmsMessageRow
{
    public required string Id { get; set; }

    /// <summary>The gateway's own id of the delivery: the same one twice is a replay.</summary>
    public required string GatewayId { get; set; }
    public required string Gateway { get; set; }
    public required string UserId { get; set; }
    public required string SituationId { get; set; }
    public required string Text { get; set; }
    public DateTime ReceivedAt { get; set; }

    /// <summary><c>recorded</c>, <c>not-understood</c> or <c>not-recorded</c>.</summary>
    public required string Outcome { get; set; }
    public string? EventId { get; set; }
    public string? Reply { get; set; }
}

internal sealed class SmsMessageRowConfiguration : IEntityTypeConfiguration<SmsMessageRow>
{
    public void Configure(EntityTypeBuilder<SmsMessageRow> builder)
    {
        builder.ToTable("sms_messages");
        builder.HasKey(m => m.Id);
        builder.HasIndex(m => new { m.Gateway, m.GatewayId }).IsUnique();
        builder.HasIndex(m => m.ReceivedAt);
    }
}

/// <summary>
/// Reports by SMS, for when the internet is cut and a phone still gets a signal: a gateway (a phone running an SMS
/// gateway app, or a provider) posts each message it receives to <c>POST /api/v1/sms/inbound</c>, signed with the
/// shared secret. A message from a number registered to a reporter's account, in the short syntax
/// (<see cref="SmsReport"/>), becomes an intake event recorded as that reporter, with the message kept whole as its
/// source; the answer carries the reply to send back. Unsigned or wrongly signed requests, unknown numbers and
/// replays are refused and logged, and nothing is stored. docs/field.md has the formats and the syntax.
/// </summary>
internal static class SmsEndpoints
{
    public const string AndroidGateway = "sms-gateway-for-android";
    public const string GenericGateway = "generic";
    public const string GenericSignatureHeader = "X-Lifeline-Signature";

    public static IServiceCollection AddSms(this IServiceCollection services, SmsOptions options) => services.AddSingleton(options);

    public sealed record SmsAnswer(string Reply, bool Recorded, string? EventId, string MessageId);

    public sealed record SmsMessageView(string Id, string SituationId, string Text, DateTime ReceivedAt, string Outcome, string? EventId, string? Reply, string Gateway);

    public static IEndpointRouteBuilder MapSmsEndpoints(this IEndpointRouteBuilder app)
    {
        var sms = app.MapGroup("/api/v1/sms").WithTags("SMS");
        sms.MapPost("/inbound", Inbound).AllowAnonymous()
            .WithSummary("A message from an SMS gateway, signed with the shared secret: SMS Gateway for Android's sms:received webhook (X-Signature, X-Timestamp) or a form with from, text and id (X-Lifeline-Signature: sha256=HMAC of the body); ?situation=ID");
        sms.MapGet("/messages/{messageId}", Message).RequireAuthorization(Security.Policies.Review)
            .WithSummary("A message received by SMS, as it came (the source of the event it made); reviewers and admins; every read is audited");
        return app;
    }

    private sealed record Inbound_(string Gateway, string GatewayId, string From, string Text);

    private static async Task<IResult> Inbound(HttpContext context, SmsOptions options, TimeProvider clock, LifelineDbContext db,
        UserManager<LifelineUser> users, IUserClaimsPrincipalFactory<LifelineUser> principals, ILoggerFactory loggers, string? situation = null)
    {
        var log = loggers.CreateLogger("Lifeline.Sms");
        var cancel = context.RequestAborted;
        if (options.Secret is null)
        {
            return TypedResults.Problem("SMS intake is not set up on this server: set Sms:Secret (Sms__Secret) to the secret the gateway signs with.",
                statusCode: StatusCodes.Status404NotFound, title: "SMS intake is not set up");
        }
        byte[] body;
        using (var buffer = new MemoryStream())
        {
            await context.Request.Body.CopyToAsync(buffer, cancel);
            body = buffer.ToArray();
        }
        var headers = context.Request.Headers;
        Inbound_? message;
        string? problem;
        if (headers.TryGetValue("X-Signature", out var androidSignature))
        {
            (message, problem) = ReadAndroid(body, androidSignature.ToString(), headers["X-Timestamp"].ToString(), options, clock);
        }
        else if (headers.TryGetValue(GenericSignatureHeader, out var genericSignature))
        {
            (message, problem) = await ReadGenericAsync(context.Request, body, genericSignature.ToString(), options, cancel);
        }
        else
        {
            (message, problem) = (null, "unsigned: send X-Signature and X-Timestamp (SMS Gateway for Android) or X-Lifeline-Signature (a form)");
        }
        if (message is null)
        {
            var unauthorized = problem!.StartsWith("signature", StringComparison.Ordinal) || problem.StartsWith("unsigned", StringComparison.Ordinal) || problem.StartsWith("timestamp", StringComparison.Ordinal);
            log.LogWarning("SMS refused from {Address}: {Problem}", context.Connection.RemoteIpAddress, problem);
            return unauthorized
                ? TypedResults.Problem($"The message was refused: {problem}. Nothing was stored.", statusCode: StatusCodes.Status401Unauthorized, title: "Not signed by the gateway")
                : ApiProblems.Validation(Errors("body", problem!));
        }
        if (message.Gateway == "ignored")
        {
            return TypedResults.Accepted((string?)null, new { ignored = message.Text });
        }
        if (await db.SmsMessages.AnyAsync(m => m.Gateway == message.Gateway && m.GatewayId == message.GatewayId, cancel))
        {
            log.LogWarning("SMS refused: message {GatewayId} from {Gateway} was received before (a replay)", message.GatewayId, message.Gateway);
            return ApiProblems.Conflict($"Message '{message.GatewayId}' was received before: a message is taken once. Nothing was stored.");
        }
        var phone = PhoneNumbers.Normalize(message.From);
        var reporter = phone is null ? null : await db.Users.SingleOrDefaultAsync(u => u.PhoneNumber == phone, cancel);
        if (reporter is null || reporter.Disabled)
        {
            log.LogWarning("SMS refused: {Number} is not registered to an account (or the account is disabled)", PhoneNumbers.Masked(message.From));
            return ApiProblems.Forbidden("This number is not registered to a reporter's account in Lifeline (an admin registers it with `lifeline users phone`). Nothing was stored.");
        }
        var situationId = situation ?? options.Situation ?? await OnlySituationAsync(db, cancel);
        if (situationId is null || !await db.Situations.AnyAsync(s => s.Id == situationId, cancel))
        {
            return ApiProblems.NotFound(situationId is null
                ? "Name the situation reports go to: ?situation=ID on the webhook's address, or the setting Sms:Situation."
                : $"There is no situation '{situationId}'.");
        }

        // From here on the message is the reporter's: what it records is recorded as them, with their roles.
        var principal = await principals.CreateAsync(reporter);
        context.User = principal;
        var viewer = HttpCurrentUser.FromPrincipal(principal);
        var received = clock.GetUtcNow().UtcDateTime;
        var row = new SmsMessageRow
        {
            Id = "sms-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8)),
            GatewayId = message.GatewayId,
            Gateway = message.Gateway,
            UserId = reporter.Id,
            SituationId = situationId,
            Text = message.Text,
            ReceivedAt = received,
            Outcome = "not-understood",
        };
        var places = await db.Places.AsNoTracking().Where(p => p.SituationId == situationId)
            .Select(p => new { p.Id, p.NameEn, p.NameHy, p.NameRu, p.NameAz }).ToListAsync(cancel);
        var read = SmsReport.Read(message.Text, DateOnly.FromDateTime(received),
            places.Select(p => new SmsPlace(p.Id, new[] { p.NameEn, p.NameHy, p.NameRu, p.NameAz }.OfType<string>().ToList())).ToList());
        if (read.Event is not { } report)
        {
            row.Reply = read.Problem!.Why;
            return await KeepAsync(db, row, log, cancel) ?? TypedResults.Ok(new SmsAnswer(row.Reply, false, null, row.Id));
        }
        var texts = SmsReport.Texts.For(report.Language);
        if (!viewer.Roles.Any(r => r is Role.Reporter or Role.Analyst or Role.Verifier or Role.Admin))
        {
            row.Outcome = "not-recorded";
            row.Reply = string.Format(CultureInfo.InvariantCulture, texts.NotRecorded, "this account may not record events");
            return await KeepAsync(db, row, log, cancel) ?? TypedResults.Ok(new SmsAnswer(row.Reply, false, null, row.Id));
        }
        // Kept first, so that the event's source (this message) exists when the event cites it.
        row.Outcome = "recording";
        if (await KeepAsync(db, row, log, cancel) is { } replay)
        {
            return replay;
        }
        // A corridor report is about the route through its place (the first, when several pass there).
        var routes = await db.Routes.AsNoTracking().Where(r => r.SituationId == situationId).OrderBy(r => r.Ordinal).ToListAsync(cancel);
        var route = routes.FirstOrDefault(r => r.Via.Contains(report.PlaceId))?.Id ?? (routes.Count == 1 ? routes[0].Id : null);
        var changesStatus = report.Type.StartsWith("corridor-", StringComparison.Ordinal) || report.Type.StartsWith("utility-", StringComparison.Ordinal);
        var recorder = context.RequestServices.GetRequiredService<EventRecorder>();
        var origin = context.RequestServices.GetRequiredService<PublicOrigin>();
        var outcome = await recorder.Record(situationId, new RecordEventRequest
        {
            Date = report.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            Place = report.PlaceId,
            Type = report.Type,
            Utility = report.Utility is { } utility ? KebabCase.Of(utility) : null,
            Route = report.Type.StartsWith("corridor-", StringComparison.Ordinal) ? route : null,
            UntilFurtherNotice = changesStatus ? true : null,
            Notes = $"By SMS: {message.Text}",
            NewSources =
            [
                new NewSourceRequest
                {
                    Publisher = "SMS from a registered reporter",
                    Url = origin.Link($"/api/v1/sms/messages/{row.Id}").AbsoluteUri,
                    Title = message.Text.Length <= 200 ? message.Text : message.Text[..200],
                    Published = DateOnly.FromDateTime(received).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                    ProtectIdentity = true,
                },
            ],
        });
        if (outcome is RecordOutcome.Stored stored)
        {
            row.Outcome = "recorded";
            row.EventId = stored.Version.Id;
            row.Reply = string.Format(CultureInfo.InvariantCulture, texts.Recorded, report.Type, report.PlaceId,
                report.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), stored.Version.Id);
        }
        else
        {
            row.Outcome = "not-recorded";
            row.Reply = string.Format(CultureInfo.InvariantCulture, texts.NotRecorded, outcome switch
            {
                RecordOutcome.Invalid invalid => string.Join("; ", invalid.Errors.ToDictionary().Select(e => $"{e.Key} {string.Join(", ", e.Value)}")),
                RecordOutcome.Forbidden forbidden => forbidden.Why,
                RecordOutcome.Conflict conflict => conflict.Message,
                RecordOutcome.NotFound missing => missing.What,
                _ => outcome.ToString(),
            });
        }
        await db.SmsMessages.Where(m => m.Id == row.Id).ExecuteUpdateAsync(s => s
            .SetProperty(m => m.Outcome, row.Outcome)
            .SetProperty(m => m.EventId, row.EventId)
            .SetProperty(m => m.Reply, row.Reply), CancellationToken.None);
        log.LogInformation("SMS {Id} from {User}: {Outcome}", row.Id, reporter.DisplayName, row.Outcome);
        return TypedResults.Ok(new SmsAnswer(row.Reply, row.Outcome == "recorded", row.EventId, row.Id));
    }

    /// <summary>Stores the message; null, or the refusal of a replay that got in between.</summary>
    private static async Task<IResult?> KeepAsync(LifelineDbContext db, SmsMessageRow row, ILogger log, CancellationToken cancel)
    {
        db.SmsMessages.Add(row);
        try
        {
            await db.SaveChangesAsync(cancel);
            return null;
        }
        catch (DbUpdateException)
        {
            db.ChangeTracker.Clear();
            log.LogWarning("SMS refused: message {GatewayId} from {Gateway} was received before (a replay)", row.GatewayId, row.Gateway);
            return ApiProblems.Conflict($"Message '{row.GatewayId}' was received before: a message is taken once. Nothing was stored.");
        }
    }

    private static async Task<string?> OnlySituationAsync(LifelineDbContext db, CancellationToken cancel)
    {
        var ids = await db.Situations.AsNoTracking().Select(s => s.Id).Take(2).ToListAsync(cancel);
        return ids.Count == 1 ? ids[0] : null;
    }

    /// <summary>
    /// SMS Gateway for Android's webhook: a JSON event (<c>sms:received</c>: <c>id</c>, <c>payload.message</c>,
    /// <c>payload.phoneNumber</c>), <c>X-Signature</c> the hex HMAC-SHA256 of the body followed by <c>X-Timestamp</c>
    /// (Unix seconds), which must be within the allowed skew of the server's clock.
    /// </summary>
    private static (Inbound_?, string?) ReadAndroid(byte[] body, string signature, string timestamp, SmsOptions options, TimeProvider clock)
    {
        if (!long.TryParse(timestamp, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds))
        {
            return (null, "timestamp: X-Timestamp must be Unix seconds");
        }
        var skew = Math.Abs(clock.GetUtcNow().ToUnixTimeSeconds() - seconds);
        if (skew > options.MaxClockSkewSeconds)
        {
            return (null, $"timestamp: X-Timestamp is {skew} s from the server's clock (at most {options.MaxClockSkewSeconds} s): an old message sent again, or a gateway whose clock is wrong");
        }
        var signed = body.Concat(Encoding.UTF8.GetBytes(timestamp)).ToArray();
        if (!SignatureMatches(options.Secret!, signed, signature))
        {
            return (null, "signature: X-Signature is not the HMAC-SHA256 of the body and X-Timestamp with this server's secret");
        }
        try
        {
            using var json = JsonDocument.Parse(body);
            var root = json.RootElement;
            var kind = root.TryGetProperty("event", out var e) ? e.GetString() : null;
            if (kind != "sms:received")
            {
                return (new Inbound_("ignored", "", "", $"event '{kind}' is not a received message"), null);
            }
            var id = root.TryGetProperty("id", out var i) ? i.GetString() : null;
            var payload = root.GetProperty("payload");
            var text = payload.TryGetProperty("message", out var m) ? m.GetString() : null;
            var from = payload.TryGetProperty("phoneNumber", out var p) ? p.GetString() : null;
            return string.IsNullOrWhiteSpace(id) || text is null || string.IsNullOrWhiteSpace(from)
                ? (null, "an sms:received event has an id, payload.message and payload.phoneNumber")
                : (new Inbound_(AndroidGateway, id, from, text), null);
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or KeyNotFoundException)
        {
            return (null, "the body is not an SMS Gateway for Android event (JSON with id and payload)");
        }
    }

    /// <summary>A form (<c>from</c>, <c>text</c>, <c>id</c>) with <c>X-Lifeline-Signature: sha256=</c> the hex HMAC-SHA256 of the body.</summary>
    private static async Task<(Inbound_?, string?)> ReadGenericAsync(HttpRequest request, byte[] body, string signature, SmsOptions options, CancellationToken cancel)
    {
        var hex = signature.StartsWith("sha256=", StringComparison.OrdinalIgnoreCase) ? signature[7..] : signature;
        if (!SignatureMatches(options.Secret!, body, hex))
        {
            return (null, $"signature: {GenericSignatureHeader} is not sha256= the HMAC-SHA256 of the body with this server's secret");
        }
        if (!request.HasFormContentType)
        {
            return (null, "a signed form is application/x-www-form-urlencoded with from, text and id");
        }
        var form = await new FormReader(Encoding.UTF8.GetString(body)).ReadFormAsync(cancel);
        var from = form.TryGetValue("from", out var f) ? f.ToString() : "";
        var text = form.TryGetValue("text", out var t) ? t.ToString() : null;
        var id = form.TryGetValue("id", out var i) ? i.ToString() : "";
        return string.IsNullOrWhiteSpace(from) || text is null || string.IsNullOrWhiteSpace(id)
            ? (null, "the form needs from (the sender's number), text (the message) and id (the gateway's id of the message)")
            : (new Inbound_(GenericGateway, id, from, text), null);
    }

    internal static string Sign(string secret, byte[] data) => Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), data));

    private static bool SignatureMatches(string secret, byte[] data, string hex)
    {
        var expected = Encoding.ASCII.GetBytes(Sign(secret, data));
        var given = Encoding.ASCII.GetBytes(hex.Trim().ToLowerInvariant());
        return CryptographicOperations.FixedTimeEquals(expected, given);
    }

    private static async Task<IResult> Message(string messageId, LifelineDbContext db, AuditLog audit, CancellationToken cancel)
    {
        var row = await db.SmsMessages.AsNoTracking().SingleOrDefaultAsync(m => m.Id == messageId, cancel);
        if (row is null)
        {
            return ApiProblems.NotFound($"There is no message '{messageId}'.");
        }
        await audit.ReadAsync("sms-message", row.Id, row.SituationId, null, cancel);
        return TypedResults.Ok(new SmsMessageView(row.Id, row.SituationId, row.Text, row.ReceivedAt, row.Outcome, row.EventId, row.Reply, row.Gateway));
    }

    private static ValidationErrors Errors(string field, string message)
    {
        var errors = new ValidationErrors();
        errors.Add(field, message);
        return errors;
    }
}

/// <summary>Phone numbers as Lifeline keeps them: E.164, a plus and 8 to 15 digits.</summary>
internal static class PhoneNumbers
{
    /// <summary>The number in E.164 (spaces, dashes, dots and brackets dropped; 00 read as +), or null when it is not one.</summary>
    public static string? Normalize(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }
        var kept = new StringBuilder();
        foreach (var c in text.Trim())
        {
            if (char.IsAsciiDigit(c) || (c == '+' && kept.Length == 0))
            {
                kept.Append(c);
            }
            else if (c is not (' ' or '-' or '.' or '(' or ')'))
            {
                return null;
            }
        }
        var number = kept.ToString();
        if (number.StartsWith("00", StringComparison.Ordinal))
        {
            number = "+" + number[2..];
        }
        if (!number.StartsWith('+'))
        {
            number = "+" + number;
        }
        var digits = number.Length - 1;
        return digits is >= 8 and <= 15 && number[1] != '0' ? number : null;
    }

    /// <summary>For logs: the country code and the last two digits only.</summary>
    public static string Masked(string? text) => Normalize(text) is { } n ? $"{n[..4]}…{n[^2..]}" : "(not a number)";
}
