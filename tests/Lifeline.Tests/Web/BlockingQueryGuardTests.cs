using System.Net;
using Lifeline.Storage;
using Lifeline.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Lifeline.Tests.Web;

/// <summary>
/// The guard that holds request paths to "async to the database": a synchronous call while answering a request fails
/// it (where the setting is on); an asynchronous one, and any call outside a request (command line, import), runs.
/// </summary>
public sealed class BlockingQueryGuardTests
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    /// <summary>Two endpoints that count the situations, one blocking its thread and one awaiting.</summary>
    private static void MapCounts(WebApplication app)
    {
        app.MapGet("/test/count-blocking", (LifelineDbContext db) => Results.Text(db.Situations.Count().ToString(System.Globalization.CultureInfo.InvariantCulture))).AllowAnonymous();
        app.MapGet("/test/count-async", async (LifelineDbContext db, CancellationToken cancel) =>
            Results.Text((await db.Situations.CountAsync(cancel)).ToString(System.Globalization.CultureInfo.InvariantCulture))).AllowAnonymous();
        app.MapPost("/test/save-blocking", (LifelineDbContext db) =>
        {
            db.Audit.Add(new Lifeline.Accounts.AuditRow { At = DateTime.UtcNow, UserName = "guard test", Action = "test", RecordType = "test", RecordId = "blocking" });
            db.SaveChanges();
            return Results.Ok();
        }).AllowAnonymous();
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task BlockingCallInRequest_SettingOn_FailsTheRequestAndNamesTheCall(string provider)
    {
        var log = new LogSink();
        await using var server = await LifelineServer.Start(provider, configure: MapCounts, logging: log.AddTo, refuseBlockingQueries: true);

        var blocking = await server.Client.GetAsync("/test/count-blocking", Cancel);
        var saving = await server.Client.PostAsync("/test/save-blocking", null, Cancel);
        var awaiting = await server.Client.GetAsync("/test/count-async", Cancel);

        Assert.Equal(HttpStatusCode.InternalServerError, blocking.StatusCode);
        Assert.Equal(HttpStatusCode.InternalServerError, saving.StatusCode);
        var refusals = log.Entries.Where(e => e.Exception is BlockingQueryException).ToList();
        Assert.Contains(refusals, e => e.Exception!.Message.Contains("synchronously", StringComparison.Ordinal) && e.Exception.Message.Contains("situations", StringComparison.Ordinal));
        Assert.True(refusals.Count >= 2, $"{refusals.Count} refusals logged");
        Assert.Equal(HttpStatusCode.OK, awaiting.StatusCode);
        Assert.Equal("1", await awaiting.Content.ReadAsStringAsync(Cancel));
        // Nothing of the refused save was stored.
        await using var db = StorageSetup.CreateContext(server.Database.Options);
        Assert.False(await db.Audit.AnyAsync(a => a.RecordId == "blocking", Cancel));
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task BlockingCallInRequest_SettingOff_IsAnswered(string provider)
    {
        await using var server = await LifelineServer.Start(provider, configure: MapCounts, refuseBlockingQueries: false);

        var blocking = await server.Client.GetAsync("/test/count-blocking", Cancel);

        Assert.Equal(HttpStatusCode.OK, blocking.StatusCode);
        Assert.Equal("1", await blocking.Content.ReadAsStringAsync(Cancel));
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task BlockingCallOutsideRequests_SettingOn_Runs(string provider)
    {
        await using var server = await LifelineServer.Start(provider, refuseBlockingQueries: true);
        var options = server.Database.Options with { RefuseBlockingQueriesInRequests = true };

        // The command line's way: a context of its own, blocking calls, a write.
        using (var db = StorageSetup.CreateContext(options))
        {
            Assert.Equal(1, db.Situations.Count());
            db.Audit.Add(new Lifeline.Accounts.AuditRow { At = DateTime.UtcNow, UserName = "guard test", Action = "test", RecordType = "test", RecordId = "outside" });
            db.SaveChanges();
        }
        // The server's own services, used outside any request (start-up, timed work).
        using (var scope = server.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<LifelineDbContext>();
            Assert.Equal(1, db.Audit.Count(a => a.RecordId == "outside"));
        }
        // A verb of the command line with the setting on: it reads the whole record, blocking, and is not refused.
        var verify = await LifelineProcess.RunWithEnvironment(server.Database.Folder,
            new Dictionary<string, string> { ["Storage__RefuseBlockingQueriesInRequests"] = "true" },
            ["ledger", "verify", .. Lifeline.Tests.Ledger.LedgerTestKit.StorageArgs(server.Database)]);
        Assert.True(verify.ExitCode == 0, verify.Output + verify.Error);
    }
}
