namespace Lifeline.Tests.Infrastructure;

/// <summary>
/// Several Lifeline nodes over one new PostgreSQL database, each node a process in its own folder with its own home
/// (as on separate machines, so nothing is shared through the file system), and the deployment's keys made once
/// with <c>lifeline keys new</c>.
/// </summary>
internal sealed class Deployment : IDisposable
{
    private readonly List<LifelineProcess> nodes = [];

    private Deployment(TestDatabase database, string keys)
    {
        Database = database;
        Keys = keys;
    }

    public TestDatabase Database { get; }

    /// <summary>The folder with the deployment's keys (<c>ledger-signing-key</c>, <c>sign-in-keys.pfx</c>).</summary>
    public string Keys { get; }

    public string[] StorageArgs(string folder) => ["--data", folder, "--postgres", Database.Options.ConnectionString];

    /// <summary>A new database and the deployment's keys (made through the command line, as an operator does).</summary>
    public static async Task<Deployment> Create()
    {
        var database = TestDatabase.Create(TestDatabase.Postgres);
        var keys = Path.Combine(database.Folder, "keys");
        var made = await LifelineProcess.Run(database.Folder, "keys", "new", "--out", keys);
        Assert.True(made.ExitCode == 0, made.Output + made.Error);
        return new Deployment(database, keys);
    }

    /// <summary>The folder of node <paramref name="name"/>: its data folder and its home.</summary>
    public string Folder(string name)
    {
        var folder = Path.Combine(Database.Folder, "nodes", name);
        Directory.CreateDirectory(folder);
        return folder;
    }

    /// <summary>What every node of this deployment is given: its name, its own home, and the deployment's keys.</summary>
    public Dictionary<string, string> Environment(string name, bool withKeys = true)
    {
        var environment = new Dictionary<string, string>
        {
            ["HOME"] = Folder(name),
            ["LIFELINE_NODE_NAME"] = name,
        };
        if (withKeys)
        {
            environment["LIFELINE_LEDGER_KEY"] = Path.Combine(Keys, "ledger-signing-key");
            environment["LIFELINE_SIGN_IN_KEYS_CERTIFICATE"] = Path.Combine(Keys, "sign-in-keys.pfx");
        }
        return environment;
    }

    /// <summary>Starts node <paramref name="name"/> and waits until it answers <c>/readyz</c>.</summary>
    public async Task<(LifelineProcess Node, Uri Address)> Start(string name, IReadOnlyDictionary<string, string>? settings = null, bool withKeys = true)
    {
        var environment = Environment(name, withKeys);
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
        {
            environment[key] = value;
        }
        var (node, address) = await LifelineProcess.ServeWith(Folder(name), environment, "--postgres", Database.Options.ConnectionString);
        lock (nodes)
        {
            nodes.Add(node);
        }
        return (node, address);
    }

    /// <summary>Adds an account through the command line; its password is <see cref="LifelineServer.Password"/>.</summary>
    public async Task<string> AddUser(string role)
    {
        var email = $"{role}-{Guid.NewGuid():N}@example.org";
        var added = await LifelineProcess.RunWithInput(Database.Folder, LifelineServer.Password,
            ["users", "add", "--email", email, "--role", role, "--password-stdin", .. StorageArgs(Folder("admin"))]);
        Assert.True(added.ExitCode == 0, added.Output + added.Error);
        return email;
    }

    public void Dispose()
    {
        foreach (var node in nodes)
        {
            node.Dispose();
        }
        Database.Dispose();
    }
}
