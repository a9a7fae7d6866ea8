using System.IO.Compression;
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
        "Set-Cookie", "Date", "Content-Length", "Transfer-Encoding", "Server", "Content-Encoding", Header,
    };

    private readonly MemoryCache answers = new(new MemoryCacheOptions { SizeLimit = MaxBytes });

    private long kept;

    /// <summary>How many answers were built and kept (for tests).</summary>
    public long Kept => Interlocked.Read(ref kept);

    public void Dispose() => answers.Dispose();

    /// <summary>
    /// A kept answer, and its Brotli and gzip forms, each made once when a reader first asks for it: compressing the
    /// same answer for every reader would cost more than building it did.
    /// </summary>
    private sealed class Answer(int status, KeyValuePair<string, StringValues>[] headers, byte[] body, bool compressible)
    {
        private readonly Lazy<byte[]> brotli = new(() => Compress(body, s => new BrotliStream(s, CompressionLevel.Optimal)));
        private readonly Lazy<byte[]> gzip = new(() => Compress(body, s => new GZipStream(s, CompressionLevel.Optimal)));

        public int Status => status;

        public KeyValuePair<string, StringValues>[] Headers => headers;

        /// <summary>The bytes to send to a reader who accepts <paramref name="acceptEncoding"/>, and their encoding (null: as built).</summary>
        public (byte[] Bytes, string? Encoding) For(StringValues acceptEncoding)
        {
            if (compressible && body.Length > 860)
            {
                if (Accepts(acceptEncoding, "br"))
                {
                    return (brotli.Value, "br");
                }
                if (Accepts(acceptEncoding, "gzip"))
                {
                    return (gzip.Value, "gzip");
                }
            }
            return (body, null);
        }

        private static byte[] Compress(byte[] bytes, Func<Stream, Stream> compressor)
        {
            using var output = new MemoryStream();
            using (var compressing = compressor(output))
            {
                compressing.Write(bytes);
            }
            return output.ToArray();
        }
    }

    /// <summary>Whether an <c>Accept-Encoding</c> header takes <paramref name="coding"/> (listed without <c>q=0</c>).</summary>
    internal static bool Accepts(StringValues acceptEncoding, string coding)
    {
        foreach (var value in acceptEncoding)
        {
            foreach (var part in (value ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            {
                var pieces = part.Split(';', StringSplitOptions.TrimEntries);
                if (!pieces[0].Equals(coding, StringComparison.OrdinalIgnoreCase))
                {
                    continue;
                }
                var refused = pieces.Skip(1).Any(p => p.Replace(" ", "", StringComparison.Ordinal) is "q=0" or "q=0.0" or "q=0.00" or "q=0.000");
                return !refused;
            }
        }
        return false;
    }

    private static bool IsCompressible(string? contentType) =>
        contentType is not null && (contentType.StartsWith("text/", StringComparison.OrdinalIgnoreCase)
            || contentType.Contains("json", StringComparison.OrdinalIgnoreCase)
            || contentType.Contains("xml", StringComparison.OrdinalIgnoreCase));

    /// <summary>
    /// Whether this request may be answered from memory: a GET from a reader who sends no credentials and no cookie
    /// but the language they chose (so nothing about the reader but the language can change the answer, and the
    /// language is part of the key).
    /// </summary>
    public static bool Applies(HttpRequest request) =>
        HttpMethods.IsGet(request.Method)
        && (!request.Headers.ContainsKey("Cookie") || request.Cookies.Count == 1 && request.Cookies.ContainsKey(Translations.Cookie))
        && !request.Headers.ContainsKey("Authorization");

    /// <summary>
    /// The key of an answer: its tag, address and <c>Accept</c>, and the language it is written in (whether chosen by
    /// cookie or by <c>Accept-Language</c>), so that a reader is never given a page in another reader's language.
    /// </summary>
    public static string KeyOf(HttpRequest request, string tag, string language) =>
        $"{tag}|{language}|{request.Scheme}://{request.Host}{request.PathBase}{request.Path}{request.QueryString}|{request.Headers.Accept}";

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
        var (bytes, encoding) = answer.For(context.Request.Headers.AcceptEncoding);
        if (encoding is not null)
        {
            // Already compressed: the compression further out sees the encoding and leaves the answer as it is.
            response.Headers.ContentEncoding = encoding;
        }
        response.ContentLength = bytes.Length;
        await response.Body.WriteAsync(bytes, context.RequestAborted);
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
        var compressible = IsCompressible(response.ContentType);
        answers.Set(key, new Answer(response.StatusCode, headers, body, compressible), new MemoryCacheEntryOptions
        {
            // Room for the compressed forms too, which are smaller than the answer.
            Size = (compressible ? 2 : 1) * body.Length + 1_024,
            // Keys name the data version: an answer of a version no longer current is never asked for again.
            SlidingExpiration = TimeSpan.FromMinutes(10),
        });
        Interlocked.Increment(ref kept);
    }
}
