using System.Net;
using System.Net.Sockets;

namespace CustomerChat.Broker.Integrations.Webhooks;

/// <summary>
/// Which addresses managed webhooks may reach (docs/protocol.md §16 "Addresses"): only public unicast ones
/// unless <c>AllowPrivateAddresses</c>. Refused: loopback, unspecified, private (10/8, 172.16/12, 192.168/16),
/// shared (100.64/10), link-local (169.254/16, fe80::/10), unique local (fc00::/7), site-local, benchmarking
/// (198.18/15), 0/8, 192.0.0/24, multicast and broadcast, and IPv4-mapped forms of these. Checked when a webhook is
/// created and again on every connection (so a name that later resolves to a private address is refused too).
/// </summary>
public static class WebhookAddressPolicy
{
    /// <summary>Whether <paramref name="address"/> is a public unicast address.</summary>
    public static bool IsPublic(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (IPAddress.IsLoopback(address) || address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any) || address.Equals(IPAddress.Broadcast))
        {
            return false;
        }

        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            var b = address.GetAddressBytes();
            return !(b[0] == 0 || b[0] == 10 || b[0] == 127 || b[0] >= 224
                || (b[0] == 100 && b[1] >= 64 && b[1] <= 127)
                || (b[0] == 169 && b[1] == 254)
                || (b[0] == 172 && b[1] >= 16 && b[1] <= 31)
                || (b[0] == 192 && b[1] == 168)
                || (b[0] == 192 && b[1] == 0 && b[2] == 0)
                || (b[0] == 198 && (b[1] == 18 || b[1] == 19)));
        }

        if (address.AddressFamily == AddressFamily.InterNetworkV6)
        {
            var b = address.GetAddressBytes();
            return !(address.IsIPv6LinkLocal || address.IsIPv6SiteLocal || address.IsIPv6Multicast || address.IsIPv6UniqueLocal
                || (b[0] & 0xfe) == 0xfc || address.IsIPv4MappedToIPv6);
        }

        return false;
    }

    /// <summary>
    /// Resolves <paramref name="url"/>'s host and checks every address; null when allowed, else the reason
    /// (for a 400 problem's detail).
    /// </summary>
    public static async Task<string?> CheckAsync(Uri url, CancellationToken cancellationToken)
    {
        IPAddress[] addresses;
        if (IPAddress.TryParse(url.IdnHost.Trim('[', ']'), out var literal))
        {
            addresses = [literal];
        }
        else
        {
            try
            {
                addresses = await Dns.GetHostAddressesAsync(url.IdnHost, cancellationToken).ConfigureAwait(false);
            }
            catch (SocketException)
            {
                return $"The host '{url.Host}' cannot be resolved.";
            }
        }

        if (addresses.Length == 0)
        {
            return $"The host '{url.Host}' cannot be resolved.";
        }

        return addresses.All(IsPublic) ? null : $"The host '{url.Host}' resolves to a loopback, private or otherwise non-public address.";
    }
}
