using Lifeline.Evidence;
using Lifeline.Ledger;
using Microsoft.EntityFrameworkCore;

namespace Lifeline.Tests.Evidence;

/// <summary>Tests that measure what the whole process allocates, so they run when no other test does.</summary>
[CollectionDefinition(nameof(RunsAlone), DisableParallelization = true)]
public sealed class RunsAlone;

/// <summary>
/// A large file passes through the PostgreSQL store one chunk at a time: the store never holds more than a chunk of
/// it, writing or reading. Checked by what the process allocates while 64 chunks pass through (memory is not timed,
/// and the bound is a fraction of the file); the 1 GB figures are in docs/performance.md.
/// </summary>
[Collection(nameof(RunsAlone))]
public sealed class EvidenceStreamingTests
{
    private const int Chunk = PostgresEvidenceStore.ChunkSize;
    private const long FileLength = (64L * Chunk) + 12_345;
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task PostgresStore_WritesAndReadsAFileOfManyChunks_HoldingAtMostAFewChunks()
    {
        using var open = new EvidenceStoreTests.OpenStore("postgres");
        var store = open.Store;
        var sha256 = await Sha256Digest.OfAsync(new GeneratedStream(FileLength), Cancel);
        // Warm up the connection pool, the statements and the buffers' pool with a small file.
        var small = EvidenceStoreTests.Bytes(Chunk + 1);
        await store.PutAsync(Sha256Digest.Of(small), new MemoryStream(small), Cancel);
        await using (var warm = (await store.OpenAsync(Sha256Digest.Of(small), Cancel))!)
        {
            await Sha256Digest.OfAsync(warm, Cancel);
        }

        var before = GC.GetTotalAllocatedBytes(precise: true);
        Assert.True(await store.PutAsync(sha256, new GeneratedStream(FileLength), Cancel));
        var written = GC.GetTotalAllocatedBytes(precise: true) - before;

        before = GC.GetTotalAllocatedBytes(precise: true);
        Sha256Digest read;
        await using (var content = (await store.OpenAsync(sha256, Cancel))!)
        {
            read = await Sha256Digest.OfAsync(content, Cancel);
        }
        var readBack = GC.GetTotalAllocatedBytes(precise: true) - before;

        Assert.Equal(sha256, read);
        var hash = sha256.ToHex();
        Assert.Equal(65, await open.Db.Set<EvidenceChunkRow>().CountAsync(c => c.Sha256 == hash, Cancel));
        // A store that buffered the file, or allocated a chunk per chunk, would allocate at least 64 MiB each way.
        Assert.True(written < 4 * Chunk, $"writing a file of {FileLength:N0} bytes allocated {written:N0} bytes");
        Assert.True(readBack < 4 * Chunk, $"reading a file of {FileLength:N0} bytes allocated {readBack:N0} bytes");
    }

    /// <summary>Bytes made as they are read, never all at once; it cannot seek, as a request body cannot.</summary>
    private sealed class GeneratedStream(long length) : Stream
    {
        private readonly Random random = new(42);
        private long position;

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => position; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            var count = (int)Math.Min(buffer.Length, length - position);
            random.NextBytes(buffer[..count]);
            position += count;
            return count;
        }

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) => new(Read(buffer.Span));

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) => Task.FromResult(Read(buffer, offset, count));

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
