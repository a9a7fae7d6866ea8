using System.Text.Json;
using Lifeline.Core.Common;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Lifeline.Web;

/// <summary>
/// Every error the API gives is an RFC 9457 problem document; a validation problem names each field and why.
/// No stack trace ever reaches a caller.
/// </summary>
internal static class ApiProblems
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
