using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace CustomerChat.Broker.Integrations.OpenApi;

/// <summary>
/// Adds the two security schemes to the OpenAPI document (docs/protocol.md §16 "OpenAPI"):
/// <c>Bearer</c> (HTTP bearer, JWT from <c>/api/auth/*</c>) and <c>ApiKey</c> (header <c>X-Api-Key</c>), and marks
/// every <c>/api/…</c> operation except <c>/api/auth/…</c> as needing one of them.
/// </summary>
public sealed class SecuritySchemes : IOpenApiDocumentTransformer, IOpenApiOperationTransformer
{
    /// <summary>The bearer scheme's name in <c>components.securitySchemes</c>.</summary>
    public const string Bearer = "Bearer";

    /// <summary>The API key scheme's name in <c>components.securitySchemes</c>.</summary>
    public const string ApiKey = "ApiKey";

    /// <inheritdoc />
    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        document.Info.Title = "CustomerChat HTTP API";
        document.Info.Description = "The HTTP side of the CustomerChat broker. The STOMP (WebSocket) side is described in docs/protocol.md. " +
            "Authenticate with a bearer token from /api/auth/guest or /api/auth/login, or with an integration's X-Api-Key.";
        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
        document.Components.SecuritySchemes[Bearer] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.Http,
            Scheme = "bearer",
            BearerFormat = "JWT",
            Description = "A token from POST /api/auth/guest (customer) or POST /api/auth/login (agent), or one minted with the shared signing key.",
        };
        document.Components.SecuritySchemes[ApiKey] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.ApiKey,
            In = ParameterLocation.Header,
            Name = "X-Api-Key",
            Description = "An integration's key (CustomerChat:ApiKeys). A wrong key is 401 even beside a valid bearer token.",
        };
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        var path = "/" + (context.Description.RelativePath ?? "").TrimStart('/');
        if (!path.StartsWith("/api/", StringComparison.Ordinal) || path.StartsWith("/api/auth/", StringComparison.Ordinal))
        {
            return Task.CompletedTask;
        }

        var document = context.Document;
        operation.Security ??= [];
        operation.Security.Add(new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(Bearer, document)] = [] });
        operation.Security.Add(new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(ApiKey, document)] = [] });
        return Task.CompletedTask;
    }
}
