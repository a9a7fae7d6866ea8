using System.Buffers;
using System.Data;
using System.Data.Common;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using Lifeline.Ledger;
using Lifeline.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;
using NpgsqlTypes;

namespace Lifeline.Evidence;

/// <summary>
/// Evidence files in the PostgreSQL database, by SHA-256: rows of <see cref="ChunkSize"/> bytes in
/// <c>evidence_chunks</c>, and a row in <c>evidence_blobs</c> written after the last chunk. Ordinary rows rather than
/// large objects (docs/deploy.md says why): they commit with the evidence record in its transaction, are in every
/// <c>pg_dump</c> and every replica, and go with a <c>DELETE</c>. Every node reads every file. Writing reads the
/// content one chunk at a time into one buffer and sends it as a parameter; reading fetches one chunk at a time, each
/// on a connection taken from the pool and given back at once, so a slow download holds no connection while the
/// client reads. Neither ever holds more than one chunk of a file.
/// </summary>
internal sealed class PostgresEvidenceStore(LifelineDbContext db) : IEvidenceStore
{
    /// <summary>1 MiB: large enough that a 1 GB video is a thousand rows, small enough that one row is nothing in memory.</summary>
    public const int ChunkSize = 1024 * 1024;

    public EvidenceStoreKind Kind => EvidenceStoreKind.Postgres;

    public string Describe() => "PostgreSQL";

    public Task<bool> ExistsAsync(Sha256Digest sha256, CancellationToken cancel) =>
        WithConnection(async (connection, transaction) =>
        {
            await using var command = Command(connection, transaction, "SELECT 1 FROM evidence_blobs WHERE sha256 = @h", ("h", sha256.ToHex()));
            return await command.ExecuteScalarAsync(cancel) is not null;
        }, cancel);

    public Task<Stream?> OpenAsync(Sha256Digest sha256, CancellationToken cancel) =>
        WithConnection<Stream?>(async (connection, transaction) =>
        {
            await using var command = Command(connection, transaction, "SELECT size, chunk_size FROM evidence_blobs WHERE sha256 = @h", ("h", sha256.ToHex()));
            await using var reader = await command.ExecuteReaderAsync(cancel);
            if (!await reader.ReadAsync(cancel))
            {
                return null;
            }
            return new ChunkedStream(this, sha256.ToHex(), reader.GetInt64(0), reader.GetInt32(1));
        }, cancel);

