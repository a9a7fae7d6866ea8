using System.Security.Cryptography;
using System.Text;
using Lifeline.Accounts;

namespace Lifeline.Web;

/// <summary>Marks an answer that depends only on the data version its reader sees, the reader and the day.</summary>
internal sealed class DataVersionTagged;

/// <summary>
/// ETags for the answers marked <see cref="DataVersionTagged"/> (the dashboard, the situation and its calendar, the
/// event lists): the tag names the data version the reader sees (<see cref="ReaderVersion"/>), the reader, and
/// today's date (a dashboard without a date shows today) and the language of the page. A reader that sends the tag it has with
/// <c>If-None-Match</c> is answered 304 without the answer being built again. Answers carry <c>Cache-Control:
/// no-cache</c> (always ask again) and, for a signed-in reader, <c>private</c>. What the public is answered is kept
/// whole under its tag (<see cref="AnswerCache"/>), so the next public reader of the same address is answered from memory.
/// </summary>
internal static class DataVersionTags
{
    public static TBuilder WithDataVersionTag<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new DataVersionTagged());

    public static WebApplication UseDataVersionTags(this WebApplication app)
    {
        app.Use(async (context, next) =>
        {
            if (!(HttpMethods.IsGet(context.Request.Method) || HttpMethods.IsHead(context.Request.Method))
                || context.GetEndpoint()?.Metadata.GetMetadata<DataVersionTagged>() is null)
            {
                await next(context);
                return;
            }
            var services = context.RequestServices;
            var reader = services.GetRequiredService<ReaderVersion>();
            var viewer = services.GetRequiredService<ICurrentUser>().Viewer;
            var today = DateOnly.FromDateTime(services.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime);
            // The language too: a page in Armenian and the same page in Russian are two answers, never one another's 304.
            var tag = Tag($"{await reader.KeyAsync(context.RequestAborted)}|{viewer.UserId}|{today:yyyy-MM-dd}|{Translations.Current}");
            var headers = context.Response.Headers;
            headers.CacheControl = viewer.IsAnonymous ? "no-cache" : "private, no-cache";
            headers.Vary = "Cookie, Authorization, Accept-Encoding, Accept-Language";
            if (context.Request.Headers.IfNoneMatch.Any(value => value is not null
                    && value.Split(',', StringSplitOptions.TrimEntries).Any(t => t == tag || t == "*")))
            {
                headers.ETag = tag;
                context.Response.StatusCode = StatusCodes.Status304NotModified;
                return;
            }
            var cache = viewer.IsAnonymous && AnswerCache.Applies(context.Request) ? services.GetRequiredService<AnswerCache>() : null;
            var key = cache is null ? null : AnswerCache.KeyOf(context.Request, tag, Translations.Current);
            if (cache is not null && await cache.TryAnswerAsync(context, key!))
            {
                return;
            }
            context.Response.OnStarting(() =>
            {
                // Only a whole answer is worth a tag: not an error, not a refusal.
                if (context.Response.StatusCode == StatusCodes.Status200OK)
                {
                    context.Response.Headers.ETag = tag;
                }
                return Task.CompletedTask;
            });
            if (cache is not null)
            {
                await cache.BuildAndKeepAsync(context, key!, next);
                return;
            }
            await next(context);
        });
        return app;
    }

    private static string Tag(string key) =>
        $"W/\"{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)).AsSpan(0, 12))}\"";
}
