using System.Data.Common;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Reflection;
using System.Text;
using System.Text.Json.Nodes;
using Lifeline.Accounts;
using Lifeline.Core.Access;
using Lifeline.Evidence;
using Lifeline.Storage;
using Lifeline.Tests.Infrastructure;
using Lifeline.Tests.Ledger;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Lifeline.Tests.Web;

/// <summary>
/// A seeded mutation fuzzer over HTTP against the real server: every write endpoint gets mutated bodies, every read
/// endpoint mutated query strings, with endpoints enumerated from the server itself so that a new one is covered
/// without being listed here. Holds: no 5xx; nothing stored by a refused (4xx) write; every main read answers 200
/// afterwards; <c>ledger verify</c> exits 0. The seed is printed on failure (set LIFELINE_FUZZ_SEED to replay one).
/// </summary>
public sealed class HttpFuzzTests
{
    private const int Writes = 2_000;
    private const int Reads = 1_200;
    private const string Situation = "lachin-2022";
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    /// <summary>A valid body for each write endpoint, the seed every mutation starts from.</summary>
    internal static readonly Dictionary<string, string> Seeds = new(StringComparer.Ordinal)
    {
        ["POST /api/v1/situations/{situationId}/events/"] = """{"date":"2023-08-10","time":"14:35","place":"kornidzor","type":"convoy-turned-back","actor1":"azerbaijan","fatalities":0,"notes":"Convoy waiting.","sources":["news-am-775042"],"newSources":[{"publisher":"News","url":"https://example.org/a","reliability":"B","credibility":2}]}""",
        ["PUT /api/v1/situations/{situationId}/events/{eventId}"] = """{"date":"2022-12-12","place":"shushi","type":"corridor-closed","route":"lachin-corridor","notes":"Corrected.","sources":["news-am-775042"],"reason":"a correction","expectedVersion":1}""",
        ["POST /api/v1/situations/{situationId}/events/{eventId}/reviews"] = """{"verdict":"verified","note":"Checked against two reports."}""",
        ["POST /api/v1/situations/{situationId}/events/{eventId}/publication"] = """{"published":false,"reason":"withdrawn for checking"}""",
        ["PUT /api/v1/situations/{situationId}/sources/{sourceId}/grade"] = """{"reliability":"B","credibility":2,"protectIdentity":false,"reason":"a known outlet"}""",
        ["POST /api/v1/situations/{situationId}/supplies/observations"] = """{"kind":"delivery","date":"2023-07-26","to":"2023-07-27","commodity":"cereal","amount":10.5,"low":9,"high":12,"unit":"t","carriers":["icrc"],"outcome":"delivered","route":"lachin-corridor","sources":["news-am-775042"],"notes":"Flour."}""",
        ["PUT /api/v1/situations/{situationId}/supplies/observations/{observationId}"] = """{"kind":"delivery","date":"2023-07-26","commodity":"mixed-cargo","amount":360,"unit":"t","carriers":["government"],"outcome":"stopped","sources":["news-am-775042"],"reason":"a correction","expectedVersion":1}""",
        ["POST /api/v1/situations/{situationId}/assessments"] = """{"indicator":"7.6","asOf":"2023-08-01","status":"present","confidence":"high","sources":["news-am-775042"],"stantonStages":[4],"note":"Seen."}""",
        ["PUT /api/v1/situations/{situationId}/assessments/{assessmentId}"] = """{"indicator":"7.6","asOf":"2023-08-02","status":"absent","sources":["news-am-775042"],"reason":"new facts","expectedVersion":1}""",
        ["POST /api/v1/situations/{situationId}/evidence/{evidenceId}/custody"] = """{"action":"transferred","to":"the court","why":"filing"}""",
        ["POST /api/v1/situations/{situationId}/claims/"] = """{"actor":"azerbaijan","made":"2023-02-18","where":"Munich","text":"There is no blockade.","quoted":true,"type":"denial","subjects":["corridor"],"sources":["news-am-775042"],"rule":"corridor-open","from":"2022-12-12","to":"2023-02-18","asserts":true}""",
        ["POST /api/v1/situations/{situationId}/claims/{claimId}/review"] = """{"standing":"contradicted","note":"The record says closed.","events":[],"sources":["news-am-775042"]}""",
        ["POST /api/v1/situations/{situationId}/claims/{claimId}/publication"] = """{"published":true,"reason":"reviewed"}""",
        ["POST /api/v1/situations/{situationId}/legal/bodies"] = """{"id":"fuzz-court","name":"A court","kind":"court","sources":["news-am-775042"]}""",
        ["PUT /api/v1/situations/{situationId}/legal/bodies/{bodyId}"] = """{"name":"International Court of Justice","kind":"court","sources":["news-am-775042"],"reason":"a correction"}""",
        ["POST /api/v1/situations/{situationId}/legal/proceedings"] = """{"id":"fuzz-case","body":"icj","name":"A case","number":"No. 1","parties":["A","B"],"opened":"2023-01-10","sources":["news-am-775042"]}""",
        ["PUT /api/v1/situations/{situationId}/legal/proceedings/{proceedingId}"] = """{"body":"icj","name":"CERD (Armenia v. Azerbaijan)","parties":["Armenia","Azerbaijan"],"opened":"2021-09-16","sources":["news-am-775042"],"reason":"a correction"}""",
        ["POST /api/v1/situations/{situationId}/legal/steps"] = """{"id":"fuzz-hearing","proceeding":"icj-cerd-armenia-v-azerbaijan","date":"2023-03-01","kind":"hearing","vote":"13-2","decision":"Heard.","cites":["icj-unimpeded-movement"],"sources":["news-am-775042"]}""",
        ["PUT /api/v1/situations/{situationId}/legal/steps/{stepId}"] = """{"proceeding":"icj-cerd-armenia-v-azerbaijan","date":"2023-02-22","kind":"order","vote":"13-2","decision":"Ordered.","sources":["news-am-775042"],"reason":"a correction"}""",
        ["POST /api/v1/situations/{situationId}/legal/obligations"] = """{"id":"fuzz-open","step":"icj-2023-02-22-order","bearer":"Azerbaijan","from":"2023-02-22","until":"2023-12-31","text":"Open the road.","rule":"route-open(lachin-corridor)","sources":["news-am-775042"]}""",
        ["PUT /api/v1/situations/{situationId}/legal/obligations/{obligationId}"] = """{"step":"icj-2023-02-22-order","bearer":"Azerbaijan","from":"2023-02-22","text":"Unimpeded movement.","rule":"route-open(lachin-corridor)","sources":["news-am-775042"],"reason":"a correction"}""",
        ["POST /api/v1/situations/{situationId}/legal/dossiers"] = """{"obligation":"icj-unimpeded-movement","from":"2023-02-22","to":"2023-03-01","add":[],"remove":[],"why":"for the registry"}""",
        // A multipart form: these fields beside a generated photo (see WriteRequest).
        ["POST /api/v1/situations/{situationId}/families/photos"] = """{"personId":"gen-fuzz","description":"at the shelter"}""",
        ["POST /api/v1/situations/{situationId}/families/erasures"] = """{"personId":"p-none","reason":"asked to be erased"}""",
        ["POST /api/v1/situations/{situationId}/families/requests/{requestId}/status"] = """{"status":"closed","closeReason":"found","reason":"reunited"}""",
        ["POST /api/v1/situations/{situationId}/families/requests/{requestId}/disclosures"] = """{"foundPersonId":"p-none","bestInterestDecision":"not needed","reason":"consent given"}""",
        ["POST /api/v1/sms/inbound"] = """{"event":"sms:received","id":"x","payload":{"message":"CLOSED kornidzor","phoneNumber":"+37497123456"}}""",
        ["POST /api/v1/tokens/"] = """{"name":"nightly import","expiresInDays":30}""",
        ["POST /api/v1/alert-subscriptions/"] = """{"url":"https://192.0.2.1/hook","situation":"lachin-2022","from":"2023-01-01"}""",
        ["POST /api/v1/airlift/plans"] = """{"name":"tiny","horizonDays":2,"demand":[{"commodity":"food","tonnesPerDay":5,"priority":"food"}],"aircraft":[{"type":"C-130","payloadTonnes":19,"cruiseKmh":540,"groundTimeOriginHours":1,"groundTimeDestinationHours":1,"maxHoursPerDay":16,"available":1}],"airports":[{"code":"UDYZ","lat":40.1,"lon":44.4,"role":"origin"},{"code":"UBBS","lat":39.8,"lon":46.7,"role":"destination"}],"routes":[{"from":"UDYZ","to":"UBBS"}],"timeLimitSeconds":1}""",
    };