    public Task<bool> PutAsync(Sha256Digest sha256, Stream content, CancellationToken cancel) =>
        WithConnection(async (connection, outer) =>
        {
            // In the record's transaction when there is one: the bytes then commit with the record or not at all.
            await using var own = outer is null ? await connection.BeginTransactionAsync(cancel) : null;
            var transaction = outer ?? own!;
            var hex = sha256.ToHex();
            await using (var exists = Command(connection, transaction, "SELECT 1 FROM evidence_blobs WHERE sha256 = @h", ("h", hex)))
            {
                if (await exists.ExecuteScalarAsync(cancel) is not null)
                {
                    return false;
                }
            }
            var buffer = ArrayPool<byte>.Shared.Rent(ChunkSize);
            try
            {
                using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
                // Another transaction writing the same file makes this one wait, then skip what it committed.
                await using var insert = Command(connection, transaction, "INSERT INTO evidence_chunks (sha256, idx, data) VALUES (@h, @i, @d) ON CONFLICT DO NOTHING", ("h", hex));
                var index = new NpgsqlParameter<int>("i", NpgsqlDbType.Integer);
                var data = new NpgsqlParameter<ReadOnlyMemory<byte>>("d", NpgsqlDbType.Bytea);
                insert.Parameters.Add(index);
                insert.Parameters.Add(data);
                long size = 0;
                var chunks = 0;
                while (true)
                {
                    var read = await content.ReadAtLeastAsync(buffer.AsMemory(0, ChunkSize), ChunkSize, throwOnEndOfStream: false, cancel);
                    if (read == 0)
                    {
                        break;
                    }
                    hash.AppendData(buffer, 0, read);
                    index.TypedValue = chunks;
                    data.TypedValue = buffer.AsMemory(0, read);
                    await insert.ExecuteNonQueryAsync(cancel);
                    chunks++;
                    size += read;
                    if (read < ChunkSize)
                    {
                        break;
                    }
                }
                var actual = new Sha256Digest(MerkleHash.FromBytes(hash.GetHashAndReset()));
                if (actual != sha256)
                {
                    throw new EvidenceContentMismatchException(sha256, actual);
                }
                await using var blob = Command(connection, transaction,
                    "INSERT INTO evidence_blobs (sha256, size, chunk_size, stored_at) VALUES (@h, @s, @c, now()) ON CONFLICT DO NOTHING",
                    ("h", hex), ("s", size), ("c", ChunkSize));
                await blob.ExecuteNonQueryAsync(cancel);
                if (own is not null)
                {
                    await own.CommitAsync(cancel);
                }
                return true;
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
        }, cancel);

    public async IAsyncEnumerable<Sha256Digest> ListAsync([EnumeratorCancellation] CancellationToken cancel)
    {
        var after = "";
        while (true)
        {
            var page = await WithConnection(async (connection, transaction) =>
            {
                await using var command = Command(connection, transaction, "SELECT sha256 FROM evidence_blobs WHERE sha256 > @a ORDER BY sha256 LIMIT 1000", ("a", after));
                await using var reader = await command.ExecuteReaderAsync(cancel);
                var hashes = new List<string>();
                while (await reader.ReadAsync(cancel))
                {
                    hashes.Add(reader.GetString(0));
                }
                return hashes;
            }, cancel);
            foreach (var hex in page)
            {
                if (Sha256Digest.TryParse(hex, out var digest))
                {
                    yield return digest;
                }
            }
            if (page.Count < 1000)
            {
                yield break;
            }
            after = page[^1];
        }
    }

    public Task DeleteAsync(Sha256Digest sha256, CancellationToken cancel) =>
        WithConnection(async (connection, outer) =>
        {
            await using var own = outer is null ? await connection.BeginTransactionAsync(cancel) : null;
            var transaction = outer ?? own!;
            await using (var blob = Command(connection, transaction, "DELETE FROM evidence_blobs WHERE sha256 = @h", ("h", sha256.ToHex())))
            {
                await blob.ExecuteNonQueryAsync(cancel);
            }
            await using (var chunks = Command(connection, transaction, "DELETE FROM evidence_chunks WHERE sha256 = @h", ("h", sha256.ToHex())))
            {
                await chunks.ExecuteNonQueryAsync(cancel);
            }
            if (own is not null)
            {
                await own.CommitAsync(cancel);
            }
            return true;
        }, cancel);

    /// <summary>
    /// Reads one chunk into <paramref name="buffer"/>: the column is streamed (sequential access) straight into it, so
    /// nothing of the size of a chunk is allocated per read. Synchronous for callers that read synchronously (the
    /// command line's zip writer); the server reads asynchronously.
    /// </summary>
    private async ValueTask<int> ReadChunk(string hex, int index, byte[] buffer, int chunkSize, bool useAsync, CancellationToken cancel)
    {
        if (useAsync)
        {
            await db.Database.OpenConnectionAsync(cancel);
        }
        else
        {
            db.Database.OpenConnection();
        }
        try
        {
            var connection = db.Database.GetDbConnection();
            await using var command = Command(connection, db.Database.CurrentTransaction?.GetDbTransaction(),
                "SELECT data FROM evidence_chunks WHERE sha256 = @h AND idx = @i", ("h", hex), ("i", index));
            await using var reader = useAsync ? await command.ExecuteReaderAsync(CommandBehavior.SequentialAccess, cancel) : command.ExecuteReader(CommandBehavior.SequentialAccess);
            if (!(useAsync ? await reader.ReadAsync(cancel) : reader.Read()))
            {
                throw new IOException($"Chunk {index} of evidence file {hex} is missing from the database.");
            }
            await using var column = reader.GetStream(0);
            var total = 0;
            while (total < chunkSize)
            {
                var read = useAsync ? await column.ReadAsync(buffer.AsMemory(total, chunkSize - total), cancel) : column.Read(buffer, total, chunkSize - total);
                if (read == 0)
                {
                    return total;
                }
                total += read;
            }
            // A chunk longer than a chunk was not written by this store: its extra bytes would be silently dropped.
            var extra = new byte[1];
            if ((useAsync ? await column.ReadAsync(extra, cancel) : column.Read(extra, 0, 1)) > 0)
            {
                throw new IOException($"Chunk {index} of evidence file {hex} is longer than {chunkSize:N0} bytes: it was altered.");
            }
            return total;
        }
        finally
        {
            if (useAsync)
            {
                await db.Database.CloseConnectionAsync();
            }
            else
            {
                db.Database.CloseConnection();
            }
        }
    }

    /// <summary>Runs <paramref name="work"/> on the context's connection (opened for it if need be) in its current transaction, if any.</summary>
    private async Task<T> WithConnection<T>(Func<NpgsqlConnection, NpgsqlTransaction?, Task<T>> work, CancellationToken cancel)
    {
        await db.Database.OpenConnectionAsync(cancel);
        try
        {
            return await work((NpgsqlConnection)db.Database.GetDbConnection(), (NpgsqlTransaction?)db.Database.CurrentTransaction?.GetDbTransaction());
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    private static NpgsqlCommand Command(DbConnection connection, DbTransaction? transaction, string sql, params (string Name, object Value)[] parameters)
    {
        var command = new NpgsqlCommand(sql, (NpgsqlConnection)connection, (NpgsqlTransaction?)transaction);
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }
        return command;
    }

    /// <summary>
    /// A file kept in chunks, read one chunk at a time into one buffer. Seekable (each seek fetches the chunk it lands in),
    /// so that a download carries its Content-Length.
    /// </summary>
    private sealed class ChunkedStream(PostgresEvidenceStore store, string hex, long length, int chunkSize) : Stream
    {
        private readonly byte[] buffer = ArrayPool<byte>.Shared.Rent(chunkSize);
        private int loaded = -1;
        private int loadedLength;
        private long position;
        private bool disposed;

        public override bool CanRead => !disposed;
        public override bool CanSeek => !disposed;
        public override bool CanWrite => false;
        public override long Length => length;

        public override long Position
        {
            get => position;
            set => position = value >= 0 ? value : throw new ArgumentOutOfRangeException(nameof(value), value, "A position is never negative.");
        }

        public override int Read(byte[] destination, int offset, int count) => Read(destination.AsSpan(offset, count));

        public override int Read(Span<byte> destination)
        {
            // Synchronous callers only (the command line): the chunk is fetched with synchronous calls.
            if (NeedsChunk(out var index))
            {
                loadedLength = store.ReadChunk(hex, index, buffer, chunkSize, useAsync: false, CancellationToken.None).AsTask().GetAwaiter().GetResult();
                loaded = index;
            }
            return CopyOut(destination);
        }

        public override Task<int> ReadAsync(byte[] destination, int offset, int count, CancellationToken cancel) =>
            ReadAsync(destination.AsMemory(offset, count), cancel).AsTask();

        public override async ValueTask<int> ReadAsync(Memory<byte> destination, CancellationToken cancel = default)
        {
            if (NeedsChunk(out var index))
            {
                loadedLength = await store.ReadChunk(hex, index, buffer, chunkSize, useAsync: true, cancel);
                loaded = index;
            }
            return CopyOut(destination.Span);
        }

        private bool NeedsChunk(out int index)
        {
            ObjectDisposedException.ThrowIf(disposed, this);
            index = (int)(position / chunkSize);
            return position < length && index != loaded;
        }

        private int CopyOut(Span<byte> destination)
        {
            if (position >= length || destination.IsEmpty)
            {
                return 0;
            }
            var offset = (int)(position - ((long)loaded * chunkSize));
            var available = Math.Min(loadedLength - offset, (int)Math.Min(int.MaxValue, length - position));
            if (available <= 0)
            {
                throw new IOException($"Chunk {loaded} of evidence file {hex} is shorter than the file's size says.");
            }
            var count = Math.Min(available, destination.Length);
            buffer.AsSpan(offset, count).CopyTo(destination);
            position += count;
            return count;
        }

        public override long Seek(long offset, SeekOrigin origin) => Position = origin switch
        {
            SeekOrigin.Begin => offset,
            SeekOrigin.Current => position + offset,
            SeekOrigin.End => length + offset,
            _ => throw new ArgumentOutOfRangeException(nameof(origin)),
        };

        public override void Flush()
        {
        }

        public override void SetLength(long value) => throw new NotSupportedException("Evidence is never changed.");

        public override void Write(byte[] source, int offset, int count) => throw new NotSupportedException("Evidence is never changed.");

        protected override void Dispose(bool disposing)
        {
            if (!disposed)
            {
                disposed = true;
                ArrayPool<byte>.Shared.Return(buffer);
            }
            base.Dispose(disposing);
        }
    }
}
