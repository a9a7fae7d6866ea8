using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Primitives;

namespace Lifeline.Web;

/// <summary>
/// Whole answers to the public, kept in memory under their data-version tag and address: the dashboard, the situation,
/// its calendar and the event lists as an anonymous reader gets them. The tag names the public data version and the
/// day (<see cref="DataVersionTags"/>), so an answer kept is the answer that would be built again, and a publication
/// changes the tag instead of having to find and discard answers. Signed-in readers are always answered afresh.
/// </summary>
internal sealed class AnswerCache : IDisposable
{
    /// <summary>The memory all kept answers may take together; the least used go first beyond it.</summary>
    public const long MaxBytes = 64L * 1024 * 1024;

    /// <summary>An answer larger than this is not kept (a whole calendar of years is, a bulk export is not tagged).</summary>
    public const int MaxAnswerBytes = 1024 * 1024;

    /// <summary>The header that says an answer came from memory.</summary>
    public const string Header = "X-Lifeline-Answer";

    /// <summary>Headers that belong to one answer and are never replayed.</summary>
    private static readonly HashSet<string> NotKept = new(StringComparer.OrdinalIgnoreCase)
    {
        "Set-Cookie", "Date", "Content-Length", "Transfer-Encoding", "Server", Header,
    };

    private readonly MemoryCache answers = new(new MemoryCacheOptions { SizeLimit = MaxBytes });

    private long kept;

    /// <summary>How many answers were built and kept (for tests).</summary>
    public long Kept => Interlocked.Read(ref kept);

    public void Dispose() => answers.Dispose();

    private sealed record Answer(int Status, KeyValuePair<string, StringValues>[] Headers, byte[] Body);

    /// <summary>
    /// Whether this request may be answered from memory: a GET from a reader who sends no cookie and no credentials
    /// (so nothing about the reader can change the answer).
    /// </summary>
    public static bool Applies(HttpRequest request) =>
        HttpMethods.IsGet(request.Method)
        && !request.Headers.ContainsKey("Cookie")
        && !request.Headers.ContainsKey("Authorization");

    public static string KeyOf(HttpRequest request, string tag) =>
        $"{tag}|{request.Scheme}://{request.Host}{request.PathBase}{request.Path}{request.QueryString}|{request.Headers.Accept}";

    /// <summary>Answers from memory when the answer for <paramref name="key"/> is kept.</summary>
    public async Task<bool> TryAnswerAsync(HttpContext context, string key)
    {
        if (!answers.TryGetValue(key, out Answer? answer) || answer is null)
        {
            return false;
        }
        var response = context.Response;
        response.StatusCode = answer.Status;
        foreach (var (name, value) in answer.Headers)
        {
            if (!response.Headers.ContainsKey(name))
            {
                response.Headers[name] = value;
            }
        }
        response.Headers[Header] = "kept";
        response.ContentLength = answer.Body.Length;
        await response.Body.WriteAsync(answer.Body, context.RequestAborted);
        return true;
    }

    /// <summary>Runs <paramref name="next"/>, copying what it writes; a whole 200 answer that sets no cookie is kept.</summary>
    public async Task BuildAndKeepAsync(HttpContext context, string key, RequestDelegate next)
    {
        var response = context.Response;
        var original = response.Body;
        await using var copy = new CopyingStream(original, MaxAnswerBytes);
        response.Body = copy;
        try
        {
            await next(context);
        }
        finally
        {
            response.Body = original;
        }
        if (response.StatusCode != StatusCodes.Status200OK || copy.Overflowed || context.RequestAborted.IsCancellationRequested
            || response.Headers.ContainsKey("Set-Cookie"))
        {
            return;
        }
        var body = copy.Copied();
        var headers = response.Headers.Where(h => !NotKept.Contains(h.Key)).ToArray();
        answers.Set(key, new Answer(response.StatusCode, headers, body), new MemoryCacheEntryOptions
        {
            Size = body.Length + 1_024,
            // Keys name the data version: an answer of a version no longer current is never asked for again.
            SlidingExpiration = TimeSpan.FromMinutes(10),
        });
        Interlocked.Increment(ref kept);
    }

    /// <summary>Writes through to the answer and keeps a copy of the first <c>limit</c> bytes.</summary>
    private sealed class CopyingStream(Stream inner, int limit) : Stream
    {
        private readonly MemoryStream copy = new();

        public bool Overflowed { get; private set; }

        public byte[] Copied() => copy.ToArray();

        private void Keep(ReadOnlySpan<byte> bytes)
        {
            if (Overflowed)
            {
                return;
            }
            if (copy.Length + bytes.Length > limit)
            {
                Overflowed = true;
                copy.SetLength(0);
                return;
            }
            copy.Write(bytes);
        }

        public override void Write(byte[] buffer, int offset, int count)
        {
            Keep(buffer.AsSpan(offset, count));
            inner.Write(buffer, offset, count);
        }

        public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            Keep(buffer.Span);
            await inner.WriteAsync(buffer, cancellationToken);
        }

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override void Flush() => inner.Flush();

        public override Task FlushAsync(CancellationToken cancellationToken) => inner.FlushAsync(cancellationToken);

        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => throw new NotSupportedException();
            set => throw new NotSupportedException();
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                copy.Dispose();
            }
            base.Dispose(disposing);
        }
    }
}
