using System.Text;
using Lifeline.Core.Access;
using Lifeline.Tests.Infrastructure;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Lifeline.Tests.Accounts;

/// <summary>
/// Every endpoint, asked by every role and by an anonymous caller, answers what the table says. Writes carry an
/// empty body: a caller who is allowed gets 400 (nothing is stored), one who is not gets 401 or 403 first.
/// </summary>
public sealed class AuthorizationMatrixTests
{
    // Columns: anonymous, admin, analyst, reporter, verifier, publisher, caseworker, viewer.
    private const int Ok = 200, Found = 302, Bad = 400, NotSignedIn = 401, Denied = 403, Missing = 404;

    private const string Event = "/api/v1/situations/lachin-2022/events/2022-12-12-blockade-begins";
    private const string Source = "/api/v1/situations/lachin-2022/sources/news-am-734702";
    private const string Evidence = "/api/v1/situations/lachin-2022/evidence/ev-none";
    private const string Assessment = "/api/v1/situations/lachin-2022/assessments";
    private const string Supplies = "/api/v1/situations/lachin-2022/supplies";
    private const string Observation = Supplies + "/observations/2023-09-23-icrc-wheat-flour";
    private const string Claims = "/api/v1/situations/lachin-2022/claims";
    private const string Families = "/api/v1/situations/lachin-2022/families";
    private const string Legal = "/api/v1/situations/lachin-2022/legal";