    private static readonly string[] HostileStrings =
    [
        "", " ", "0001-01-01", "9999-12-31", "1899-12-31", "1582-10-15", "2999-01-01", "2023-02-30", "-1", "2147483648", "NaN", "true",
        "\u001b[31mred", "tab\tand\nline", "\uffff", "\ufffe", "Ա", "🚚", "<script>alert(1)</script>", "'; DROP TABLE events; --", "../../etc/passwd",
        "%00", "lachin-2022", "news-am-775042", "kornidzor", "a,b,c",
    ];

    private static readonly string[] HostileNumbers =
    [
        "0", "-1", "1", "2147483647", "2147483648", "-2147483649", "9223372036854775808", "18446744073709551616", "1e308", "1.8e308", "-1e308",
        "5e-324", "0.5", "1e-7", "3", "6", "7", "366", "367", "10000001",
    ];

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task MutatedRequests_NeverAnswer5xx_NorStoreARefusedWrite_AndLeaveTheLedgerGreen(string provider)
    {
        var seed = int.TryParse(Environment.GetEnvironmentVariable("LIFELINE_FUZZ_SEED"), out var chosen) ? chosen : Random.Shared.Next();
        TestContext.Current.TestOutputHelper?.WriteLine($"HTTP fuzz seed {seed} ({provider}); replay with LIFELINE_FUZZ_SEED={seed}");
        var random = new Random(seed);
        await using var server = await LifelineServer.Start(provider, limits: new AbuseLimits(SignInsPerMinute: 1_000, WritesPerMinute: 1_000_000, ReadsPerMinute: 1_000_000),
            evidence: new EvidenceOptions(200_000));
        using var admin = await server.ClientFor(Role.Admin);
        admin.Timeout = TimeSpan.FromSeconds(60);
        var endpoints = Endpoints(server);
        var writes = endpoints.Where(e => e.Method != "GET").ToList();
        var reads = endpoints.Where(e => e.Method == "GET").ToList();
        Assert.True(writes.Count >= 14, string.Join(", ", writes.Select(w => w.Key)));
        Assert.True(reads.Count >= 23, string.Join(", ", reads.Select(r => r.Key)));

        using var db = server.Database.Open(prepare: false);
        var counting = CountingQuery(db);
        var failures = new List<string>();
        var clock = Stopwatch.StartNew();
        var sent = 0;
        for (var i = 0; i < Writes; i++)
        {
            var endpoint = writes[random.Next(writes.Count)];
            if (endpoint.Key == "POST /api/v1/airlift/plans" && random.Next(10) > 0)
            {
                // Planning runs the solver; a few plans are enough to fuzz its reader.
                endpoint = writes[random.Next(writes.Count)];
            }
            var before = Counts(db, counting);
            using var request = WriteRequest(endpoint, random);
            var described = $"{request.Method} {request.RequestUri}";
            var (status, body) = await Send(admin, request);
            sent++;
            if (status >= 500)
            {
                failures.Add($"{status} {described}: {Shorten(body)}");
            }
            else if (status >= 400 && Counts(db, counting) is var after && after != before)
            {
                failures.Add($"{status} {described} changed the stored record: {before} → {after}");
            }
        }
        // Reads change nothing, so they go four at a time; the requests are drawn from the seed beforehand.
        var queries = Enumerable.Range(0, Reads).Select(_ =>
        {
            var endpoint = reads[random.Next(reads.Count)];
            return (Path: Path(endpoint) + Query(endpoint, random), Anonymous: random.Next(4) == 0);
        }).ToList();
        await Parallel.ForEachAsync(queries, new ParallelOptions { MaxDegreeOfParallelism = 4, CancellationToken = Cancel }, async (query, _) =>
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, query.Path);
            var (status, body) = await Send(query.Anonymous ? server.Client : admin, request);
            Interlocked.Increment(ref sent);
            if (status >= 500)
            {
                lock (failures)
                {
                    failures.Add($"{status} GET {query.Path}: {Shorten(body)}");
                }
            }
        });
        foreach (var path in MainReads)
        {
            var response = await admin.GetAsync(path, Cancel);
            if (response.StatusCode != HttpStatusCode.OK)
            {
                failures.Add($"after the fuzzing, {path} answers {(int)response.StatusCode}");
            }
        }
        var verify = await LifelineProcess.Run(server.Database.Folder, ["ledger", "verify", .. LedgerTestKit.StorageArgs(server.Database)]);
        if (verify.ExitCode != 0)
        {
            failures.Add($"ledger verify exited {verify.ExitCode}: {verify.Output} {verify.Error}");
        }
        TestContext.Current.TestOutputHelper?.WriteLine($"HTTP fuzz ({provider}): {sent:N0} requests over {writes.Count} write and {reads.Count} read endpoints in {clock.Elapsed.TotalSeconds:N0} s, seed {seed}");
        Assert.True(failures.Count == 0, $"seed {seed} ({provider}), {failures.Count} failures:\n{string.Join("\n", failures.Take(30))}");
    }

    private static readonly string[] MainReads =
    [
        $"/api/v1/situations/{Situation}", $"/api/v1/situations/{Situation}/events", $"/api/v1/situations/{Situation}/calendar",
        $"/api/v1/situations/{Situation}/places", $"/api/v1/situations/{Situation}/actors", $"/api/v1/situations/{Situation}/sources",
        $"/api/v1/situations/{Situation}/risk", $"/api/v1/situations/{Situation}/risk/matrix", $"/api/v1/situations/{Situation}/assessments",
        $"/api/v1/situations/{Situation}/supplies/observations", $"/api/v1/situations/{Situation}/supplies/deliveries",
        $"/api/v1/situations/{Situation}/supplies/forecast", $"/api/v1/situations/{Situation}/supplies/evacuations", "/api/v1/ledger/checkpoint",
        $"/situations/{Situation}", $"/situations/{Situation}/events",
    ];

    internal sealed record Endpoint(string Method, string Pattern, IReadOnlyList<string> QueryParameters)
    {
        public string Key => $"{Method} {Pattern}";
    }

    /// <summary>Every API endpoint the server maps, with the query-string parameters its handler reads.</summary>
    internal static List<Endpoint> Endpoints(LifelineServer server) =>
        server.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText?.StartsWith("/api/v1", StringComparison.Ordinal) == true)
            .SelectMany(e => (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["GET"]).Select(method =>
            {
                var routeNames = e.RoutePattern.Parameters.Select(p => p.Name).ToHashSet(StringComparer.OrdinalIgnoreCase);
                var query = e.Metadata.OfType<MethodInfo>().SelectMany(m => m.GetParameters())
                    .Where(p => p.Name is not null && !routeNames.Contains(p.Name)
                        && (p.ParameterType == typeof(string) || Nullable.GetUnderlyingType(p.ParameterType) is not null || p.ParameterType.IsPrimitive))
                    .Select(p => p.Name!).Distinct().ToList();
                return new Endpoint(method, e.RoutePattern.RawText!, query);
            }))
            .Where(e => e.Method is "GET" or "POST" or "PUT" or "DELETE")
            .ToList();

    private static readonly Dictionary<string, string> RouteValues = new(StringComparer.OrdinalIgnoreCase)
    {
        ["situationId"] = Situation,
        ["eventId"] = LedgerTestKit.EventId,
        ["sourceId"] = "news-am-775042",
        ["observationId"] = "2023-07-26-armenian-government-convoy",
        ["type"] = "event",
        ["id"] = $"{Situation}/{LedgerTestKit.EventId}",
        ["name"] = "lachin-2022",
        ["indicator"] = "7.6",
        ["alertFile"] = "a.xml",
        ["bodyId"] = "icj",
        ["proceedingId"] = "icj-cerd-armenia-v-azerbaijan",
        ["stepId"] = "icj-2023-02-22-order",
        ["obligationId"] = "icj-unimpeded-movement",
    };

    internal static string Path(Endpoint endpoint)
    {
        var path = endpoint.Pattern;
        foreach (var part in endpoint.Pattern.Split('/').Where(p => p.StartsWith('{')))
        {
            var name = part.Trim('{', '}').TrimStart('*').Split(':')[0];
            path = path.Replace(part, RouteValues.GetValueOrDefault(name, "nope"), StringComparison.Ordinal);
        }
        return path.TrimEnd('/') is { Length: > 0 } trimmed ? trimmed : "/";
    }

    private static string Query(Endpoint endpoint, Random random)
    {
        var names = endpoint.QueryParameters.Concat(["page", "pageSize", "date", "from", "to", "x"]).Distinct().ToList();
        var pairs = Enumerable.Range(0, random.Next(1, 4)).Select(_ =>
        {
            var name = names[random.Next(names.Count)];
            var value = random.Next(2) == 0 ? HostileStrings[random.Next(HostileStrings.Length)] : HostileNumbers[random.Next(HostileNumbers.Length)];
            return $"{Uri.EscapeDataString(name)}={Uri.EscapeDataString(value)}";
        });
        return "?" + string.Join("&", pairs);
    }

    private static HttpRequestMessage WriteRequest(Endpoint endpoint, Random random)
    {
        var request = new HttpRequestMessage(new HttpMethod(endpoint.Method), Path(endpoint));
        if (endpoint.Method == "DELETE")
        {
            return request;
        }
        if (endpoint.Pattern.EndsWith("/evidence", StringComparison.Ordinal))
        {
            request.Content = Multipart(random, [("capturedAt", "2022-12-12T18:30:00Z"), ("device", "Pixel"), ("description", "road"), ("reason", "sent")],
                "a.jpg", "image/jpeg", LedgerTestKit.Jpeg(random.Next(), 2_000));
            return request;
        }
        if (endpoint.Pattern.EndsWith("/families/photos", StringComparison.Ordinal))
        {
            var fields = JsonNode.Parse(Seeds[endpoint.Key])!.AsObject().Select(f => (f.Key, f.Value!.GetValue<string>())).ToArray();
            request.Content = Multipart(random, fields, "photo.png", "image/png", Families.FamilyMarkers.Photo(random.Next(), 2_000));
            return request;
        }
        var seed = Seeds.GetValueOrDefault(endpoint.Key) ?? "{}";
        var bytes = Mutate(seed, random);
        var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = random.Next(20) switch
        {
            0 => MediaTypeHeaderValue.Parse("text/plain"),
            1 => MediaTypeHeaderValue.Parse("application/json; charset=bogus"),
            2 => MediaTypeHeaderValue.Parse("application/json; charset=utf-16"),
            3 => MediaTypeHeaderValue.Parse("application/x-www-form-urlencoded"),
            _ => MediaTypeHeaderValue.Parse("application/json"),
        };
        request.Content = content;
        return request;
    }

    /// <summary>One mutation of a valid JSON body: a value swapped for a hostile one, a key removed, added or re-cased, or the bytes themselves damaged.</summary>
    private static byte[] Mutate(string seed, Random random)
    {
        switch (random.Next(14))
        {
            case 0:
                return Encoding.UTF8.GetBytes(seed[..random.Next(seed.Length)]);
            case 1:
                {
                    var bytes = Encoding.UTF8.GetBytes(seed);
                    for (var flips = random.Next(1, 4); flips > 0; flips--)
                    {
                        bytes[random.Next(bytes.Length)] ^= (byte)(1 << random.Next(8));
                    }
                    return bytes;
                }
            case 2:
                {
                    var bytes = Encoding.UTF8.GetBytes(seed).ToList();
                    var quote = bytes.IndexOf((byte)'"', random.Next(bytes.Count));
                    bytes.InsertRange(quote < 0 ? 0 : quote + 1, [0xFF, 0xC3, 0x28]);
                    return [.. bytes];
                }
            case 3:
                return Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat("[", 5_000)));
            case 4:
                return Encoding.UTF8.GetBytes(seed.Insert(1, "\"notes\":\"first\",\"Notes\":\"second\","));
            default:
                break;
        }
        var root = JsonNode.Parse(seed)!.AsObject();
        var slots = Slots(root).ToList();
        if (slots.Count == 0)
        {
            // A body with nothing to mutate (an endpoint without a seed): a hostile field of its own.
            root[HostileStrings[random.Next(HostileStrings.Length)]] = JsonValue.Create(HostileStrings[random.Next(HostileStrings.Length)]);
            return Encoding.UTF8.GetBytes(root.ToJsonString());
        }
        var (parent, key) = slots[random.Next(slots.Count)];
        var placeholder = (string?)null;
        switch (random.Next(8))
        {
            case 0:
                Remove(parent, key);
                break;
            case 1:
                root[$"extra{random.Next(100)}"] = 1;
                break;
            case 2:
                Set(parent, key, JsonNode.Parse(HostileNumbers[random.Next(HostileNumbers.Length)]));
                break;
            case 3:
                Set(parent, key, JsonValue.Create(HostileStrings[random.Next(HostileStrings.Length)]));
                break;
            case 4:
                Set(parent, key, JsonValue.Create(new string('x', random.Next(2) == 0 ? 2_001 : random.Next(10_000, 200_000))));
                break;
            case 5:
                placeholder = "\"@@hostile@@\"";
                Set(parent, key, JsonValue.Create("@@hostile@@"));
                break;
            case 6:
                Set(parent, key, random.Next(3) switch { 0 => new JsonArray((JsonNode?)null), 1 => new JsonObject { ["a"] = 1 }, _ => null });
                break;
            default:
                Set(parent, key, JsonValue.Create(random.Next(2) == 0 ? "0001-01-01" : "9999-12-31"));
                break;
        }
        var text = root.ToJsonString();
        if (placeholder is not null)
        {
            // Text no JsonNode can hold: NUL runs, lone surrogates, control characters, written as JSON escapes.
            string[] raw = ["\"" + string.Concat(Enumerable.Repeat("\\u0000", 1_000)) + "\"", "\"a\\ud800b\"", "\"\\udc00\"", "\"\\u001b[31m\"", "\"\\u0007\\u0008\"", "\"\\uffff\""];
            text = text.Replace(placeholder, raw[random.Next(raw.Length)], StringComparison.Ordinal);
        }
        return Encoding.UTF8.GetBytes(text);
    }

    private static IEnumerable<(JsonNode Parent, object Key)> Slots(JsonNode node)
    {
        switch (node)
        {
            case JsonObject o:
                foreach (var (name, child) in o.ToList())
                {
                    yield return (o, name);
                    if (child is not null)
                    {
                        foreach (var slot in Slots(child))
                        {
                            yield return slot;
                        }
                    }
                }
                break;
            case JsonArray a:
                for (var i = 0; i < a.Count; i++)
                {
                    yield return (a, i);
                    if (a[i] is { } child)
                    {
                        foreach (var slot in Slots(child))
                        {
                            yield return slot;
                        }
                    }
                }
                break;
        }
    }

    private static void Set(JsonNode parent, object key, JsonNode? value)
    {
        if (parent is JsonObject o)
        {
            o[(string)key] = value;
        }
        else
        {
            ((JsonArray)parent)[(int)key] = value;
        }
    }

    private static void Remove(JsonNode parent, object key)
    {
        if (parent is JsonObject o)
        {
            o.Remove((string)key);
        }
        else
        {
            ((JsonArray)parent).RemoveAt((int)key);
        }
    }

    private static ByteArrayContent Multipart(Random random, (string Name, string Value)[] textFields, string fileName, string type, byte[] file)
    {
        var fields = new StringBuilder();
        foreach (var (name, value) in textFields)
        {
            fields.Append(System.Globalization.CultureInfo.InvariantCulture, $"--XYZ\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{(random.Next(4) == 0 ? HostileStrings[random.Next(HostileStrings.Length)] : value)}\r\n");
        }
        var head = Encoding.UTF8.GetBytes(fields + $"--XYZ\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{fileName}\"\r\nContent-Type: {type}\r\n\r\n");
        var body = head.Concat(file).Concat(Encoding.UTF8.GetBytes("\r\n--XYZ--\r\n")).ToArray();
        switch (random.Next(5))
        {
            case 0:
                body = body[..random.Next(body.Length)];
                break;
            case 1:
                body[random.Next(head.Length)] ^= (byte)(1 << random.Next(8));
                break;
            case 2:
                body = Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(body).Replace("\r\n", "\n", StringComparison.Ordinal));
                break;
            default:
                break;
        }
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = MediaTypeHeaderValue.Parse("multipart/form-data; boundary=XYZ");
        return content;
    }

    private static async Task<(int Status, string Body)> Send(HttpClient client, HttpRequestMessage request)
    {
        using var response = await client.SendAsync(request, Cancel);
        return ((int)response.StatusCode, await response.Content.ReadAsStringAsync(Cancel));
    }

    /// <summary>One query counting the rows of every table but the audit log (reads are audited) and the sign-in tables.</summary>
    private static string CountingQuery(LifelineDbContext db)
    {
        var tables = db.Model.GetEntityTypes().Select(t => t.GetTableName()).OfType<string>().Distinct()
            // Leases are the nodes' timed work (webhooks, checkpoints), taken and let go on their own clock, not records.
            .Where(t => t is not "audit_log" and not "leases" && !t.StartsWith("AspNet", StringComparison.OrdinalIgnoreCase) && !t.StartsWith("asp_net", StringComparison.Ordinal)
                && !t.Contains("data_protection", StringComparison.Ordinal) && !t.Contains("checkpoint", StringComparison.Ordinal)
                && !t.Contains("webhook_deliver", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal).ToList();
        return string.Join(" UNION ALL ", tables.Select(t => $"SELECT '{t}' || ':' || CAST(COUNT(*) AS TEXT) FROM {t}"));
    }

    private static string Counts(LifelineDbContext db, string query)
    {
        var connection = db.Database.GetDbConnection();
        if (connection.State != System.Data.ConnectionState.Open)
        {
            connection.Open();
        }
        using DbCommand command = connection.CreateCommand();
        command.CommandText = query;
        using var reader = command.ExecuteReader();
        var parts = new List<string>();
        while (reader.Read())
        {
            parts.Add(reader.GetString(0));
        }
        return string.Join(" ", parts);
    }

    private static string Shorten(string text) => text.Length > 300 ? text[..300] + "…" : text;
}
