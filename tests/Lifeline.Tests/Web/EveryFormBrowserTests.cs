using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Lifeline.Core.Access;
using Lifeline.Tests.Infrastructure;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Lifeline.Tests.Web;

/// <summary>
/// Every form on every page, for every role, filled with valid values and sent as the page builds it (its own
/// antiforgery token, its own action), is answered without a 4xx or 5xx. The pages are read from the server's own
/// routes, so a new page is opened here without anyone adding it; a new form is filled with what the page puts in
/// it and the values below, and a form that needs more says so by failing.
/// </summary>
public sealed partial class EveryFormBrowserTests
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    /// <summary>
    /// Valid values by form (its id, or its action when it has none) and field name. A field a page fills itself
    /// keeps its value; an empty one gets the value here; an empty field not named here stays empty, as a person
    /// would leave an optional field.
    /// </summary>
    private static readonly Dictionary<string, Dictionary<string, string>> Values = new(StringComparer.Ordinal)
    {
        ["event-form"] = new(StringComparer.Ordinal)
        {
            ["Input.Date"] = "2023-03-01",
            ["Input.Type"] = "corridor-closed",
            ["Input.UntilFurtherNotice"] = "true",
            ["Input.Place"] = "hakari-bridge",
            ["Input.Notes"] = "Form test: all traffic stopped at the bridge.",
            ["Input.NewSourcePublisher"] = "Field monitor",
            ["Input.NewSourceUrl"] = "https://example.org/reports/form-test",
            ["Input.Reason"] = "Form test: a correction.",
        },
        ["observation-form"] = new(StringComparer.Ordinal)
        {
            ["Input.Kind"] = "delivery",
            ["Input.Date"] = "2023-09-20",
            ["Input.Commodity"] = "cereal",
            ["Input.Amount"] = "20",
            ["Input.Unit"] = "t",
            ["Input.Route"] = "lachin-corridor",
            ["Input.Carriers"] = "icrc",
            ["Input.Notes"] = "Form test delivery.",
            ["Input.NewSourcePublisher"] = "Field monitor",
            ["Input.NewSourceUrl"] = "https://example.org/reports/form-test-supplies",
            ["Input.Reason"] = "Form test: a correction.",
        },
        ["assessment-form"] = new(StringComparer.Ordinal)
        {
            ["Input.Indicator"] = "13.8",
            ["Input.AsOf"] = "2023-06-15",
            ["Input.Status"] = "present",
            ["Input.Confidence"] = "high",
            ["Input.Events"] = "2022-12-12-blockade-begins",
            ["Input.Reason"] = "Form test assessment.",
        },
        ["evidence-form"] = new(StringComparer.Ordinal)
        {
            ["CapturedAt"] = "2023-03-01T10:00",
            ["Reason"] = "Form test: handed in by the field monitor.",
        },
        ["grade-form"] = new(StringComparer.Ordinal) { ["Input.Reliability"] = "B", ["Input.Credibility"] = "2", ["Input.Reason"] = "Form test: graded from the publisher's record." },
        ["transfer-form"] = new(StringComparer.Ordinal) { ["To"] = "Archive of the monitoring team", ["Why"] = "Form test hand-over." },
        ["review-form"] = new(StringComparer.Ordinal) { ["Verdict"] = "verified", ["ReviewNote"] = "Form test: checked against the source." },
        ["publish-form"] = new(StringComparer.Ordinal) { ["PublishNote"] = "Form test: public interest." },
        ["claim-form"] = new(StringComparer.Ordinal)
        {
            ["Input.Actor"] = "Form test spokesman",
            ["Input.Made"] = "2023-03-01",
            ["Input.Text"] = "Form test: the road is open.",
            ["Input.Type"] = "denial",
            ["Input.Subjects"] = "corridor",
            ["Input.Sources"] = "news-am-734702",
            ["Input.Rule"] = "route-open(lachin-corridor)",
            ["Input.From"] = "2023-03-01",
            ["Input.To"] = "2023-03-02",
        },
        ["claim-review-form"] = new(StringComparer.Ordinal) { ["Review.Standing"] = "not-checkable", ["Review.Note"] = "Form test: checked against the record." },
        ["claim-publish-form"] = new(StringComparer.Ordinal) { ["Publication.Reason"] = "Form test: public interest." },
        // No ids: each is made from the record's fields and numbered when taken, so every role's run records its own.
        ["proceeding-form"] = new(StringComparer.Ordinal)
        {
            ["Input.Body"] = "icj",
            ["Input.Name"] = "Form test proceeding",
            ["Input.Opened"] = "2023-01-10",
            ["Input.Parties"] = "Armenia, Azerbaijan",
            ["Input.Sources"] = "news-am-734702",
        },
        ["step-form"] = new(StringComparer.Ordinal)
        {
            ["Input.Proceeding"] = "icj-cerd-armenia-v-azerbaijan",
            ["Input.Date"] = "2023-03-01",
            ["Input.Kind"] = "hearing",
            ["Input.Decision"] = "Form test: the Court heard the parties.",
            ["Input.Sources"] = "news-am-734702",
        },
        ["obligation-form"] = new(StringComparer.Ordinal)
        {
            ["Input.Step"] = "icj-2023-02-22-order",
            ["Input.Bearer"] = "Form test bearer",
            ["Input.From"] = "2023-02-22",
            ["Input.Text"] = "Form test: keep the road open.",
            ["Input.Rule"] = "route-open(lachin-corridor)",
            ["Input.Sources"] = "news-am-734702",
        },
        ["token-form"] = new(StringComparer.Ordinal) { ["Name"] = "Form test token", ["ExpiresInDays"] = "30" },
        ["subscription-form"] = new(StringComparer.Ordinal) { ["Address"] = "http://127.0.0.1:9/form-test", ["Situation"] = "lachin-2022" },
        ["password-form"] = new(StringComparer.Ordinal) { ["Current"] = LifelineServer.Password, ["New"] = LifelineServer.Password },
        ["bundle-form"] = new(StringComparer.Ordinal) { ["Why"] = "Form test: a dossier for the registry." },
        ["register-safe-form"] = new(StringComparer.Ordinal)
        {
            ["Input.Person.FamilyName"] = "Hakobyan",
            ["Input.Person.GivenName"] = "Ani",
            ["Input.Person.BirthYear"] = "1970",
            ["Input.Whereabouts"] = "Form test shelter",
            ["Input.ConsentGivenBy"] = "the person",
            ["Input.ConsentGivenOn"] = "2026-11-01",
            ["Input.ConsentMethod"] = "oral",
            ["Input.ConsentScope"] = "any-enquirer",
        },
        ["tracing-request-form"] = new(StringComparer.Ordinal)
        {
            ["Input.Enquirer.FamilyName"] = "Hakobyan",
            ["Input.Enquirer.GivenName"] = "Aram",
            ["Input.Enquirer.BirthYear"] = "1965",
            ["Input.Relation"] = "brother",
            ["Input.Sought.FamilyName"] = "Hakobyan",
            ["Input.Sought.GivenName"] = "Ani",
            ["Input.Sought.BirthYear"] = "1970",
        },
        ["case-status-form"] = new(StringComparer.Ordinal) { ["Move.Reason"] = "Form test: the case moves." },
        ["photo-form"] = new(StringComparer.Ordinal) { ["Photo.Description"] = "Form test: a photo brought by the enquirer." },
    };

    /// <summary>Forms the run must reach; if one is missing, the run did not open the page that has it.</summary>
    private static readonly string[] MustSubmit =
    [
        "event-form", "observation-form", "assessment-form", "evidence-form", "transfer-form", "review-form", "publish-form",
        "token-form", "subscription-form", "password-form", "scenario-form", "filters", "dossier-form", "bundle-form",
        "claim-form", "claim-review-form", "claim-publish-form", "proceeding-form", "step-form", "obligation-form",
        "family-filters", "register-safe-form", "tracing-request-form", "case-status-form", "photo-form",
    ];

    [Fact]
    public async Task EveryForm_ForEveryRole_SubmittedAsThePageBuildsIt_IsNotRefused()
    {
        await using var server = await LifelineServer.Start(webhooks: new Lifeline.EarlyWarning.WebhookOptions(AllowLoopback: true));
        var routes = RouteValues(await Prepare(server));
        var paths = PagePaths(server.Services, routes);
        var (playwright, browser) = await Browser.Launch();
        var failures = new List<string>();
        var submitted = new HashSet<string>(StringComparer.Ordinal);
        try
        {
            foreach (var role in new Role?[] { null }.Concat(Enum.GetValues<Role>().Select(r => (Role?)r)))
            {
                await using var context = await browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = server.Address.ToString() });
                var page = await context.NewPageAsync();
                page.SetDefaultTimeout(60_000);
                var who = role is { } r ? r.ToString() : "anonymous";
                var own = new Dictionary<string, Dictionary<string, string>>(Values, StringComparer.Ordinal);
                // Each role's correction of an event cites a source of its own, so it changes the event (the sources
                // field shows the ones already cited, and a correction that changes nothing is refused, as it should be).
                own["event-form"] = new(Values["event-form"], StringComparer.Ordinal)
                {
                    ["Input.NewSourceUrl"] = $"https://example.org/reports/form-test-{(role is { } each ? each.ToString().ToLowerInvariant() : "anonymous")}",
                };
                if (role is { } signedIn)
                {
                    var email = await server.AddUser(signedIn);
                    await BrowserTests.SignIn(page, email);
                    submitted.Add("sign-in-form");
                    own["sign-in-form"] = new(StringComparer.Ordinal) { ["Email"] = email, ["Password"] = LifelineServer.Password };
                }
                var started = System.Diagnostics.Stopwatch.StartNew();
                foreach (var path in paths.Where(p => role is not null || p != "/account/sign-in"))
                {
                    var opened = await page.GotoAsync(path);
                    if (opened is null || opened.Status == 404 || Refused(page.Url) && (role is null || new Uri(page.Url).AbsolutePath != "/account/sign-in"))
                    {
                        // Not for this role: the page answers "not found" or sends the person to sign in.
                        continue;
                    }
                    if (opened.Status >= 400)
                    {
                        failures.Add($"{who}: GET {path} answered {opened.Status}");
                        continue;
                    }
                    var count = await page.Locator("main form").CountAsync();
                    for (var i = 0; i < count; i++)
                    {
                        if (i > 0)
                        {
                            await page.GotoAsync(path);
                        }
                        var forms = page.Locator("main form");
                        if (i >= await forms.CountAsync())
                        {
                            break;
                        }
                        var form = forms.Nth(i);
                        var name = await FormName(form);
                        var problem = await Submit(page, form, own.GetValueOrDefault(name) ?? []);
                        submitted.Add(name);
                        if (problem is not null)
                        {
                            failures.Add($"{who}: form '{name}' on {path}: {problem}");
                        }
                    }
                }
                TestContext.Current.SendDiagnosticMessage($"{who}: {paths.Count} pages in {started.Elapsed.TotalSeconds:N0} s");
            }
        }
        finally
        {
            await browser.DisposeAsync();
            playwright.Dispose();
        }
        Assert.True(failures.Count == 0, $"{failures.Count} forms were refused:\n{string.Join("\n", failures)}");
        Assert.All(MustSubmit, f => Assert.Contains(f, submitted));
    }

    internal static bool Refused(string url) =>
        new Uri(url).AbsolutePath is "/account/sign-in" or "/account/denied";

    private static async Task<string> FormName(ILocator form)
    {
        var id = await form.GetAttributeAsync("id");
        if (!string.IsNullOrEmpty(id))
        {
            return id;
        }
        var action = await form.GetAttributeAsync("action") ?? "";
        var handler = HandlerName().Match(action);
        return handler.Success ? $"{handler.Groups[1].Value} ({action})" : $"form posting to '{action}'";
    }

    /// <summary>Fills the form and sends it with its own button; null when the answer, and every redirect before it, is below 400.</summary>
    private static async Task<string?> Submit(IPage page, ILocator form, Dictionary<string, string> values)
    {
        foreach (var field in await form.Locator("input, select, textarea").AllAsync())
        {
            await Fill(field, values);
        }
        var button = form.Locator("button[type=submit], input[type=submit], button:not([type])").First;
        // Every answer the main frame navigates through: redirects first, then the page it ends on.
        var statuses = new List<int>();
        var arrived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        void Seen(object? sender, IResponse r)
        {
            if (r.Request.IsNavigationRequest && r.Request.Frame.ParentFrame is null)
            {
                statuses.Add(r.Status);
                // 304: the page the browser holds is still current (the dashboard answers with an ETag): it arrived.
                if (r.Status is < 300 or >= 400 or 304)
                {
                    arrived.TrySetResult();
                }
            }
        }
        page.Response += Seen;
        try
        {
            await button.ClickAsync();
            await arrived.Task.WaitAsync(TimeSpan.FromSeconds(90), Cancel);
            await page.WaitForLoadStateAsync(LoadState.DOMContentLoaded);
        }
        catch (TimeoutException)
        {
            return "sending it led nowhere (did the browser refuse a value?)";
        }
        finally
        {
            page.Response -= Seen;
        }
        if (statuses.All(s => s < 400))
        {
            return null;
        }
        var text = await page.Locator("body").InnerTextAsync();
        return $"answered {string.Join(" after ", statuses)}: {text[..Math.Min(text.Length, 400)].ReplaceLineEndings(" ")}";
    }

    private static async Task Fill(ILocator field, Dictionary<string, string> values)
    {
        var tag = await field.EvaluateAsync<string>("e => e.tagName.toLowerCase()");
        var type = (await field.GetAttributeAsync("type") ?? "").ToLowerInvariant();
        var name = await field.GetAttributeAsync("name") ?? "";
        if (type is "hidden" or "submit" or "button" || name.Length == 0 || name == "__RequestVerificationToken"
            || await field.GetAttributeAsync("readonly") is not null || await field.IsDisabledAsync())
        {
            return;
        }
        var wanted = values.GetValueOrDefault(name);
        switch (tag, type)
        {
            case ("select", _):
                var current = await field.InputValueAsync();
                if (wanted is not null && current != wanted)
                {
                    await field.SelectOptionAsync(wanted);
                }
                else if (current.Length == 0 && await field.GetAttributeAsync("required") is not null)
                {
                    var first = await field.Locator("option:not([value=''])").First.GetAttributeAsync("value");
                    await field.SelectOptionAsync(first!);
                }
                break;
            case ("input", "checkbox"):
                if (wanted is not null && await field.GetAttributeAsync("value") == wanted)
                {
                    await field.CheckAsync();
                }
                break;
            case ("input", "radio"):
                if (wanted is not null && await field.GetAttributeAsync("value") == wanted)
                {
                    await field.CheckAsync();
                }
                break;
            case ("input", "file"):
                await field.SetInputFilesAsync(new FilePayload { Name = "form-test.png", MimeType = "image/png", Buffer = Png });
                break;
            default:
                if ((await field.InputValueAsync()).Length > 0 && type != "password")
                {
                    break;
                }
                if (wanted is not null)
                {
                    await field.FillAsync(wanted);
                }
                else if (await field.GetAttributeAsync("required") is not null)
                {
                    await field.FillAsync(type switch
                    {
                        "date" => "2023-03-01",
                        "url" => "https://example.org/form-test",
                        "email" => "form-test@example.org",
                        "number" => "1",
                        "password" => LifelineServer.Password,
                        _ => "Form test",
                    });
                }
                break;
        }
    }

    /// <summary>A 1×1 PNG: the smallest file the evidence form accepts.</summary>
    private static readonly byte[] Png = Convert.FromBase64String(
        "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==");

    /// <summary>Records the server must hold for every page to have something to show: an event at intake with evidence, an observation.</summary>
    internal static async Task<Prepared> Prepare(LifelineServer server)
    {
        using var admin = await server.ClientFor(Role.Admin);
        var recorded = await admin.PostAsJsonAsync("/api/v1/situations/lachin-2022/events", new
        {
            date = "2023-03-02",
            place = "hakari-bridge",
            type = "corridor-closed",
            untilFurtherNotice = true,
            notes = "Form test: an event at intake.",
            sources = new[] { "news-am-775042" },
        }, Cancel);
        var eventId = await IdOf(recorded);
        using var upload = new MultipartFormDataContent
        {
            { new ByteArrayContent(Png) { Headers = { ContentType = new("image/png") } }, "file", "prepared.png" },
            { new StringContent("prepared for the form test"), "reason" },
        };
        var evidence = await admin.PostAsync($"/api/v1/situations/lachin-2022/events/{eventId}/evidence", upload, Cancel);
        var evidenceId = await IdOf(evidence);
        var observed = await admin.PostAsJsonAsync("/api/v1/situations/lachin-2022/supplies/observations", new
        {
            kind = "delivery",
            date = "2023-09-20",
            commodity = "cereal",
            amount = 20,
            unit = "t",
            route = "lachin-corridor",
            carriers = new[] { "icrc" },
            sources = new[] { "news-am-735694" },
        }, Cancel);
        var observationId = await IdOf(observed);
        // Two claims: one at intake (the review form), one reviewed (the publication form).
        var claims = new List<string>();
        foreach (var text in new[] { "Form test: a claim at intake.", "Form test: a reviewed claim." })
        {
            var claim = await admin.PostAsJsonAsync("/api/v1/situations/lachin-2022/claims", new
            {
                actor = "Form test actor",
                made = "2023-03-05",
                text,
                type = "factual-assertion",
                subjects = new[] { "supplies" },
                sources = new[] { "news-am-734702" },
            }, Cancel);
            claims.Add(await IdOf(claim));
        }
        var reviewed = await admin.PostAsJsonAsync($"/api/v1/situations/lachin-2022/claims/{claims[1]}/review",
            new { standing = "not-checkable", note = "Prepared for the form test." }, Cancel);
        Assert.True(reviewed.IsSuccessStatusCode, await reviewed.Content.ReadAsStringAsync(Cancel));
        // A generated person registered safe and a tracing request that finds her (the case page's forms).
        var safe = await admin.PostAsJsonAsync("/api/v1/situations/lachin-2022/families/people", new
        {
            person = new { familyName = "Sargsyan", givenName = "Nune", birthYear = 1975, sex = "female" },
            safe = new { whereabouts = "Form test shelter", bySelf = true, consent = new { givenBy = "the person", givenOn = "2026-11-01", method = "oral", scope = "any-enquirer" } },
        }, Cancel);
        Assert.True(safe.IsSuccessStatusCode, await safe.Content.ReadAsStringAsync(Cancel));
        var request = await admin.PostAsJsonAsync("/api/v1/situations/lachin-2022/families/requests", new
        {
            enquirer = new { familyName = "Sargsyan", givenName = "Aram", birthYear = 1972, sex = "male" },
            sought = new[] { new { relation = "husband", person = new { familyName = "Саргсян", givenName = "Нуне", birthYear = 1975, sex = "female" } } },
        }, Cancel);
        var requestId = await IdOf(request);
        return new Prepared(eventId, evidenceId, observationId, claims[0], claims[1], requestId);
    }

    internal sealed record Prepared(string EventId, string EvidenceId, string ObservationId, string IntakeClaimId, string ReviewedClaimId, string RequestId);

    /// <summary>The id of a record the API made: the last segment of its address.</summary>
    private static async Task<string> IdOf(HttpResponseMessage response)
    {
        Assert.True(response.IsSuccessStatusCode, $"{response.StatusCode}: {await response.Content.ReadAsStringAsync(Cancel)}");
        return Uri.UnescapeDataString(response.Headers.Location!.ToString().Split('/')[^1]);
    }

    /// <summary>The values each route parameter takes; a page with a parameter not named here fails the test.</summary>
    internal static Dictionary<string, string[]> RouteValues(Prepared prepared) => new(StringComparer.Ordinal)
    {
        ["situationId"] = ["lachin-2022"],
        ["eventId"] = [prepared.EventId, "2022-12-12-blockade-begins"],
        ["evidenceId"] = [prepared.EvidenceId],
        ["observationId"] = [prepared.ObservationId],
        ["sourceId"] = ["acaps-nk-blockade-special-report"],
        ["obligationId"] = ["icj-unimpeded-movement"],
        ["claimId"] = [prepared.IntakeClaimId, prepared.ReviewedClaimId, "2023-02-18-aliyev-no-blockade"],
        ["indicator"] = ["13.8"],
        ["index"] = ["0"],
        ["code"] = ["404"],
        ["requestId"] = [prepared.RequestId],
    };

    /// <summary>Every Razor page's address, each route parameter filled with each of its values.</summary>
    internal static List<string> PagePaths(IServiceProvider services, Dictionary<string, string[]> values)
    {
        var templates = services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<PageActionDescriptor>() is not null)
            .Select(e => "/" + e.RoutePattern.RawText!.TrimStart('/'))
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)
            .ToList();
        Assert.True(templates.Count > 20, $"only {templates.Count} pages were found");
        var paths = new List<string>();
        foreach (var template in templates)
        {
            var expanded = new List<string> { template };
            foreach (Match parameter in RouteParameter().Matches(template))
            {
                var name = parameter.Groups[1].Value;
                Assert.True(values.TryGetValue(name, out var choices), $"the page {template} takes '{name}': give it a value in RouteValues");
                expanded = expanded.SelectMany(p => choices!.Select(c => p.Replace(parameter.Value, Uri.EscapeDataString(c), StringComparison.Ordinal))).ToList();
            }
            paths.AddRange(expanded);
        }
        return paths.Distinct(StringComparer.Ordinal).ToList();
    }

    [GeneratedRegex(@"\{([A-Za-z]+)(?::[^}]*)?\}")]
    private static partial Regex RouteParameter();

    [GeneratedRegex(@"handler=([A-Za-z]+)")]
    private static partial Regex HandlerName();
}
