using Lifeline.Evidence;
using Lifeline.Ledger;
using Lifeline.Storage;
using Lifeline.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Lifeline.Tests.Evidence;

/// <summary>The two evidence stores behind their one interface: the folder, and PostgreSQL in chunks.</summary>
public sealed class EvidenceStoreTests
{
    private const int Chunk = PostgresEvidenceStore.ChunkSize;
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    public static TheoryData<string> Stores => new("folder", "postgres");

    /// <summary>A store of the kind asked for: a folder in a test folder, or a new PostgreSQL database.</summary>
    internal sealed class OpenStore : IDisposable
    {
        public OpenStore(string kind)
        {
            Database = TestDatabase.Create(kind == "postgres" ? TestDatabase.Postgres : TestDatabase.Sqlite);
            Db = Database.Open();
            Storage = new EvidenceStorage(Db, Database.Options);
            Store = kind == "postgres" ? Storage.Database! : Storage.Folder;
        }

        public TestDatabase Database { get; }
        public LifelineDbContext Db { get; }
        public EvidenceStorage Storage { get; }
        public IEvidenceStore Store { get; }

        public void Dispose()
        {
            Db.Dispose();
            Database.Dispose();
        }
    }

    internal static byte[] Bytes(int length, int seed = 1)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    internal static Sha256Digest Hash(byte[] bytes) => Sha256Digest.Of(bytes);

    internal static async Task<byte[]> ReadAll(Stream stream)
    {
        using var copy = new MemoryStream();
        await stream.CopyToAsync(copy, Cancel);
        return copy.ToArray();
    }

    /// <summary>How many chunk rows and file rows PostgreSQL holds, read on a connection of its own.</summary>
    internal static async Task<(long Chunks, long Files)> RowsIn(TestDatabase database)
    {
        using var db = database.Open(prepare: false);
        return (await db.Set<EvidenceChunkRow>().LongCountAsync(Cancel), await db.Set<EvidenceBlobRow>().LongCountAsync(Cancel));
    }

    [Theory, MemberData(nameof(Stores))]
    public async Task Put_ThenOpen_GivesTheBytesBack_AndListAndDeleteFindThem(string kind)
    {
        using var open = new OpenStore(kind);
        var store = open.Store;
        var bytes = Bytes((2 * Chunk) + (Chunk / 2));
        var sha256 = Hash(bytes);
        Assert.False(await store.ExistsAsync(sha256, Cancel));
        Assert.Null(await store.OpenAsync(sha256, Cancel));

        Assert.True(await store.PutAsync(sha256, new MemoryStream(bytes), Cancel));
        Assert.True(await store.ExistsAsync(sha256, Cancel));
        // Kept already: the content is not even read.
        Assert.False(await store.PutAsync(sha256, new FailingStream(0), Cancel));
        await using (var content = (await store.OpenAsync(sha256, Cancel))!)
        {
            Assert.Equal(bytes.Length, content.Length);
            Assert.Equal(bytes, await ReadAll(content));
        }
        Assert.Equal([sha256], await store.ListAsync(Cancel).ToListAsync(Cancel));

        await store.DeleteAsync(sha256, Cancel);
        Assert.False(await store.ExistsAsync(sha256, Cancel));
        Assert.Empty(await store.ListAsync(Cancel).ToListAsync(Cancel));
    }

    [Theory, MemberData(nameof(Stores))]
    public async Task Put_OfBytesThatAreNotTheirHash_IsRefused_AndKeepsNothing(string kind)
    {
        using var open = new OpenStore(kind);
        var claimed = Hash(Bytes(100, seed: 1));
        var error = await Assert.ThrowsAsync<EvidenceContentMismatchException>(() => open.Store.PutAsync(claimed, new MemoryStream(Bytes(Chunk + 5, seed: 2)), Cancel));
        Assert.Equal(Hash(Bytes(Chunk + 5, seed: 2)), error.Actual);
        Assert.False(await open.Store.ExistsAsync(claimed, Cancel));
        Assert.Empty(await open.Store.ListAsync(Cancel).ToListAsync(Cancel));
        if (kind == "postgres")
        {
            Assert.Equal((0, 0), await RowsIn(open.Database));
        }
        else
        {
            Assert.Empty(Directory.GetFiles(open.Storage.Folder.Root, "*", SearchOption.AllDirectories));
        }
    }