    public static readonly (string Method, string Path, int[] Expected)[] Matrix =
    [
        // The public record.
        ("GET", "/healthz", [Ok, Ok, Ok, Ok, Ok, Ok, Ok, Ok]),
        ("GET", "/readyz", [Ok, Ok, Ok, Ok, Ok, Ok, Ok, Ok]),
        ("GET", "/openapi/v1.json", [Ok, Ok, Ok, Ok, Ok, Ok, Ok, Ok]),
        ("GET", "/api/v1/event-types", [Ok, Ok, Ok, Ok, Ok, Ok, Ok, Ok]),
        ("GET", "/api/v1/situations", [Ok, Ok, Ok, Ok, Ok, Ok, Ok, Ok]),
        ("GET", "/api/v1/situations/lachin-2022", [Ok, Ok, Ok, Ok, Ok, Ok, Ok, Ok]),
        ("GET", "/api/v1/situations/lachin-2022/calendar", [Ok, Ok, Ok, Ok, Ok, Ok, Ok, Ok]),
        ("GET", "/api/v1/situations/lachin-2022/events", [Ok, Ok, Ok, Ok, Ok, Ok, Ok, Ok]),
        // Open data: public by default, each caller exports what they may see (as the events list).
        ("GET", "/api/v1/situations/lachin-2022/export?format=acled", [Ok, Ok, Ok, Ok, Ok, Ok, Ok, Ok]),
        ("GET", "/api/v1/situations/lachin-2022/export?format=hxl&what=calendar", [Ok, Ok, Ok, Ok, Ok, Ok, Ok, Ok]),
        ("GET", "/api/v1/situations/lachin-2022/export?format=hxl&what=families", [Ok, Ok, Ok, Ok, Ok, Ok, Ok, Ok]),
        // Supply figures as open data: as the supply pages, for signed-in humanitarian roles only.
        ("GET", "/api/v1/situations/lachin-2022/export?format=hxl&what=supplies", [NotSignedIn, Ok, Ok, Ok, Ok, Ok, Denied, Ok]),
        ("GET", Event, [Ok, Ok, Ok, Ok, Ok, Ok, Ok, Ok]),
        ("GET", "/api/v1/situations/lachin-2022/places", [Ok, Ok, Ok, Ok, Ok, Ok, Ok, Ok]),
        ("GET", "/api/v1/situations/lachin-2022/actors", [Ok, Ok, Ok, Ok, Ok, Ok, Ok, Ok]),
        // Internal reads.
        ("GET", "/api/v1/situations/lachin-2022/sources", [NotSignedIn, Ok, Ok, Ok, Ok, Ok, Ok, Ok]),
        ("GET", "/api/v1/tokens", [NotSignedIn, Ok, Ok, Ok, Ok, Ok, Ok, Ok]),
        ("GET", "/api/v1/audit", [NotSignedIn, Ok, Denied, Denied, Denied, Denied, Denied, Denied]),
        // Writes, each by its own role.
        ("POST", "/api/v1/situations/lachin-2022/events", [NotSignedIn, Bad, Bad, Bad, Bad, Bad, Denied, Denied]),
        ("PUT", Event, [NotSignedIn, Bad, Denied, Denied, Bad, Denied, Denied, Denied]),
        ("POST", Event + "/reviews", [NotSignedIn, Bad, Denied, Denied, Bad, Denied, Denied, Denied]),
        ("POST", Event + "/publication", [NotSignedIn, Bad, Denied, Denied, Denied, Bad, Denied, Denied]),
        ("PUT", Source + "/grade", [NotSignedIn, Bad, Denied, Denied, Bad, Denied, Denied, Denied]),
        ("POST", "/api/v1/tokens", [NotSignedIn, Bad, Bad, Bad, Bad, Bad, Bad, Bad]),
        ("DELETE", "/api/v1/tokens/tok-0000000000000000", [NotSignedIn, Missing, Missing, Missing, Missing, Missing, Missing, Missing]),
        // The evidence ledger: public reads, like a CT log (without their parameters, every caller gets the same 400).
        ("GET", "/api/v1/ledger/checkpoint", [Ok, Ok, Ok, Ok, Ok, Ok, Ok, Ok]),
        ("GET", "/api/v1/ledger/key", [Ok, Ok, Ok, Ok, Ok, Ok, Ok, Ok]),
        ("GET", "/api/v1/ledger/leaves", [Bad, Bad, Bad, Bad, Bad, Bad, Bad, Bad]),
        ("GET", "/api/v1/ledger/proof/inclusion", [Bad, Bad, Bad, Bad, Bad, Bad, Bad, Bad]),
        ("GET", "/api/v1/ledger/proof/consistency", [Bad, Bad, Bad, Bad, Bad, Bad, Bad, Bad]),
        ("GET", "/api/v1/ledger/records/event/lachin-2022/2022-12-12-blockade-begins", [Ok, Ok, Ok, Ok, Ok, Ok, Ok, Ok]),
        // Evidence: never public; not for caseworkers; added by those who record.
        ("GET", Event + "/evidence", [NotSignedIn, Ok, Ok, Ok, Ok, Ok, Missing, Ok]),
        ("POST", Event + "/evidence", [NotSignedIn, Bad, Bad, Bad, Bad, Bad, Denied, Denied]),
        ("GET", Evidence, [NotSignedIn, Missing, Missing, Missing, Missing, Missing, Missing, Missing]),
        ("GET", Evidence + "/file", [NotSignedIn, Missing, Missing, Missing, Missing, Missing, Missing, Missing]),
        ("POST", Evidence + "/custody", [NotSignedIn, Missing, Missing, Missing, Missing, Missing, Denied, Denied]),
        // The airlift planner: any account (plans may be sensitive; computing one counts as a write).
        ("POST", "/api/v1/airlift/plans", [NotSignedIn, Bad, Bad, Bad, Bad, Bad, Bad, Bad]),
        ("GET", "/api/v1/airlift/scenarios", [NotSignedIn, Ok, Ok, Ok, Ok, Ok, Ok, Ok]),
        ("GET", "/api/v1/airlift/scenarios/lachin-2023", [NotSignedIn, Ok, Ok, Ok, Ok, Ok, Ok, Ok]),
        // Early warning: the catalogue, the risk and the alerts are public; assessments need an account; analysts write.
        ("GET", "/api/v1/early-warning/framework", [Ok, Ok, Ok, Ok, Ok, Ok, Ok, Ok]),
        ("GET", "/api/v1/situations/lachin-2022/risk", [Ok, Ok, Ok, Ok, Ok, Ok, Ok, Ok]),
        ("GET", "/api/v1/situations/lachin-2022/risk/matrix", [Ok, Ok, Ok, Ok, Ok, Ok, Ok, Ok]),
        // The legal record is public, the acts of public bodies; compliance is computed from what the caller may see.
        ("GET", "/api/v1/situations/lachin-2022/legal/proceedings", [Ok, Ok, Ok, Ok, Ok, Ok, Ok, Ok]),
        ("GET", "/api/v1/situations/lachin-2022/legal/obligations", [Ok, Ok, Ok, Ok, Ok, Ok, Ok, Ok]),
        ("GET", "/api/v1/situations/lachin-2022/legal/compliance", [Ok, Ok, Ok, Ok, Ok, Ok, Ok, Ok]),
        ("GET", "/api/v1/situations/lachin-2022/legal/obligations/icj-unimpeded-movement/compliance", [Ok, Ok, Ok, Ok, Ok, Ok, Ok, Ok]),
        // The legal record is written by admins and analysts (public once written); a new version says why (an empty body: 400).
        ("POST", Legal + "/bodies", [NotSignedIn, Bad, Bad, Denied, Denied, Denied, Denied, Denied]),
        ("PUT", Legal + "/bodies/icj", [NotSignedIn, Bad, Bad, Denied, Denied, Denied, Denied, Denied]),
        ("POST", Legal + "/proceedings", [NotSignedIn, Bad, Bad, Denied, Denied, Denied, Denied, Denied]),
        ("PUT", Legal + "/proceedings/icj-cerd-armenia-v-azerbaijan", [NotSignedIn, Bad, Bad, Denied, Denied, Denied, Denied, Denied]),
        ("POST", Legal + "/steps", [NotSignedIn, Bad, Bad, Denied, Denied, Denied, Denied, Denied]),
        ("PUT", Legal + "/steps/icj-2023-02-22-order", [NotSignedIn, Bad, Bad, Denied, Denied, Denied, Denied, Denied]),
        ("POST", Legal + "/obligations", [NotSignedIn, Bad, Bad, Denied, Denied, Denied, Denied, Denied]),
        ("PUT", Legal + "/obligations/icj-unimpeded-movement", [NotSignedIn, Bad, Bad, Denied, Denied, Denied, Denied, Denied]),
        // Dossiers for a court hold unpublished events and evidence, and making one is a custody step: admins and analysts.
        ("POST", "/api/v1/situations/lachin-2022/legal/dossiers", [NotSignedIn, Bad, Bad, Denied, Denied, Denied, Denied, Denied]),
        ("GET", "/situations/lachin-2022/legal/dossier.html?obligation=icj-unimpeded-movement", [Found, Ok, Ok, Denied, Denied, Denied, Denied, Denied]),
        ("GET", "/situations/lachin-2022/legal/dossier.pdf?obligation=icj-unimpeded-movement", [Found, Ok, Ok, Denied, Denied, Denied, Denied, Denied]),
        ("GET", "/situations/lachin-2022/legal/dossier", [Found, Ok, Ok, Denied, Denied, Denied, Denied, Denied]),
        // Claims: reviewed and published ones are public; recorded by those who record events, reviewed by verifiers,
        // published by publishers (an empty body: 400 for those allowed).
        ("GET", Claims, [Ok, Ok, Ok, Ok, Ok, Ok, Ok, Ok]),
        ("GET", Claims + "/2023-02-18-aliyev-no-blockade", [Ok, Ok, Ok, Ok, Ok, Ok, Ok, Ok]),
        ("GET", Claims + "/nothing", [Missing, Missing, Missing, Missing, Missing, Missing, Missing, Missing]),
        ("POST", Claims, [NotSignedIn, Bad, Bad, Bad, Bad, Bad, Denied, Denied]),
        ("POST", Claims + "/2023-02-18-aliyev-no-blockade/review", [NotSignedIn, Bad, Denied, Denied, Bad, Denied, Denied, Denied]),
        ("POST", Claims + "/2023-02-18-aliyev-no-blockade/publication", [NotSignedIn, Bad, Denied, Denied, Denied, Bad, Denied, Denied]),
        ("GET", Assessment, [NotSignedIn, Ok, Ok, Ok, Ok, Ok, Ok, Ok]),
        ("GET", Assessment + "/a-none", [NotSignedIn, Missing, Missing, Missing, Missing, Missing, Missing, Missing]),
        ("POST", Assessment, [NotSignedIn, Bad, Bad, Denied, Denied, Denied, Denied, Denied]),
        ("PUT", Assessment + "/a-none", [NotSignedIn, Missing, Missing, Denied, Denied, Denied, Denied, Denied]),
        ("GET", "/feeds/alerts.atom", [Ok, Ok, Ok, Ok, Ok, Ok, Ok, Ok]),
        ("GET", "/situations/lachin-2022/events.atom", [Ok, Ok, Ok, Ok, Ok, Ok, Ok, Ok]),
        ("GET", "/api/v1/alert-subscriptions", [NotSignedIn, Ok, Ok, Denied, Denied, Denied, Denied, Denied]),
        ("POST", "/api/v1/alert-subscriptions", [NotSignedIn, Bad, Bad, Denied, Denied, Denied, Denied, Denied]),
        ("DELETE", "/api/v1/alert-subscriptions/sub-none", [NotSignedIn, Missing, Missing, Denied, Denied, Denied, Denied, Denied]),
        ("GET", "/api/v1/alert-subscriptions/sub-none/deliveries", [NotSignedIn, Missing, Missing, Denied, Denied, Denied, Denied, Denied]),
        // Supplies: the catalogue and its standards are public; a situation's figures are internal (stock levels help a
        // besieger) and not for caseworkers; observations are recorded by those who record events.
        ("GET", "/api/v1/supplies/commodities", [Ok, Ok, Ok, Ok, Ok, Ok, Ok, Ok]),
        // SMS intake: the gateway signs instead of signing in (here no secret is set: no intake, 404 for anyone); the
        // messages as they came, for reviewers.
        ("POST", "/api/v1/sms/inbound", [Missing, Missing, Missing, Missing, Missing, Missing, Missing, Missing]),
        ("GET", "/api/v1/sms/messages/sms-none", [NotSignedIn, Missing, Denied, Denied, Missing, Denied, Denied, Denied]),
        ("GET", Supplies + "/needs", [NotSignedIn, Ok, Ok, Ok, Ok, Ok, Denied, Ok]),
        ("GET", Supplies + "/forecast?runs=200", [NotSignedIn, Ok, Ok, Ok, Ok, Ok, Denied, Ok]),
        ("GET", Supplies + "/deliveries", [NotSignedIn, Ok, Ok, Ok, Ok, Ok, Denied, Ok]),
        ("GET", Supplies + "/prices", [NotSignedIn, Ok, Ok, Ok, Ok, Ok, Denied, Ok]),
        ("GET", Supplies + "/utilities", [NotSignedIn, Ok, Ok, Ok, Ok, Ok, Denied, Ok]),
        ("GET", Supplies + "/evacuations", [NotSignedIn, Ok, Ok, Ok, Ok, Ok, Denied, Ok]),
        ("GET", Supplies + "/food-security", [NotSignedIn, Ok, Ok, Ok, Ok, Ok, Denied, Ok]),
        ("GET", Supplies + "/observations", [NotSignedIn, Ok, Ok, Ok, Ok, Ok, Denied, Ok]),
        ("GET", Observation, [NotSignedIn, Ok, Ok, Ok, Ok, Ok, Denied, Ok]),
        ("POST", Supplies + "/observations", [NotSignedIn, Bad, Bad, Bad, Bad, Bad, Denied, Denied]),
        ("PUT", Observation, [NotSignedIn, Bad, Denied, Denied, Bad, Denied, Denied, Denied]),
        // Families: personal data, for caseworkers and admins only; the public counts name nobody.
        ("GET", Families + "/counts", [Ok, Ok, Ok, Ok, Ok, Ok, Ok, Ok]),
        ("GET", Families + "/people", [NotSignedIn, Ok, Denied, Denied, Denied, Denied, Ok, Denied]),
        ("POST", Families + "/people", [NotSignedIn, Bad, Denied, Denied, Denied, Denied, Bad, Denied]),
        ("GET", Families + "/people/p-none", [NotSignedIn, Missing, Denied, Denied, Denied, Denied, Missing, Denied]),
        ("POST", Families + "/erasures", [NotSignedIn, Bad, Denied, Denied, Denied, Denied, Bad, Denied]),
        ("POST", Families + "/photos", [NotSignedIn, Bad, Denied, Denied, Denied, Denied, Bad, Denied]),
        ("GET", Families + "/photos?personId=p-none", [NotSignedIn, Missing, Denied, Denied, Denied, Denied, Missing, Denied]),
        ("GET", Families + "/photos", [NotSignedIn, Bad, Denied, Denied, Denied, Denied, Bad, Denied]),
        ("GET", Families + "/photos/ph-none", [NotSignedIn, Missing, Denied, Denied, Denied, Denied, Missing, Denied]),
        ("GET", Families + "/export.csv", [NotSignedIn, Ok, Denied, Denied, Denied, Denied, Ok, Denied]),
        ("GET", Families + "/export.csv?ageFrom=old", [NotSignedIn, Bad, Denied, Denied, Denied, Denied, Bad, Denied]),
        ("GET", Families + "/requests", [NotSignedIn, Ok, Denied, Denied, Denied, Denied, Ok, Denied]),
        ("POST", Families + "/requests", [NotSignedIn, Bad, Denied, Denied, Denied, Denied, Bad, Denied]),
        ("GET", Families + "/requests/r-none", [NotSignedIn, Missing, Denied, Denied, Denied, Denied, Missing, Denied]),
        ("POST", Families + "/requests/r-none/status", [NotSignedIn, Missing, Denied, Denied, Denied, Denied, Missing, Denied]),
        ("POST", Families + "/requests/r-none/disclosures", [NotSignedIn, Missing, Denied, Denied, Denied, Denied, Missing, Denied]),
        // Pages (a token works for pages too; without one, the sign-in page is where a browser is sent).
        ("GET", "/", [Ok, Ok, Ok, Ok, Ok, Ok, Ok, Ok]),
        // The language switcher: anyone may choose the pages' language (a cookie, then back to the page).
        ("GET", "/language?to=hy&return=/", [Found, Found, Found, Found, Found, Found, Found, Found]),
        ("GET", "/situations/lachin-2022/events", [Ok, Ok, Ok, Ok, Ok, Ok, Ok, Ok]),
        ("GET", "/situations/lachin-2022/events/2022-12-12-blockade-begins", [Ok, Ok, Ok, Ok, Ok, Ok, Ok, Ok]),
        ("GET", "/situations/lachin-2022/events/new", [Found, Ok, Ok, Ok, Ok, Ok, Denied, Denied]),
        // The correction form is offered to those who may send it, as PUT on the event is.
        ("GET", "/situations/lachin-2022/events/2022-12-12-blockade-begins/edit", [Found, Ok, Denied, Denied, Ok, Denied, Denied, Denied]),
        ("GET", "/account/tokens", [Found, Ok, Ok, Ok, Ok, Ok, Ok, Ok]),
        ("GET", "/admin/audit", [Found, Ok, Denied, Denied, Denied, Denied, Denied, Denied]),
        ("GET", "/account/sign-in", [Ok, Ok, Ok, Ok, Ok, Ok, Ok, Ok]),
        ("GET", "/ledger", [Ok, Ok, Ok, Ok, Ok, Ok, Ok, Ok]),
        ("GET", "/ledger/leaves/0", [Ok, Ok, Ok, Ok, Ok, Ok, Ok, Ok]),
        ("GET", "/situations/lachin-2022/events/2022-12-12-blockade-begins/evidence/new", [Found, Ok, Ok, Ok, Ok, Ok, Denied, Denied]),
        ("GET", "/situations/lachin-2022/evidence/ev-none", [Found, Missing, Missing, Missing, Missing, Missing, Missing, Missing]),
        ("GET", "/airlift", [Found, Ok, Ok, Ok, Ok, Ok, Ok, Ok]),
        ("GET", "/situations/lachin-2022/risk", [Ok, Ok, Ok, Ok, Ok, Ok, Ok, Ok]),
        ("GET", "/situations/lachin-2022/legal", [Ok, Ok, Ok, Ok, Ok, Ok, Ok, Ok]),
        ("GET", "/situations/lachin-2022/legal/obligations/icj-unimpeded-movement", [Ok, Ok, Ok, Ok, Ok, Ok, Ok, Ok]),
        ("GET", "/situations/lachin-2022/legal/obligations/nothing", [Missing, Missing, Missing, Missing, Missing, Missing, Missing, Missing]),
        ("GET", "/situations/lachin-2022/legal/proceedings/new", [Found, Ok, Ok, Denied, Denied, Denied, Denied, Denied]),
        ("GET", "/situations/lachin-2022/legal/steps/new", [Found, Ok, Ok, Denied, Denied, Denied, Denied, Denied]),
        ("GET", "/situations/lachin-2022/legal/obligations/new", [Found, Ok, Ok, Denied, Denied, Denied, Denied, Denied]),
        ("GET", "/situations/lachin-2022/claims", [Ok, Ok, Ok, Ok, Ok, Ok, Ok, Ok]),
        ("GET", "/situations/lachin-2022/claims/2023-02-18-aliyev-no-blockade", [Ok, Ok, Ok, Ok, Ok, Ok, Ok, Ok]),
        ("GET", "/situations/lachin-2022/claims/nothing", [Missing, Missing, Missing, Missing, Missing, Missing, Missing, Missing]),
        ("GET", "/situations/lachin-2022/claims/new", [Found, Ok, Ok, Ok, Ok, Ok, Denied, Denied]),
        ("GET", "/situations/lachin-2022/risk/indicators/7.6", [Ok, Ok, Ok, Ok, Ok, Ok, Ok, Ok]),
        ("GET", "/alerts/subscriptions", [Found, Ok, Ok, Denied, Denied, Denied, Denied, Denied]),
        ("GET", "/situations/lachin-2022/supplies", [Found, Ok, Ok, Ok, Ok, Ok, Denied, Ok]),
        // The caseworker's family pages: caseworkers and admins only (an unknown case is "not found" to them alone).
        ("GET", "/situations/lachin-2022/families", [Found, Ok, Denied, Denied, Denied, Denied, Ok, Denied]),
        ("GET", "/situations/lachin-2022/families?ageFrom=old", [Found, Bad, Denied, Denied, Denied, Denied, Bad, Denied]),
        ("GET", "/situations/lachin-2022/families/register-safe", [Found, Ok, Denied, Denied, Denied, Denied, Ok, Denied]),
        ("GET", "/situations/lachin-2022/families/new-request", [Found, Ok, Denied, Denied, Denied, Denied, Ok, Denied]),
        ("GET", "/situations/lachin-2022/families/cases/r-none", [Found, Missing, Denied, Denied, Denied, Denied, Missing, Denied]),
    ];

