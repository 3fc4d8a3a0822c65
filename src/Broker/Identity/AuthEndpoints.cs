using System.Text.Json.Serialization;
using System.Text.RegularExpressions;
using CustomerChat.Broker.Departments;
using Microsoft.AspNetCore.Mvc;

namespace CustomerChat.Broker.Identity;

/// <summary>
/// <c>POST /api/auth/guest</c> and <c>POST /api/auth/login</c> (docs/protocol.md §9), both under the <c>auth</c> rate
/// limit policy (429 past <c>AuthRequestsPerMinutePerAddress</c>).
/// </summary>
public static partial class AuthEndpoints
{
    /// <summary>The OpenAPI tag of both endpoints.</summary>
    public const string Tag = "Auth";

    /// <summary>The rate limiter policy name on both endpoints.</summary>
    public const string RateLimitPolicy = "auth";

    /// <summary>The longest accepted display name, in characters.</summary>
    public const int MaxNameLength = 80;

    /// <summary>The longest accepted email address, in characters (RFC 5321 path limit).</summary>
    public const int MaxEmailLength = 254;

    /// <summary>Maps both endpoints.</summary>
    public static void MapAuthEndpoints(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/api/auth").RequireRateLimiting(RateLimitPolicy).WithTags(Tag);
        group.MapPost("/guest", Guest).WithName("GuestToken")
            .WithSummary("A customer (guest) token")
            .Produces<IssuedToken>().ProducesProblem(400).ProducesProblem(429);
        group.MapPost("/login", Login).WithName("Login")
            .WithSummary("An agent token for a username and password")
            .Produces<IssuedToken>().ProducesProblem(401).ProducesProblem(429);
    }

    /// <summary>
    /// <c>{"name"?, "email"?, "department"?, "locale"?}</c> → a customer token. 400 problems: a name over
    /// <see cref="MaxNameLength"/>, an email that is not <c>local@domain.tld</c> (at most <see cref="MaxEmailLength"/>),
    /// a department id that <c>CustomerChat:Departments</c> does not list, a locale that is not a language tag.
    /// Empty strings count as absent. The department is stored with its configured spelling.
    /// </summary>
    private static IResult Guest(GuestRequest? request, TokenService tokens, [FromServices] DepartmentDirectory? departments)
    {
        var name = request?.Name?.Trim();
        if (name is { Length: > MaxNameLength })
        {
            return Results.Problem(statusCode: 400, title: "Invalid name", detail: $"name must be at most {MaxNameLength} characters.");
        }

        var email = Blank(request?.Email);
        if (email is not null && (email.Length > MaxEmailLength || !EmailShape().IsMatch(email)))
        {
            return Results.Problem(statusCode: 400, title: "Invalid email", detail: "email must be an address of the form name@example.com.");
        }

        var department = Blank(request?.Department);
        if (department is not null)
        {
            department = departments?.Find(department)?.Id;
            if (department is null)
            {
                return Results.Problem(statusCode: 400, title: "Unknown department", detail: "department must be the id of a configured department (GET /api/departments).");
            }
        }

        var locale = Blank(request?.Locale);
        if (locale is not null && !LocaleShape().IsMatch(locale))
        {
            return Results.Problem(statusCode: 400, title: "Invalid locale", detail: "locale must be a language tag such as en, de or fr-CA.");
        }

        var userId = "c-" + Guid.NewGuid().ToString("D");
        var issued = tokens.Issue(userId, UserRole.Customer, string.IsNullOrEmpty(name) ? "Guest" : name, email, department, locale);
        return Results.Json(issued, IdentityJsonContext.Default.IssuedToken);
    }

    private static string? Blank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    // One @, no spaces, a dot in the domain: a shape check (delivery proves the rest).
    [GeneratedRegex(@"^[^@\s]+@[^@\s.]+(\.[^@\s.]+)+$", RegexOptions.CultureInvariant)]
    private static partial Regex EmailShape();

    // BCP 47 in short: a 2-3 letter language, then subtags of 2-8 letters or digits (de, fr-CA, zh-Hant-TW).
    [GeneratedRegex("^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8}){0,3}$", RegexOptions.CultureInvariant)]
    private static partial Regex LocaleShape();

    private static async Task<IResult> Login(LoginRequest? request, AgentDirectory agents, TokenService tokens, HttpContext http, ILoggerFactory loggers)
    {
        var agent = await agents.VerifyAsync(request?.Username, request?.Password, http.RequestAborted);
        if (agent is null)
        {
            AgentLog.LoginFailed(loggers.CreateLogger(typeof(AuthEndpoints)), http.Connection.RemoteIpAddress?.ToString());
            return Results.Problem(statusCode: 401, title: "Invalid username or password");
        }

        return Results.Json(tokens.Issue(agent.Value.Username, UserRole.Agent, agent.Value.DisplayName), IdentityJsonContext.Default.IssuedToken);
    }
}

/// <summary>The body of <c>POST /api/auth/guest</c>: <c>{"name"?, "email"?, "department"?, "locale"?}</c>.</summary>
/// <param name="Name">The display name (at most 80 characters; default <c>Guest</c>).</param>
/// <param name="Email">An email address to reach the visitor.</param>
/// <param name="Department">A department id of <c>CustomerChat:Departments</c>.</param>
/// <param name="Locale">The visitor's language tag.</param>
public sealed record GuestRequest(string? Name, string? Email = null, string? Department = null, string? Locale = null);

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
