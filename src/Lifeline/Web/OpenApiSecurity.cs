using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Lifeline.Web;

/// <summary>
/// Says in the OpenAPI document how each operation is authorised, as the endpoints are: an API token
/// (<c>Authorization: Bearer llt_…</c>) or the sign-in cookie; operations open to anonymous readers also accept no
/// credentials (an empty requirement). An independent validator (Redocly's <c>security-defined</c> rule, run by CI)
/// refuses a document that leaves this unsaid.
/// </summary>
internal static class OpenApiSecurity
{
    public const string Token = "token";
    public const string Cookie = "cookie";

    public static OpenApiOptions DescribeSecurity(this OpenApiOptions options)
    {
        options.AddDocumentTransformer((document, _, _) =>
        {
            document.Components ??= new OpenApiComponents();
            document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
            document.Components.SecuritySchemes[Token] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.Http,
                Scheme = "bearer",
                Description = "An API token (llt_…) from /account/tokens or POST /api/v1/tokens",
            };
            document.Components.SecuritySchemes[Cookie] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.ApiKey,
                In = ParameterLocation.Cookie,
                Name = "lifeline",
                Description = "The sign-in cookie set by /account/sign-in",
            };
            // A server address is written without its trailing slash, so that paths (which start with one) join cleanly.
            foreach (var server in document.Servers ?? [])
            {
                server.Url = server.Url?.TrimEnd('/');
            }
            return Task.CompletedTask;
        });
        options.AddOperationTransformer((operation, context, _) =>
        {
            var metadata = context.Description.ActionDescriptor.EndpointMetadata;
            var anonymous = metadata.OfType<IAllowAnonymous>().Any() || !metadata.OfType<IAuthorizeData>().Any();
            var document = context.Document;
            operation.Security = [];
            if (anonymous)
            {
                operation.Security.Add(new OpenApiSecurityRequirement());
            }
            operation.Security.Add(new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(Token, document)] = [] });
            operation.Security.Add(new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(Cookie, document)] = [] });
            return Task.CompletedTask;
        });
        return options;
    }
}