    private static readonly Role?[] Callers = [null, Role.Admin, Role.Analyst, Role.Reporter, Role.Verifier, Role.Publisher, Role.Caseworker, Role.Viewer];

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task EveryEndpoint_AnswersEachRoleAsTheTableSays(string provider)
    {
        await using var server = await LifelineServer.Start(provider);
        var clients = new Dictionary<Role, HttpClient>();
        foreach (var role in Enum.GetValues<Role>())
        {
            clients[role] = await server.ClientFor(role);
        }
        var mismatches = new List<string>();
        foreach (var (method, path, expected) in Matrix)
        {
            Assert.Equal(Callers.Length, expected.Length);
            for (var i = 0; i < Callers.Length; i++)
            {
                var client = Callers[i] is { } role ? clients[role] : server.Client;
                using var request = new HttpRequestMessage(new HttpMethod(method), path);
                if (method is "POST" or "PUT")
                {
                    request.Content = new StringContent("{}", Encoding.UTF8, "application/json");
                }
                var response = await client.SendAsync(request, TestContext.Current.CancellationToken);
                if ((int)response.StatusCode != expected[i])
                {
                    mismatches.Add($"{method} {path} as {Callers[i]?.ToString() ?? "anonymous"}: {(int)response.StatusCode}, expected {expected[i]}");
                }
            }
        }
        Assert.True(mismatches.Count == 0, string.Join("\n", mismatches));
        foreach (var client in clients.Values)
        {
            client.Dispose();
        }
    }

