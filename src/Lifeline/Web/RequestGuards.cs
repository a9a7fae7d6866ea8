using System.Text.Unicode;
using Lifeline.Core.Common;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Net.Http.Headers;

namespace Lifeline.Web;

/// <summary>
/// What every request must be before any part of Lifeline reads it, answered as problem documents naming what is
/// wrong: an address of at most 8 KiB (414, <c>url</c>), a body within the size limit (413, <c>body</c>), JSON and
/// forms in UTF-8 (415, <c>charset</c>), forms whose every name and value is valid UTF-8 (400 naming the field);
/// and, for every API endpoint, the declared rules of each field of its request body (<see cref="InputRules"/>).
/// </summary>
internal static class RequestGuards
{
    /// <summary>The longest address (path and query) Lifeline reads.</summary>
    public const int MaxUrlLength = 8 * 1024;

    /// <summary>
    /// The longest request line the server itself accepts: past it the server answers a bare 414 before Lifeline
    /// sees the request, so it is set well above <see cref="MaxUrlLength"/> for the problem document to be given.
    /// </summary>
    public const int MaxRequestLineBytes = 64 * 1024;

    public static void UseRequestGuards(this WebApplication app) =>
        app.Use(async (context, next) =>
        {
            if (Refusal(context) is { } refusal)
            {
                await refusal.ExecuteAsync(context);
                return;
            }
            if (await InvalidForm(context) is { } invalid)
            {
                await invalid.ExecuteAsync(context);
                return;
            }
            await next(context);
        });

    /// <summary>For every API endpoint: each request body whose type declares rules is checked before the handler runs.</summary>
    public static EndpointFilterDelegate CheckDeclaredRules(EndpointFilterFactoryContext factory, EndpointFilterDelegate next)
    {
        var declared = factory.MethodInfo.GetParameters()
            .Select((parameter, index) => (parameter, index))
            .Where(p => InputRules.Declares(p.parameter.ParameterType))
            .Select(p => p.index)
            .ToArray();
        if (declared.Length == 0)
        {
            return next;
        }
        return async invocation =>
        {
            foreach (var index in declared)
            {
                var errors = InputRules.Check(invocation.Arguments[index]);
                if (!errors.IsEmpty)
                {
                    return ApiProblems.Validation(errors);
                }
            }
            return await next(invocation);
        };
    }

    private static IResult? Refusal(HttpContext context)
    {
        var request = context.Request;
        var length = request.PathBase.Value?.Length + request.Path.Value?.Length + request.QueryString.Value?.Length ?? 0;
        if (length > MaxUrlLength)
        {
            return Problem(StatusCodes.Status414UriTooLong, "Address too long", "url",
                $"is {length:N0} characters long; at most {MaxUrlLength:N0} are allowed (path and query string)");
        }
        if (request.ContentType is null || !MediaTypeHeaderValue.TryParse(request.ContentType, out var type))
        {
            return null;
        }
        var media = type.MediaType.Value ?? "";
        var json = media.Equals("application/json", StringComparison.OrdinalIgnoreCase) || media.EndsWith("+json", StringComparison.OrdinalIgnoreCase);
        var form = media.Equals("application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase);
        if (!json && !form)
        {
            return null;
        }
        var charset = HeaderUtilities.RemoveQuotes(type.Charset).Value;
        if (!string.IsNullOrEmpty(charset) && !charset.Equals("utf-8", StringComparison.OrdinalIgnoreCase) && !charset.Equals("utf8", StringComparison.OrdinalIgnoreCase))
        {
            return Problem(StatusCodes.Status415UnsupportedMediaType, "Unsupported charset", "charset",
                $"'{RecordDates.Shorten(charset)}' is not accepted: send {(json ? "JSON" : "forms")} as UTF-8 (charset=utf-8, or no charset)");
        }
        var limit = context.Features.Get<IHttpMaxRequestBodySizeFeature>()?.MaxRequestBodySize;
        if (request.ContentLength is { } declared && limit is { } max && declared > max)
        {
            return Problem(StatusCodes.Status413PayloadTooLarge, "Request too large", "body",
                $"is {declared:N0} bytes; at most {max:N0} are accepted");
        }
        return null;
    }

    /// <summary>
    /// A form whose names or values are not valid UTF-8 once percent-decoded: refused rather than read with
    /// replacement characters (U+FFFD) in place of what was sent.
    /// </summary>
    private static async Task<IResult?> InvalidForm(HttpContext context)
    {
        var request = context.Request;
        if (!HttpMethods.IsPost(request.Method) && !HttpMethods.IsPut(request.Method)
            || request.ContentType is null
            || !request.ContentType.StartsWith("application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }
        request.EnableBuffering();
        byte[] body;
        using (var copy = new MemoryStream())
        {
            try
            {
                await request.Body.CopyToAsync(copy, context.RequestAborted);
            }
            catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
            {
                return Problem(ex.StatusCode, "Request too large", "body", ex.Message);
            }
            body = copy.ToArray();
        }
        request.Body.Position = 0;
        var start = 0;
        while (start <= body.Length)
        {
            var end = Array.IndexOf(body, (byte)'&', start);
            if (end < 0)
            {
                end = body.Length;
            }
            var pair = body.AsSpan(start, end - start);
            var equals = pair.IndexOf((byte)'=');
            var name = Decode(equals < 0 ? pair : pair[..equals]);
            var value = equals < 0 ? [] : Decode(pair[(equals + 1)..]);
            if (!Utf8.IsValid(name) || !Utf8.IsValid(value))
            {
                var field = System.Text.Encoding.UTF8.GetString(name);
                return Problem(StatusCodes.Status400BadRequest, "The request could not be read", field.Length == 0 ? "body" : field,
                    "is not valid UTF-8 text");
            }
            start = end + 1;
        }
        return null;
    }

    /// <summary>Percent-decodes one name or value of a form, '+' being a space.</summary>
    private static byte[] Decode(ReadOnlySpan<byte> encoded)
    {
        var decoded = new byte[encoded.Length];
        var n = 0;
        for (var i = 0; i < encoded.Length; i++)
        {
            var b = encoded[i];
            if (b == '%' && i + 2 < encoded.Length && Hex(encoded[i + 1]) is { } high && Hex(encoded[i + 2]) is { } low)
            {
                decoded[n++] = (byte)(high << 4 | low);
                i += 2;
            }
            else
            {
                decoded[n++] = b == '+' ? (byte)' ' : b;
            }
        }
        return decoded[..n];
    }

    private static int? Hex(byte b) => b switch
    {
        >= (byte)'0' and <= (byte)'9' => b - '0',
        >= (byte)'a' and <= (byte)'f' => b - 'a' + 10,
        >= (byte)'A' and <= (byte)'F' => b - 'A' + 10,
        _ => null,
    };

    private static IResult Problem(int status, string title, string field, string message) =>
        TypedResults.Problem(new HttpValidationProblemDetails(new Dictionary<string, string[]> { [field] = [message] })
        {
            Status = status,
            Title = title,
            Detail = $"{field}: {message}",
        });
}
