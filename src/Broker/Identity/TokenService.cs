using System.Security.Claims;
using CustomerChat.Broker.Options;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace CustomerChat.Broker.Identity;

/// <summary>
/// Issues and validates the broker's JWTs (docs/protocol.md §9): HS256, claims <c>sub</c>, <c>role</c>
/// (<c>customer</c> | <c>agent</c>), <c>name</c>, <c>exp</c>, <c>iss</c>, <c>aud</c>. Validation is
/// <see cref="JsonWebTokenHandler"/>'s, with no clock skew, so <c>exp</c> means what it says.
/// </summary>
public sealed class TokenService
{
    private readonly JsonWebTokenHandler _handler = new() { MapInboundClaims = false };
    private readonly SigningKey _key;
    private readonly AuthOptions _auth;
    private readonly TimeProvider _time;
    private readonly ILogger<TokenService> _logger;
    private readonly TokenValidationParameters _parameters;
    private readonly IAgentAccountSource? _accounts;

    /// <summary>
    /// Creates the service from the configured key and <c>CustomerChat:Auth</c>; with <paramref name="accounts"/>, agent
    /// tokens of a disabled or deleted stored account are refused (docs/protocol.md §15).
    /// </summary>
    public TokenService(SigningKey key, IOptions<CustomerChatOptions> options, TimeProvider time, ILogger<TokenService> logger, IAgentAccountSource? accounts = null)
    {
        _accounts = accounts;
        _key = key;
        _auth = options.Value.Auth;
        _time = time;
        _logger = logger;
        _parameters = new TokenValidationParameters
        {
            ValidIssuer = _auth.Issuer,
            ValidAudience = _auth.Audience,
            IssuerSigningKey = key.Key,
            ValidAlgorithms = [SecurityAlgorithms.HmacSha256],
            ClockSkew = TimeSpan.Zero,
            RequireExpirationTime = true,
            LifetimeValidator = (_, expires, _, _) => expires is { } e && e > _time.GetUtcNow().UtcDateTime,
        };
    }

    /// <summary>
    /// Signs a token for a user, valid for <c>CustomerChat:Auth:TokenLifetime</c>. A guest's optional
    /// <paramref name="email"/>, <paramref name="department"/> and <paramref name="locale"/> become the claims
    /// <c>email</c>, <c>department</c> and <c>locale</c> (left out when null); callers validate them first.
    /// </summary>
    public IssuedToken Issue(string userId, UserRole role, string name, string? email = null, string? department = null, string? locale = null) =>
        Issue(_auth.TokenLifetime, userId, role, name, email, department, locale);

    /// <summary>
    /// As <see cref="Issue(string, UserRole, string, string?, string?, string?)"/>, valid for <paramref name="lifetime"/>
    /// instead of <c>CustomerChat:Auth:TokenLifetime</c> (an invitation's token, docs/protocol.md §14 "Invitations").
    /// </summary>
    public IssuedToken Issue(TimeSpan lifetime, string userId, UserRole role, string name, string? email = null, string? department = null, string? locale = null)
    {
        var now = _time.GetUtcNow();
        var expires = now + lifetime;
        var roleName = role == UserRole.Agent ? "agent" : "customer";
        var token = _handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = _auth.Issuer,
            Audience = _auth.Audience,
            IssuedAt = now.UtcDateTime,
            NotBefore = now.UtcDateTime,
            Expires = expires.UtcDateTime,
            Claims = Claims(userId, roleName, name, email, department, locale),
            SigningCredentials = new SigningCredentials(_key.Key, SecurityAlgorithms.HmacSha256),
        });

        // exp has whole-second precision: report what the token really says.
        var exp = DateTimeOffset.FromUnixTimeSeconds(expires.ToUnixTimeSeconds());
        return new IssuedToken(token, userId, roleName, name, exp, email, department, locale);
    }

    private static Dictionary<string, object> Claims(string userId, string roleName, string name, string? email, string? department, string? locale)
    {
        var claims = new Dictionary<string, object> { ["sub"] = userId, ["role"] = roleName, ["name"] = name };
        if (email is not null)
        {
            claims["email"] = email;
        }

        if (department is not null)
        {
            claims["department"] = department;
        }

        if (locale is not null)
        {
            claims["locale"] = locale;
        }

        return claims;
    }

    /// <summary>
    /// Validates a token's signature, issuer, audience and lifetime and reads the user from it.
    /// Returns null for a missing, malformed, forged, expired or wrongly-scoped token, and for an agent token of a
    /// stored account that was disabled or deleted since (the reason is logged, never returned, so callers answer
    /// every case alike).
    /// </summary>
    public async Task<UserIdentity?> ValidateAsync(string? token)
    {
        if (string.IsNullOrWhiteSpace(token))
        {
            return null;
        }

        var result = await _handler.ValidateTokenAsync(token, _parameters).ConfigureAwait(false);
        if (!result.IsValid)
        {
            IdentityLog.TokenRejected(_logger, result.Exception?.GetType().Name ?? "invalid");
            return null;
        }

        var jwt = (JsonWebToken)result.SecurityToken;
        var sub = jwt.Subject;
        var name = jwt.TryGetPayloadValue<string>("name", out var n) ? n : sub;
        var role = jwt.TryGetPayloadValue<string>("role", out var r) ? r : null;
        if (string.IsNullOrEmpty(sub) || role is not ("customer" or "agent"))
        {
            IdentityLog.TokenRejected(_logger, "missing sub or role");
            return null;
        }

        if (role == "agent" && _accounts?.IsRevoked(sub) == true)
        {
            IdentityLog.TokenRejected(_logger, "account disabled");
            return null;
        }

        return new UserIdentity(
            sub,
            role == "agent" ? UserRole.Agent : UserRole.Customer,
            name ?? sub,
            new DateTimeOffset(jwt.ValidTo, TimeSpan.Zero),
            Optional(jwt, "email"),
            Optional(jwt, "department"),
            Optional(jwt, "locale"));
    }

    private static string? Optional(JsonWebToken jwt, string claim) =>
        jwt.TryGetPayloadValue<string>(claim, out var value) && !string.IsNullOrEmpty(value) ? value : null;
}