    [Fact]
    public async Task Matrix_CoversEveryApiEndpoint()
    {
        // A new /api/v1 endpoint must be added to the table: this compares the table with what the server maps.
        await using var server = await LifelineServer.Start(seed: false);
        var mapped = server.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText?.StartsWith("/api/v1", StringComparison.Ordinal) == true)
            .SelectMany(e => (e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? []).Select(m => $"{m} {e.RoutePattern.RawText!.TrimEnd('/')}"))
            .ToHashSet();
        var tabled = Matrix.Where(m => m.Path.StartsWith("/api/v1", StringComparison.Ordinal))
            .Select(m => $"{m.Method} {Pattern(m.Path)}")
            .ToHashSet();
        Assert.Empty(mapped.Except(tabled));
    }

    private static string Pattern(string path) => path.Split('?')[0]
        .Replace("/situations/lachin-2022", "/situations/{situationId}", StringComparison.Ordinal)
        .Replace("/events/2022-12-12-blockade-begins", "/events/{eventId}", StringComparison.Ordinal)
        .Replace("/sources/news-am-734702", "/sources/{sourceId}", StringComparison.Ordinal)
        .Replace("/tokens/tok-0000000000000000", "/tokens/{tokenId}", StringComparison.Ordinal)
        .Replace("/evidence/ev-none", "/evidence/{evidenceId}", StringComparison.Ordinal)
        .Replace("/assessments/a-none", "/assessments/{assessmentId}", StringComparison.Ordinal)
        .Replace("/obligations/icj-unimpeded-movement", "/obligations/{obligationId}", StringComparison.Ordinal)
        .Replace("/legal/bodies/icj", "/legal/bodies/{bodyId}", StringComparison.Ordinal)
        .Replace("/legal/proceedings/icj-cerd-armenia-v-azerbaijan", "/legal/proceedings/{proceedingId}", StringComparison.Ordinal)
        .Replace("/legal/steps/icj-2023-02-22-order", "/legal/steps/{stepId}", StringComparison.Ordinal)
        .Replace("/claims/2023-02-18-aliyev-no-blockade", "/claims/{claimId}", StringComparison.Ordinal)
        .Replace("/alert-subscriptions/sub-none", "/alert-subscriptions/{subscriptionId}", StringComparison.Ordinal)
        .Replace("/records/event/lachin-2022/2022-12-12-blockade-begins", "/records/{type}/{**id}", StringComparison.Ordinal)
        .Replace("/observations/2023-09-23-icrc-wheat-flour", "/observations/{observationId}", StringComparison.Ordinal)
        .Replace("/sms/messages/sms-none", "/sms/messages/{messageId}", StringComparison.Ordinal)
        .Replace("/people/p-none", "/people/{**personId}", StringComparison.Ordinal)
        .Replace("/requests/r-none", "/requests/{requestId}", StringComparison.Ordinal)
        .Replace("/photos/ph-none", "/photos/{photoId}", StringComparison.Ordinal)
        .Replace("?runs=200", "", StringComparison.Ordinal)
        .Replace("/airlift/scenarios/lachin-2023", "/airlift/scenarios/{name}", StringComparison.Ordinal);
}
