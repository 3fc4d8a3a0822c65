using System.Security.Cryptography;
using System.Text;

namespace CustomerChat.Broker.Integrations.Webhooks;

/// <summary>
/// <c>X-CustomerChat-Signature: sha256=&lt;hex&gt;</c> (docs/protocol.md §16 "Signature"): the lower-case hex
/// HMAC-SHA256, keyed with the webhook's secret (UTF-8), of the ASCII timestamp, a dot, and the raw body bytes.
/// </summary>
public static class WebhookSignature
{
    /// <summary>The header value's prefix.</summary>
    public const string Prefix = "sha256=";

    /// <summary>The header value for <paramref name="timestamp"/> (unix seconds, as sent) and <paramref name="body"/>.</summary>
    public static string Compute(string secret, string timestamp, ReadOnlySpan<byte> body)
    {
        var signed = new byte[timestamp.Length + 1 + body.Length];
        var written = Encoding.ASCII.GetBytes(timestamp, signed);
        signed[written] = (byte)'.';
        body.CopyTo(signed.AsSpan(written + 1));
        return Prefix + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), signed));
    }

    /// <summary>Whether <paramref name="header"/> is the right signature (constant-time comparison).</summary>
    public static bool Verify(string secret, string timestamp, ReadOnlySpan<byte> body, string? header) =>
        header is not null && CryptographicOperations.FixedTimeEquals(
            Encoding.ASCII.GetBytes(Compute(secret, timestamp, body)), Encoding.ASCII.GetBytes(header));
}
