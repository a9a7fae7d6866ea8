using System.Data.Common;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using Lifeline.Reports;
using Lifeline.Storage;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Lifeline.Bench;

/// <summary>One engine's export figures: the best of the rounds for each side, and when the first byte and the first row left.</summary>
internal sealed record ExportFigures(
    StorageProvider Provider, int Events, int Rounds, TimeSpan Lifeline, TimeSpan Baseline, TimeSpan FirstByte, TimeSpan FirstRow,
    TimeSpan BaselineFirstRow, long Bytes, long BaselineBytes, long Rows, long BaselineRows)
{
    public double Ratio => Lifeline / Baseline;
}

/// <summary>
/// The events of a large situation exported as ACLED CSV (<see cref="OpenDataExport"/>, as <c>lifeline export --format
/// acled</c> runs it: every event, places, actors and publishers looked up by name) against a baseline in the same run:
/// a plain SELECT of the same columns in the same order, each row written as CSV by a plain <see cref="StreamWriter"/>,
/// with no lookup. Both write to a stream that counts the bytes and notes when the first byte and the first row reach
/// it, and keeps nothing. After one untimed round of each, the sides take turns, round after round, so that a change in
/// the machine's load falls on both.
/// </summary>
internal static class ExportScale
{
    public static IReadOnlyList<ExportFigures> Run(BenchSettings settings)
    {
        var figures = new List<ExportFigures>();
        foreach (var provider in settings.Providers)
        {
            using var database = BenchDatabase.CreateEmpty(settings, provider, $"export_{settings.ExportEvents}");
            MemoryCheck.ImportInChild(settings, database, settings.ExportEvents);
            // One untimed round first: the server that answers an export has its code compiled and its model built already.
            var cold = Lifeline(database);
            Baseline(database);
            Program.Log($"{provider} export warm-up (not counted): Lifeline {cold.Total.TotalSeconds:N2} s, first byte {cold.FirstByte.TotalMilliseconds:N0} ms, first row {cold.FirstRow.TotalMilliseconds:N0} ms");
            var lifeline = new List<Timing>();
            var baseline = new List<Timing>();
            for (var round = 1; round <= settings.ExportRounds; round++)
            {
                baseline.Add(Baseline(database));
                lifeline.Add(Lifeline(database));
                Program.Log($"{provider} export round {round}: Lifeline {lifeline[^1].Total.TotalSeconds:N2} s (first row {lifeline[^1].FirstRow.TotalMilliseconds:N0} ms), "
                    + $"plain {baseline[^1].Total.TotalSeconds:N2} s");
            }
            var best = lifeline.MinBy(t => t.Total)!;
            var bestBaseline = baseline.MinBy(t => t.Total)!;
            figures.Add(new ExportFigures(provider, settings.ExportEvents, settings.ExportRounds, best.Total, bestBaseline.Total,
                lifeline.Max(t => t.FirstByte), lifeline.Max(t => t.FirstRow), baseline.Max(t => t.FirstRow), best.Bytes, bestBaseline.Bytes, best.Rows, bestBaseline.Rows));
            if (best.Rows != settings.ExportEvents || bestBaseline.Rows != settings.ExportEvents)
            {
                throw new InvalidOperationException($"{provider}: the export wrote {best.Rows:N0} rows and the baseline {bestBaseline.Rows:N0}, not {settings.ExportEvents:N0}");
            }
        }
        return figures;
    }

    private sealed record Timing(TimeSpan Total, TimeSpan FirstByte, TimeSpan FirstRow, long Bytes, long Rows);

    private static Timing Lifeline(BenchDatabase database)
    {
        database.ReleaseConnections();
        var header = Encoding.UTF8.GetByteCount(string.Join(',', OpenDataExport.AcledColumns) + "\r\n");
        var clock = Stopwatch.StartNew();
        var output = new CountingStream(clock, header);
        using var db = database.Open();
        var events = db.Events.AsNoTracking().Where(e => e.SituationId == SyntheticSiege.SituationId);
        var rows = OpenDataExport.WriteAsync(db, SyntheticSiege.SituationId, events, OpenDataFormat.Acled, showProtected: true, output, CancellationToken.None)
            .GetAwaiter().GetResult();
        return new Timing(clock.Elapsed, output.FirstByte, output.FirstRow, output.Length, rows);
    }

    private static Timing Baseline(BenchDatabase database)
    {
        database.ReleaseConnections();
        var clock = Stopwatch.StartNew();
        var output = new CountingStream(clock, 0);
        using DbConnection connection = database.Provider == StorageProvider.Sqlite
            ? new SqliteConnection(database.Options.ConnectionString)
            : new NpgsqlConnection(database.Options.ConnectionString);
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT event_id, date, time_precision, type, actor1, actor2, place_id, geo_precision, sources, notes, fatalities, recorded_at "
            + "FROM events WHERE situation_id = @situation ORDER BY date, row_id";
        var situation = command.CreateParameter();
        situation.ParameterName = "situation";
        situation.Value = SyntheticSiege.SituationId;
        command.Parameters.Add(situation);
        using var reader = command.ExecuteReader();
        long rows = 0;
        using (var writer = new StreamWriter(output, new UTF8Encoding(false), 64 * 1024, leaveOpen: true) { NewLine = "\r\n" })
        {
            var cells = new string[reader.FieldCount];
            while (reader.Read())
            {
                for (var i = 0; i < cells.Length; i++)
                {
                    cells[i] = reader.IsDBNull(i) ? "" : Convert.ToString(reader.GetValue(i), CultureInfo.InvariantCulture) ?? "";
                }
                writer.WriteLine(string.Join(',', cells.Select(OpenDataExport.Csv)));
                if (++rows % 1_000 == 0)
                {
                    writer.Flush();
                }
            }
        }
        return new Timing(clock.Elapsed, output.FirstByte, output.FirstRow, output.Length, rows);
    }

    /// <summary>A write-only stream that keeps nothing: it counts bytes and notes when the first byte, and the first byte after <c>header</c> bytes, arrived.</summary>
    private sealed class CountingStream(Stopwatch clock, long header) : Stream
    {
        private long length;

        public TimeSpan FirstByte { get; private set; }

        public TimeSpan FirstRow { get; private set; }

        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => length;

        public override long Position { get => length; set => throw new NotSupportedException(); }

        public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            if (buffer.Length == 0)
            {
                return;
            }
            if (length == 0)
            {
                FirstByte = clock.Elapsed;
            }
            length += buffer.Length;
            if (length > header && FirstRow == TimeSpan.Zero)
            {
                FirstRow = clock.Elapsed;
            }
        }

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
        {
            Write(buffer, offset, count);
            return Task.CompletedTask;
        }

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            Write(buffer.Span);
            return ValueTask.CompletedTask;
        }

        public override void Flush()
        {
        }

        public override Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();
    }
}
