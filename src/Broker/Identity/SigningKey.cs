using System.Security.Cryptography;
using System.Text;
using CustomerChat.Broker.Options;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;

namespace CustomerChat.Broker.Identity;

/// <summary>
/// The HS256 key tokens are signed and checked with (docs/protocol.md §9, <c>CustomerChat:Auth:SigningKey</c>, at
/// least 32 bytes). In Development a missing key is replaced by a random one for this process, with a
/// warning; elsewhere the options validation has already stopped the start-up.
/// </summary>
public sealed class SigningKey
{
    /// <summary>The minimum key length in bytes (HS256 needs 256 bits).</summary>
    public const int MinimumBytes = 32;

    /// <summary>Reads the configured key or makes a development one.</summary>
    public SigningKey(IOptions<CustomerChatOptions> options, ILogger<SigningKey> logger)
    {
        var configured = options.Value.Auth.SigningKey;
        byte[] bytes;
        if (!string.IsNullOrEmpty(configured) && Encoding.UTF8.GetByteCount(configured) >= MinimumBytes)
        {
            bytes = Encoding.UTF8.GetBytes(configured);
        }
        else
        {
            bytes = RandomNumberGenerator.GetBytes(MinimumBytes);
            IdentityLog.EphemeralSigningKey(logger);
        }

        Key = new SymmetricSecurityKey(bytes);
    }

    /// <summary>The key, for <c>SigningCredentials</c> and <c>TokenValidationParameters</c>.</summary>
    public SymmetricSecurityKey Key { get; }
}
