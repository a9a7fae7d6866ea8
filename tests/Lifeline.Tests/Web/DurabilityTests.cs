using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Lifeline.Tests.Infrastructure;

namespace Lifeline.Tests.Web;

/// <summary>A write the server acknowledged survives the server being killed outright.</summary>
public sealed class DurabilityTests
{
    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task AcknowledgedWrite_SurvivesKill9(string provider)
    {
        using var database = TestDatabase.Create(provider);
        string[] storage = provider == TestDatabase.Postgres ? ["--postgres", database.Options.ConnectionString] : [];
        var cancel = TestContext.Current.CancellationToken;

        var added = await LifelineProcess.RunWithInput(database.Folder, LifelineServer.Password,
            ["users", "add", "--email", "reporter@example.org", "--role", "reporter", "--password-stdin", "--data", database.Folder, .. storage]);
        Assert.Equal(0, added.ExitCode);

        var (first, address) = await LifelineProcess.Serve(database.Folder, storage);
        string id;
        using (first)
        using (var client = await LifelineProcess.SignIn(address, "reporter@example.org", LifelineServer.Password))
        {
            var response = await client.PostAsJsonAsync("/api/v1/situations/lachin-2022/events", new
            {
                date = "2023-08-17",
                time = "17:55",
                place = "stepanakert",
                type = "utility-cut",
                utility = "internet",
                untilFurtherNotice = true,
                notes = "Durability test: acknowledged just before the server is killed.",
                sources = new[] { "news-am-775042" },
            }, cancel);
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
            id = JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancel)).RootElement.GetProperty("event").GetProperty("id").GetString()!;
            first.KillHard();
        }

        var (second, again) = await LifelineProcess.Serve(database.Folder, storage);
        using (second)
        using (var client = await LifelineProcess.SignIn(again, "reporter@example.org", LifelineServer.Password))
        {
            var response = await client.GetAsync($"/api/v1/situations/lachin-2022/events/{id}", cancel);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var detail = JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancel)).RootElement;
            Assert.Equal("Durability test: acknowledged just before the server is killed.", detail.GetProperty("event").GetProperty("notes").GetString());
        }
    }
}