    [Fact]
    public async Task Postgres_UploadFailingMidway_InTheRecordsTransaction_LeavesNoBytes()
    {
        using var open = new OpenStore("postgres");
        var bytes = Bytes(4 * Chunk);
        await using (var transaction = await open.Db.Database.BeginTransactionAsync(Cancel))
        {
            // Three chunks written, then the upload breaks off.
            await Assert.ThrowsAsync<IOException>(() => open.Store.PutAsync(Hash(bytes), new FailingStream((3 * Chunk) + 10, bytes), Cancel));
        }
        Assert.Equal((0, 0), await RowsIn(open.Database));

        // Without a transaction of the caller's, the store's own is rolled back the same way.
        await Assert.ThrowsAsync<IOException>(() => open.Store.PutAsync(Hash(bytes), new FailingStream((2 * Chunk) + 10, bytes), Cancel));
        Assert.Equal((0, 0), await RowsIn(open.Database));
        Assert.False(await open.Store.ExistsAsync(Hash(bytes), Cancel));
    }

    [Fact]
    public async Task Postgres_KeepsAFileAsChunksOfOneMebibyte_AndSeeksWithinIt()
    {
        using var open = new OpenStore("postgres");
        var bytes = Bytes((3 * Chunk) + 1);
        Assert.True(await open.Store.PutAsync(Hash(bytes), new FailingStream(long.MaxValue, bytes), Cancel));
        var lengths = await open.Db.Set<EvidenceChunkRow>().OrderBy(c => c.Idx).Select(c => c.Data.Length).ToListAsync(Cancel);
        Assert.Equal([Chunk, Chunk, Chunk, 1], lengths);

        await using var content = (await open.Store.OpenAsync(Hash(bytes), Cancel))!;
        Assert.True(content.CanSeek);
        content.Position = (2 * Chunk) - 3;
        var across = new byte[6];
        await content.ReadExactlyAsync(across, Cancel);
        Assert.Equal(bytes.AsSpan((2 * Chunk) - 3, 6).ToArray(), across);
        content.Seek(-1, SeekOrigin.End);
        Assert.Equal(bytes[^1], content.ReadByte());
        Assert.Equal(-1, content.ReadByte());
    }

    [Fact]
    public async Task Postgres_AChunkAlteredInTheDatabase_IsNotReadAsTheFile()
    {
        using var open = new OpenStore("postgres");
        var bytes = Bytes(Chunk + 100);
        await open.Store.PutAsync(Hash(bytes), new MemoryStream(bytes), Cancel);
        // Bytes appended to the first chunk: what is read must not silently be the original file.
        await open.Db.Database.ExecuteSqlRawAsync("UPDATE evidence_chunks SET data = data || '\\x00'::bytea WHERE idx = 0", Cancel);
        await using var content = (await open.Store.OpenAsync(Hash(bytes), Cancel))!;
        await Assert.ThrowsAsync<IOException>(() => ReadAll(content));
    }

    [Fact]
    public async Task Storage_ReadsAFileFromTheFolder_WhenTheDatabaseHasItNot()
    {
        using var open = new OpenStore("postgres");
        var bytes = Bytes(1000);
        await open.Storage.Folder.PutAsync(Hash(bytes), new MemoryStream(bytes), Cancel);
        Assert.Equal(EvidenceStoreKind.Postgres, (await open.Storage.ReceivingAsync(Cancel)).Kind);
        await using var content = (await open.Storage.OpenAsync(Hash(bytes), Cancel))!;
        Assert.Equal(bytes, await ReadAll(content));
    }
}

/// <summary>
/// A stream that cannot seek and breaks off with an IOException after <c>failAfter</c> bytes, as an upload cut
/// short does; it gives <c>content</c> (or zeros) until then.
/// </summary>
internal sealed class FailingStream(long failAfter, byte[]? content = null) : Stream
{
    private long position;

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => position; set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        if (position >= failAfter)
        {
            throw new IOException("The sender went away.");
        }
        var left = content is null ? failAfter - position : Math.Min(failAfter, content.Length) - position;
        var count = (int)Math.Min(buffer.Length, left);
        if (content is not null)
        {
            content.AsSpan((int)position, count).CopyTo(buffer);
        }
        else
        {
            buffer[..count].Clear();
        }
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
