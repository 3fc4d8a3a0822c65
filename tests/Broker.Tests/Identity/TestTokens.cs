using System.Text;
using CustomerChat.Broker.Tests.Infrastructure;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace CustomerChat.Broker.Tests.Identity;

/// <summary>
/// Mints JWTs the way a company's own site would (docs/protocol.md §9: "a company's own site may mint customer tokens
/// with the shared key"), and deliberately broken ones: forged, expired, wrongly scoped.
/// </summary>
public static class TestTokens
{
    /// <summary>The issuer and audience the broker issues and requires by default.</summary>
    public const string DefaultIssuer = "customerchat";

    /// <inheritdoc cref="DefaultIssuer"/>
    public const string DefaultAudience = "customerchat";

    private static readonly JsonWebTokenHandler Handler = new();

    /// <summary>An agent token for <paramref name="username"/>, valid for an hour, signed with the test key.</summary>
    public static string Agent(string username = "alice") => Mint(username, "agent", username);

    /// <summary>A customer token, valid for an hour, signed with the test key.</summary>
    public static string Customer(string? userId = null, string name = "Ada") => Mint(userId ?? "c-" + Guid.NewGuid().ToString("D"), "customer", name);

    /// <summary>A token with every part chosen by the caller.</summary>
    public static string Mint(
        string sub,
        string role,
        string name,
        string signingKey = BrokerHost.SigningKey,
        string issuer = DefaultIssuer,
        string audience = DefaultAudience,
        DateTimeOffset? expires = null)
    {
        var exp = expires ?? DateTimeOffset.UtcNow.AddHours(1);
        var issued = exp < DateTimeOffset.UtcNow ? exp.AddHours(-1) : DateTimeOffset.UtcNow;
        return Handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = issuer,
            Audience = audience,
            IssuedAt = issued.UtcDateTime,
            NotBefore = issued.UtcDateTime,
            Expires = exp.UtcDateTime,
            Claims = new Dictionary<string, object> { ["sub"] = sub, ["role"] = role, ["name"] = name },
            SigningCredentials = new SigningCredentials(new SymmetricSecurityKey(Encoding.UTF8.GetBytes(signingKey)), SecurityAlgorithms.HmacSha256),
        });
    }
}
