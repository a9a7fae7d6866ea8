using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using Lifeline.Accounts;
using Lifeline.Core.Access;
using Lifeline.Sms;
using Lifeline.Storage;
using Lifeline.Tests.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Lifeline.Tests.Sms;

/// <summary>
/// Reports by SMS through a gateway's webhook: signed by the gateway, from a registered reporter's number, read in the
/// short syntax and recorded as that reporter's intake event with the message as its source; everything else refused
/// with nothing stored.
/// </summary>
public sealed class SmsIntakeTests
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private const string Secret = "gateway-shared-secret";
    private const string Phone = "+374 97 123456";
    private static readonly SmsOptions Options = new(Secret, "lachin-2022");

    private static async Task<(LifelineServer Server, string Email)> StartWithReporter(string provider = TestDatabase.Sqlite)
    {
        var server = await LifelineServer.Start(provider, sms: Options);
        var email = await server.AddUser(Role.Reporter);
        using var scope = server.Services.CreateScope();
        var errors = await scope.ServiceProvider.GetRequiredService<UserAdministration>().SetPhone(email, Phone);
        Assert.True(errors.IsEmpty, errors.ToString());
        return (server, email);
    }

    private static HttpRequestMessage Generic(string from, string text, string id, string? secret = Secret)
    {
        var body = $"from={Uri.EscapeDataString(from)}&text={Uri.EscapeDataString(text)}&id={Uri.EscapeDataString(id)}";
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/sms/inbound")
        {
            Content = new StringContent(body, Encoding.UTF8, "application/x-www-form-urlencoded"),
        };
        if (secret is not null)
        {
            request.Headers.Add(SmsEndpoints.GenericSignatureHeader, "sha256=" + SmsEndpoints.Sign(secret, Encoding.UTF8.GetBytes(body)));
        }
        return request;
    }

    private static HttpRequestMessage Android(string from, string text, string id, long timestamp, string secret = Secret)
    {
        var body = JsonSerializer.Serialize(new
        {
            deviceId = "ffffffffceb0b1db0000019399",
            @event = "sms:received",
            id,
            payload = new { message = text, receivedAt = "2026-12-07T11:59:00.000+04:00", messageId = "69bde8d0", phoneNumber = from, simNumber = 1 },
            webhookId = "LreFUt-Z3sSq0JufY9uWB",
        });
        var stamp = timestamp.ToString(CultureInfo.InvariantCulture);
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/sms/inbound") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Add("X-Signature", SmsEndpoints.Sign(secret, Encoding.UTF8.GetBytes(body + stamp)));
        request.Headers.Add("X-Timestamp", stamp);
        return request;
    }

    private static async Task<(int Messages, int Events)> Stored(LifelineServer server)
    {
        using var scope = server.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<LifelineDbContext>();
        return (await db.SmsMessages.CountAsync(Cancel), await db.Events.CountAsync(Cancel));
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task AReportFromARegisteredNumber_IsRecordedAsTheReportersIntake_WithTheMessageAsItsSource(string provider)
    {
        var (server, email) = await StartWithReporter(provider);
        await using var _ = server;
        var before = await Stored(server);

        var response = await server.Client.SendAsync(Generic("00374-97-123456", "CLOSED KORNIDZOR 2023-08-10 convoy of 19 trucks turned back", "gw-1"), Cancel);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var answer = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Cancel)).RootElement;
        Assert.True(answer.GetProperty("recorded").GetBoolean());
        var eventId = answer.GetProperty("eventId").GetString()!;
        Assert.Contains(eventId, answer.GetProperty("reply").GetString(), StringComparison.Ordinal);
        Assert.StartsWith("Recorded for review", answer.GetProperty("reply").GetString(), StringComparison.Ordinal);

        using var verifier = await server.ClientFor(Role.Verifier);
        var whole = JsonDocument.Parse(await verifier.GetStringAsync($"/api/v1/situations/lachin-2022/events/{eventId}", Cancel)).RootElement;
        var detail = whole.GetProperty("event");
        Assert.Equal("corridor-closed", detail.GetProperty("type").GetString());
        Assert.Equal("kornidzor", detail.GetProperty("place").GetString());
        Assert.Equal("2023-08-10", detail.GetProperty("date").GetString());
        Assert.Equal("intake", detail.GetProperty("stage").GetString());
        Assert.Contains("convoy of 19 trucks turned back", detail.GetProperty("notes").GetString(), StringComparison.Ordinal);
        var reporterName = (await server.Services.CreateScope().ServiceProvider.GetRequiredService<UserManager<LifelineUser>>().FindByEmailAsync(email))!.DisplayName;
        Assert.Equal(reporterName, whole.GetProperty("firstRecordedBy").GetString());

        // The message itself, as the event's source says: for reviewers, audited.
        var message = answer.GetProperty("messageId").GetString()!;
        Assert.Contains($"/api/v1/sms/messages/{message}", whole.GetProperty("sources").ToString(), StringComparison.Ordinal);
        var kept = JsonDocument.Parse(await verifier.GetStringAsync($"/api/v1/sms/messages/{message}", Cancel)).RootElement;
        Assert.Equal("CLOSED KORNIDZOR 2023-08-10 convoy of 19 trucks turned back", kept.GetProperty("text").GetString());
        Assert.Equal(eventId, kept.GetProperty("eventId").GetString());
        Assert.Equal(HttpStatusCode.Unauthorized, (await server.Client.GetAsync($"/api/v1/sms/messages/{message}", Cancel)).StatusCode);
        using var reporter = await server.ClientFor(Role.Reporter);
        Assert.Equal(HttpStatusCode.Forbidden, (await reporter.GetAsync($"/api/v1/sms/messages/{message}", Cancel)).StatusCode);
        Assert.Equal((before.Messages + 1, before.Events + 1), await Stored(server));

        // The same message again (the gateway retried): refused, nothing more stored.
        var replay = await server.Client.SendAsync(Generic(Phone, "CLOSED KORNIDZOR 2023-08-10 convoy of 19 trucks turned back", "gw-1"), Cancel);
        Assert.Equal(HttpStatusCode.Conflict, replay.StatusCode);
        Assert.Equal((before.Messages + 1, before.Events + 1), await Stored(server));
    }

    [Fact]
    public async Task TheAndroidGatewaysSignedEvent_IsTaken_AndAnOldOrForgedOneIsNot()
    {
        var (server, _) = await StartWithReporter();
        await using var _s = server;
        var now = server.Clock.GetUtcNow().ToUnixTimeSeconds();
        var before = await Stored(server);

        var ok = await server.Client.SendAsync(Android("+37497123456", "ОТКЛЮЧЕН ГАЗ Степанакерт 2023-03-21 нет газа весь день", "evt-1", now), Cancel);
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        var answer = JsonDocument.Parse(await ok.Content.ReadAsStringAsync(Cancel)).RootElement;
        Assert.True(answer.GetProperty("recorded").GetBoolean(), answer.ToString());
        Assert.StartsWith("Записано для проверки", answer.GetProperty("reply").GetString(), StringComparison.Ordinal);

        var old = await server.Client.SendAsync(Android("+37497123456", "CLOSED kornidzor 2023-08-10", "evt-2", now - 3_600), Cancel);
        Assert.Equal(HttpStatusCode.Unauthorized, old.StatusCode);
        var forged = await server.Client.SendAsync(Android("+37497123456", "CLOSED kornidzor 2023-08-10", "evt-3", now, secret: "not-the-secret"), Cancel);
        Assert.Equal(HttpStatusCode.Unauthorized, forged.StatusCode);
        Assert.Equal((before.Messages + 1, before.Events + 1), await Stored(server));
    }

    [Fact]
    public async Task UnsignedMessages_UnknownNumbers_AndBadSignatures_AreRefusedWithNothingStored()
    {
        var (server, _) = await StartWithReporter();
        await using var _s = server;
        var before = await Stored(server);
        const string text = "CLOSED kornidzor 2023-08-10";

        Assert.Equal(HttpStatusCode.Unauthorized, (await server.Client.SendAsync(Generic(Phone, text, "a", secret: null), Cancel)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await server.Client.SendAsync(Generic(Phone, text, "b", secret: "guess"), Cancel)).StatusCode);
        var stranger = await server.Client.SendAsync(Generic("+7 900 000 0000", text, "c"), Cancel);
        Assert.Equal(HttpStatusCode.Forbidden, stranger.StatusCode);
        Assert.Contains("not registered", await stranger.Content.ReadAsStringAsync(Cancel), StringComparison.Ordinal);
        var missing = await server.Client.SendAsync(Generic(Phone, text, ""), Cancel);
        Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);
        Assert.Equal(before, await Stored(server));
    }

    [Fact]
    public async Task AMessageNotUnderstood_IsKeptForStaff_AndTheReplySaysWhatToSend()
    {
        var (server, _) = await StartWithReporter();
        await using var _s = server;
        var before = await Stored(server);

        var response = await server.Client.SendAsync(Generic(Phone, "ՓԱԿԵԼ Կոռնիձոր", "gw-9"), Cancel);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var answer = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Cancel)).RootElement;
        Assert.False(answer.GetProperty("recorded").GetBoolean());
        Assert.Contains("բանալի բառ չէ", answer.GetProperty("reply").GetString(), StringComparison.Ordinal);
        Assert.Contains("ՓԱԿ", answer.GetProperty("reply").GetString(), StringComparison.Ordinal);

        // Understood, but outside the situation's record period (no date given: today): not recorded, and said why.
        var outside = JsonDocument.Parse(await (await server.Client.SendAsync(Generic(Phone, "CLOSED kornidzor", "gw-10"), Cancel)).Content.ReadAsStringAsync(Cancel)).RootElement;
        Assert.False(outside.GetProperty("recorded").GetBoolean());
        Assert.StartsWith("Not recorded: date", outside.GetProperty("reply").GetString(), StringComparison.Ordinal);
        Assert.Equal((before.Messages + 2, before.Events), await Stored(server));
    }

    [Fact]
    public async Task WithoutASecret_TheWebhookSaysItIsNotSetUp()
    {
        await using var server = await LifelineServer.Start(sms: new SmsOptions(null, null));
        var response = await server.Client.SendAsync(Generic(Phone, "CLOSED kornidzor 2023-08-10", "x"), Cancel);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("Sms:Secret", await response.Content.ReadAsStringAsync(Cancel), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("+374 97 123456", "+37497123456")]
    [InlineData("0037497123456", "+37497123456")]
    [InlineData("(374) 97-12-34-56", "+37497123456")]
    [InlineData("37497123456", "+37497123456")]
    [InlineData("12345", null)]
    [InlineData("+374 97 12a456", null)]
    [InlineData("", null)]
    public void PhoneNumbers_AreKeptInE164(string given, string? kept) => Assert.Equal(kept, PhoneNumbers.Normalize(given));

    [Fact]
    public async Task ANumber_BelongsToOneAccount()
    {
        var (server, _) = await StartWithReporter();
        await using var _s = server;
        var other = await server.AddUser(Role.Reporter);
        using var scope = server.Services.CreateScope();
        var admin = scope.ServiceProvider.GetRequiredService<UserAdministration>();
        var errors = await admin.SetPhone(other, "+37497123456");
        Assert.Contains("already registered", errors.ToString(), StringComparison.Ordinal);
        Assert.Contains("is not a phone number", (await admin.SetPhone(other, "call me")).ToString(), StringComparison.Ordinal);
        Assert.True((await admin.SetPhone(other, null)).IsEmpty);
    }
}
