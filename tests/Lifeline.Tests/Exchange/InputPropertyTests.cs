using CsCheck;
using Lifeline.Bench;
using Lifeline.Core.Access;
using Lifeline.Core.Common;
using Lifeline.Events;
using Lifeline.Tests.Infrastructure;
using Lifeline.Tests.Ledger;

namespace Lifeline.Tests.Exchange;

/// <summary>
/// The input properties (bench/Lifeline.Bench/InputFuzz.cs, shared with the long run of <c>bench fuzz</c>): the
/// document reader and the validators give a result for any generated input, never an exception; and text that
/// the rules accept is stored and read back exactly, with the ledger verifying.
/// </summary>
public sealed class InputPropertyTests
{
    [Fact]
    public void DocumentReader_AnyMutatedDocument_ReportsOrReads_NeverThrows() =>
        InputFuzz.Documents.Sample(d => { InputFuzz.Reader(d); }, iter: 3_000, threads: 1);

    [Fact]
    public void Validators_AnyDraft_GiveARecordOrErrors_NeverThrow() =>
        Gen.Select(InputFuzz.Events, InputFuzz.Observations, InputFuzz.Sources, InputFuzz.Scenarios)
            .Sample((e, o, s, a) => InputFuzz.Validators(e, o, s, a), iter: 3_000, threads: 1);

    [Fact]
    public void DocumentReader_TheValidSeed_ReadsEveryRecord() =>
        Assert.True(InputFuzz.Reader(System.Text.Encoding.UTF8.GetBytes(InputFuzz.Document)) >= 7);

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public void AcceptedText_IsStoredExactly_AndTheLedgerVerifies(string provider)
    {
        using var seeded = new Seeded(provider);
        var recorder = seeded.As(new TestUser("reporter", Role.Reporter)).Recorder;
        var stored = 0;
        var chars = Gen.Frequency((8, Gen.Char['a', 'z']), (2, Gen.Char['\u0531', '\u0587']), (2, Gen.Char['\u0410', '\u044f']), (1, Gen.OneOf('\t', '\n', '\r', ' ', '"', '\\', '—', '\u00a0')));
        var notes = chars.Array[1, 300].Select(c => new string(c)).Where(s => s.Trim().Length > 0);
        notes.Sample(text =>
        {
            var outcome = recorder.Record("lachin-2022", new RecordEventRequest
            {
                Date = "2023-08-10",
                Place = "kornidzor",
                Type = "convoy-turned-back",
                Notes = text,
                Sources = ["news-am-775042"],
            });
            var version = Assert.IsType<RecordOutcome.Stored>(outcome).Version;
            seeded.Db.ChangeTracker.Clear();
            var row = seeded.Db.Events.Single(e => e.SituationId == "lachin-2022" && e.EventId == version.Id);
            Assert.Null(TextRules.Problem(text, InputLimits.Notes, TextLines.Many));
            Assert.Equal(text.Trim(), row.Notes);
            stored++;
        }, iter: 40, threads: 1);
        Assert.Equal(40, stored);
        Assert.True(LedgerTestKit.Verify(seeded.Db, seeded.Database.Options).Holds);
    }
}
