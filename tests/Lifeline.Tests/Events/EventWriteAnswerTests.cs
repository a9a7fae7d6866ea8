using System.Net.Http.Json;
using System.Text.Json;
using Lifeline.Core.Access;
using Lifeline.Tests.Infrastructure;

namespace Lifeline.Tests.Events;

/// <summary>
/// The answer to recording an event is the event as its writer then reads it back, to the byte: whether the server
/// made the answer from what the write had just read and stored (a new event citing recorded sources) or read the
/// event again (new sources, an edit), for a reporter (no history) and for staff who see the history, on both engines.
/// </summary>
public sealed class EventWriteAnswerTests
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    public static TheoryData<string, string> Cases()
    {
        var cases = new TheoryData<string, string>();
        foreach (var provider in new[] { TestDatabase.Sqlite, TestDatabase.Postgres })
        {
            cases.Add(provider, "reporter");
            cases.Add(provider, "staff");
        }
        return cases;
    }

    [Theory, MemberData(nameof(Cases))]
    public async Task TheWritesAnswer_IsWhatAReadGivesBack(string provider, string who)
    {
        await using var server = await LifelineServer.Start(provider);
        using var client = who == "reporter"
            ? await server.ClientFor(Role.Reporter)
            : await server.ClientFor(Role.Reporter, Role.Verifier, Role.Publisher);

        // A new event citing a recorded source, with two actors.
        var (created, id) = await Post(client, "/api/v1/situations/lachin-2022/events", new
        {
            date = "2023-02-14",
            place = "stepanakert",
            type = "convoy-turned-back",
            actor1 = "azerbaijan",
            actor2 = "artsakh-authorities",
            notes = "A convoy turned back at the checkpoint (answer test).",
            sources = new[] { "acaps-nk-blockade-special-report" },
        });
        Assert.Equal(await Read(client, id), created);

        // A new event with a new source of its own.
        var (withSource, second) = await Post(client, "/api/v1/situations/lachin-2022/events", new
        {
            date = "2023-02-15",
            place = "berdzor",
            type = "convoy-passed",
            notes = "A convoy passed (answer test, new source).",
            newSources = new[]
            {
                new { publisher = "Answer Test Monitor", url = "https://example.org/answer-test", title = "Convoy passed", published = "2023-02-15", reliability = "B", credibility = 2 },
            },
        });
        Assert.Equal(await Read(client, second), withSource);

        // An edit of the first.
        using var edit = await client.PutAsJsonAsync($"/api/v1/situations/lachin-2022/events/{id}", new
        {
            date = "2023-02-14",
            place = "stepanakert",
            type = "convoy-turned-back",
            actor1 = "azerbaijan",
            notes = "A convoy of 19 trucks turned back at the checkpoint (answer test).",
            sources = new[] { "acaps-nk-blockade-special-report" },
            reason = "the number of trucks is known",
        }, Cancel);
        var edited = await Body(edit);
        Assert.Equal(await Read(client, id), edited);
        Assert.Contains("19 trucks", edited, StringComparison.Ordinal);
    }

    private static async Task<(string Body, string Id)> Post(HttpClient client, string path, object body)
    {
        using var response = await client.PostAsJsonAsync(path, body, Cancel);
        var text = await Body(response);
        return (text, JsonDocument.Parse(text).RootElement.GetProperty("event").GetProperty("id").GetString()!);
    }

    private static async Task<string> Read(HttpClient client, string id)
    {
        using var response = await client.GetAsync($"/api/v1/situations/lachin-2022/events/{id}", Cancel);
        return await Body(response);
    }

    private static async Task<string> Body(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync(Cancel);
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}: {text}");
        return text;
    }
}
