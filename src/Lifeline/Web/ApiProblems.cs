using System.Text.Json;
using Lifeline.Core.Common;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Lifeline.Web;

/// <summary>
/// Every error the API gives is an RFC 9457 problem document; a validation problem names each field and why.
/// No stack trace ever reaches a caller.
/// </summary>
internal static partial class ApiProblems
{
    public static IServiceCollection AddApiProblems(this IServiceCollection services)
    {
        services.AddProblemDetails();
        services.AddExceptionHandler<UnreadableRequestHandler>();
        // Unreadable bodies become exceptions, so that the handler below can name the field at fault.
        services.Configure<Microsoft.AspNetCore.Routing.RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        return services;
    }

    public static ValidationProblem Validation(ValidationErrors errors) =>
        TypedResults.ValidationProblem(errors.ToDictionary(), title: "The request has errors", detail: errors.ToString());

    public static ProblemHttpResult NotFound(string detail) =>
        TypedResults.Problem(detail, statusCode: StatusCodes.Status404NotFound, title: "Not found");

    public static ProblemHttpResult Forbidden(string detail) =>
        TypedResults.Problem(detail, statusCode: StatusCodes.Status403Forbidden, title: "Not allowed");

    public static ProblemHttpResult Conflict(string detail) =>
        TypedResults.Problem(detail, statusCode: StatusCodes.Status409Conflict, title: "Conflict");

    [System.Text.RegularExpressions.GeneratedRegex("^Failed to bind parameter \"(?<type>[^\"]*?) ?(?<name>[A-Za-z0-9_]+)\" from \"(?<value>.*)\"\\.?$", System.Text.RegularExpressions.RegexOptions.Singleline)]
    private static partial System.Text.RegularExpressions.Regex BindingFailure();

    private static string Kind(string type) => type.TrimEnd('?') switch
    {
        "bool" or "Boolean" => "boolean: use true or false",
        "int" or "long" or "Int32" or "Int64" => "whole number",
        _ => "value of the right kind",
    };

    /// <summary>A body that is not JSON, or has a value of the wrong kind, is answered by field like any other error.</summary>
    private sealed class UnreadableRequestHandler(IProblemDetailsService problems) : IExceptionHandler
    {
        public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
        {
            if (exception is not BadHttpRequestException bad)
            {
                return false;
            }
            var errors = new ValidationErrors();
            if (bad.InnerException is JsonException json)
            {
                errors.Add(JsonErrors.FieldOf("", json.Path), JsonErrors.Explain(json));
            }
            else if (BindingFailure().Match(bad.Message) is { Success: true } failed)
            {
                // A query-string or route value that is not of its parameter's kind: name the parameter, not the body.
                errors.Add(failed.Groups["name"].Value, $"'{Core.Common.RecordDates.Shorten(failed.Groups["value"].Value)}' is not a {Kind(failed.Groups["type"].Value)}");
            }
            else if (bad.StatusCode == StatusCodes.Status413PayloadTooLarge)
            {
                errors.Add("body", $"is larger than the limit of {context.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpMaxRequestBodySizeFeature>()?.MaxRequestBodySize:N0} bytes");
            }
            else
            {
                errors.Add("body", bad.Message);
            }
            context.Response.StatusCode = bad.StatusCode;
            return await problems.TryWriteAsync(new ProblemDetailsContext
            {
                HttpContext = context,
                ProblemDetails = new HttpValidationProblemDetails(errors.ToDictionary())
                {
                    Status = bad.StatusCode,
                    Title = "The request could not be read",
                    Detail = errors.ToString(),
                },
                Exception = exception,
            });
        }
    }
}
