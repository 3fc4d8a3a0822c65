using System.Text.Json.Serialization;

namespace CustomerChat.Broker.Identity;

/// <summary>
/// <c>POST /api/auth/guest</c> and <c>POST /api/auth/login</c> (docs/protocol.md §9), both under the <c>auth</c> rate
/// limit policy (429 past <c>AuthRequestsPerMinutePerAddress</c>).
/// </summary>
public static class AuthEndpoints
{
    /// <summary>The rate limiter policy name on both endpoints.</summary>
    public const string RateLimitPolicy = "auth";

    /// <summary>The longest accepted display name, in characters.</summary>
    public const int MaxNameLength = 80;

    /// <summary>Maps both endpoints.</summary>
    public static void MapAuthEndpoints(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/api/auth").RequireRateLimiting(RateLimitPolicy);
        group.MapPost("/guest", Guest);
        group.MapPost("/login", Login);
    }

    private static IResult Guest(GuestRequest? request, TokenService tokens)
    {
        var name = request?.Name?.Trim();
        if (name is { Length: > MaxNameLength })
        {
            return Results.Problem(statusCode: 400, title: "Invalid name", detail: $"name must be at most {MaxNameLength} characters.");
        }

        var userId = "c-" + Guid.NewGuid().ToString("D");
        return Results.Json(tokens.Issue(userId, UserRole.Customer, string.IsNullOrEmpty(name) ? "Guest" : name), IdentityJsonContext.Default.IssuedToken);
    }

    private static IResult Login(LoginRequest? request, AgentDirectory agents, TokenService tokens, HttpContext http, ILoggerFactory loggers)
    {
        var agent = agents.Verify(request?.Username, request?.Password);
        if (agent is null)
        {
            AgentLog.LoginFailed(loggers.CreateLogger(typeof(AuthEndpoints)), http.Connection.RemoteIpAddress?.ToString());
            return Results.Problem(statusCode: 401, title: "Invalid username or password");
        }

        return Results.Json(tokens.Issue(agent.Value.Username, UserRole.Agent, agent.Value.DisplayName), IdentityJsonContext.Default.IssuedToken);
    }
}

/// <summary>The body of <c>POST /api/auth/guest</c>: <c>{"name"?}</c>.</summary>
public sealed record GuestRequest(string? Name);

/// <summary>The body of <c>POST /api/auth/login</c>: <c>{"username", "password"}</c>.</summary>
public sealed record LoginRequest(string? Username, string? Password);

/// <summary>Source-generated JSON for the auth endpoints.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(IssuedToken))]
[JsonSerializable(typeof(GuestRequest))]
[JsonSerializable(typeof(LoginRequest))]
internal sealed partial class IdentityJsonContext : JsonSerializerContext
{
}
