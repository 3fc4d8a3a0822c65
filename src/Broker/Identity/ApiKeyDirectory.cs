using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Identity;

namespace CustomerChat.Broker.Identity;

/// <summary>
/// The configured API keys (<c>CustomerChat:ApiKeys</c>) and their check. A presented key is verified against every
/// configured PBKDF2 hash (ASP.NET Core Identity <see cref="PasswordHasher{TUser}"/>, the agents' format), which costs
/// tens of milliseconds per hash; so the outcome is cached in memory by the SHA-256 of the presented key (never the
/// key itself): a valid key costs one PBKDF2 run per process, a wrong one is remembered too (up to
/// <see cref="MaxRememberedWrongKeys"/> of them, then that cache starts over).
/// </summary>
public sealed class ApiKeyDirectory
{
    /// <summary>How many distinct wrong keys are remembered before that cache is cleared.</summary>
    public const int MaxRememberedWrongKeys = 10_000;

    private readonly PasswordHasher<ApiKeyOptions> _hasher = new();
    private readonly IReadOnlyList<ApiKeyOptions> _keys;
    private readonly ConcurrentDictionary<string, ApiKeyIdentity> _valid = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, bool> _wrong = new(StringComparer.Ordinal);

    /// <summary>
    /// Takes the configured keys (<c>CustomerChat:ApiKeys</c>, bound and validated by the integrations' options);
    /// entries without a name or a hash are ignored.
    /// </summary>
    public ApiKeyDirectory(IEnumerable<ApiKeyOptions> keys)
    {
        _keys = keys.Where(k => !string.IsNullOrWhiteSpace(k.Name) && !string.IsNullOrWhiteSpace(k.KeyHash)).ToList();
    }

    /// <summary>Whether any API key is configured.</summary>
    public bool Any => _keys.Count > 0;

    /// <summary>The integration a presented key belongs to, or null for an empty or wrong key.</summary>
    public ApiKeyIdentity? Verify(string? presented)
    {
        if (string.IsNullOrEmpty(presented) || presented.Length > 512)
        {
            return null;
        }

        var digest = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(presented)));
        if (_valid.TryGetValue(digest, out var known))
        {
            return known;
        }

        if (_wrong.ContainsKey(digest))
        {
            return null;
        }

        foreach (var key in _keys)
        {
            if (_hasher.VerifyHashedPassword(key, key.KeyHash, presented) != PasswordVerificationResult.Failed)
            {
                return _valid.GetOrAdd(digest, new ApiKeyIdentity(key.Name));
            }
        }

        if (_wrong.Count >= MaxRememberedWrongKeys)
        {
            _wrong.Clear();
        }

        _wrong.TryAdd(digest, true);
        return null;
    }
}
