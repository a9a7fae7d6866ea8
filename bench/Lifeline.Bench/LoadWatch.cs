using System.Globalization;

namespace Lifeline.Bench;

/// <summary>
/// Watches the machine's 1-minute load average while the bench runs. On a shared 2-core machine other work
/// (a build, a test run, another database user) slows every figure down; the load says when that happened,
/// so that a reader can tell a slow figure from a busy machine.
/// </summary>
internal static class LoadWatch
{
    private static readonly Lock Gate = new();
    private static Timer? timer;
    private static double min = double.MaxValue;
    private static double max;

    public static void Start() => timer ??= new Timer(_ => Sample(), null, TimeSpan.Zero, TimeSpan.FromSeconds(2));

    /// <summary>The 1-minute load average now, or null where /proc/loadavg does not exist.</summary>
    public static double? Current()
    {
        try
        {
            var text = File.ReadAllText("/proc/loadavg");
            return double.Parse(text.Split(' ')[0], CultureInfo.InvariantCulture);
        }
        catch (IOException)
        {
            return null;
        }
    }

    /// <summary>The lowest and highest load seen since the last call, as text such as "0.9–2.4".</summary>
    public static string TakeRange()
    {
        Sample();
        lock (Gate)
        {
            var range = max == 0 && min == double.MaxValue ? "n/a" : $"{min:N1}–{max:N1}";
            min = double.MaxValue;
            max = 0;
            return range;
        }
    }

    private static void Sample()
    {
        if (Current() is not { } load)
        {
            return;
        }
        lock (Gate)
        {
            min = Math.Min(min, load);
            max = Math.Max(max, load);
        }
    }
}
