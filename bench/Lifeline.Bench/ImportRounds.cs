using System.Diagnostics;
using Lifeline.Exchange;
using Lifeline.Storage;

namespace Lifeline.Bench;

/// <summary>One case timed in turn with the others: the median and the spread, in milliseconds.</summary>
internal sealed record VariantTime(StorageProvider Provider, string What, int Runs, double Median, double Min, double Max);

/// <summary>
/// Imports timed in turn with their raw baselines, round by round. The ratios are Lifeline's events/s over the
/// baseline's, per round: median, lowest and highest.
/// </summary>
internal sealed record ImportRounds(StorageProvider Provider, int Events, IReadOnlyList<VariantTime> Variants, Spread ToRaw, Spread ToRawWithLedger);

internal sealed record Spread(double Min, double Median, double Max);

/// <summary>
/// BenchmarkDotNet runs its cases one after another, so a change in the machine's load between them skews their
/// ratio. Here the raw baseline, the raw rows with their ledger rows and the import run in turn, round by round, so
/// that each round's three ran within the same minute or so.
/// </summary>
internal static class ImportInTurn
{
    public static ImportRounds Run(BenchSettings settings, StorageProvider provider)
    {
        var events = settings.ImportEvents;
        var variants = Variants(SyntheticSiege.EnsureFile(settings.DataFolder, events, Program.Log), RawInsert.Build(events));
        // One small untimed round first, so that no case pays for compiling the code paths it shares with others.
        foreach (var (_, run) in Variants(SyntheticSiege.EnsureFile(settings.DataFolder, BenchSettings.CheckEvents, Program.Log), RawInsert.Build(BenchSettings.CheckEvents)))
        {
            using var database = BenchDatabase.CreatePrepared(settings, provider, "in_turn");
            run(database);
        }
        var times = variants.Select(_ => new List<double>()).ToArray();
        var rounds = settings.ImportRounds;
        for (var round = 1; round <= rounds; round++)
        {
            for (var v = 0; v < variants.Count; v++)
            {
                using var database = BenchDatabase.CreatePrepared(settings, provider, "in_turn");
                var clock = Stopwatch.StartNew();
                variants[v].Run(database);
                clock.Stop();
                times[v].Add(clock.Elapsed.TotalMilliseconds);
                Program.Log($"{provider}: round {round}/{rounds}: {variants[v].What}: {clock.Elapsed.TotalSeconds:N2} s");
            }
        }
        // Lifeline's events per second as a share of a baseline's, round by round: the baseline's time over Lifeline's.
        return new ImportRounds(provider, events, variants.Select((v, i) => Summarise(provider, v.What, times[i])).ToList(),
            Ratios(times[0], times[2]), Ratios(times[1], times[2]));
    }

    private static List<(string What, Action<BenchDatabase> Run)> Variants(string file, RawInsert rows) =>
    [
        ("raw: event rows", db => rows.Write(db, withLedger: false)),
        ("raw: event rows and their ledger rows", db => rows.Write(db, withLedger: true)),
        ("Lifeline import", db => Import(db, file)),
    ];

    private static void Import(BenchDatabase database, string file)
    {
        using var db = database.Open();
        using var stream = File.OpenRead(file);
        var result = new Importer(db, TimeProvider.System).Import(stream, RawInsert.RecordedBy, RawInsert.Reason);
        if (!result.Succeeded)
        {
            throw new InvalidOperationException($"Import failed: {string.Join("; ", result.Errors.Take(5))}");
        }
    }

    private static Spread Ratios(List<double> baseline, List<double> lifeline)
    {
        var ratios = baseline.Select((b, i) => b / lifeline[i]).Order().ToArray();
        return new Spread(ratios[0], ratios[ratios.Length / 2], ratios[^1]);
    }

    private static VariantTime Summarise(StorageProvider provider, string what, List<double> times)
    {
        var sorted = times.Order().ToArray();
        return new VariantTime(provider, what, sorted.Length, sorted[sorted.Length / 2], sorted[0], sorted[^1]);
    }
}
