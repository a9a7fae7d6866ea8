namespace Lifeline.Tests.Infrastructure;

/// <summary>
/// What the tests need from the machine. On a machine without PostgreSQL or Chromium those tests skip and say
/// how to enable them; under CI (CI=true) a missing service fails the test instead, so nothing is skipped silently.
/// </summary>
internal static class TestEnvironment
{
    public static bool IsCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>Skips the test (or fails it under CI) with <paramref name="howToEnable"/>.</summary>
    public static void Require(bool available, string what, string howToEnable)
    {
        if (available)
        {
            return;
        }
        var message = $"{what} is not available here. {howToEnable}";
        if (IsCi)
        {
            Assert.Fail($"{message} (CI=true: a missing service is a failure, not a skip)");
        }
        Assert.Skip(message);
    }

    /// <summary>The repository root, found from the test binaries.</summary>
    public static string RepositoryRoot
    {
        get
        {
            var directory = new DirectoryInfo(AppContext.BaseDirectory);
            while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Lifeline.slnx")))
            {
                directory = directory.Parent;
            }
            return directory?.FullName ?? throw new InvalidOperationException("Lifeline.slnx not found above the test binaries");
        }
    }
}
