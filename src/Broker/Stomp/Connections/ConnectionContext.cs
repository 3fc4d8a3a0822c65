using System.Net;
using CustomerChat.Protocol;

namespace CustomerChat.Broker.Stomp;

/// <summary>What the WebSocket upgrade request established about a connection.</summary>
/// <param name="ConnectionId">A short unique id, used as the CONNECTED <c>session</c> header and in logs.</param>
/// <param name="RemoteAddress">The client address, for per-address limits.</param>
/// <param name="SubProtocolVersion">The version of the chosen sub-protocol (<c>v12.stomp</c>…), or null when none was offered.</param>
/// <param name="QueryToken">The <c>?access_token=</c> of the upgrade URL, or null.</param>
public sealed record ConnectionContext(string ConnectionId, IPAddress? RemoteAddress, StompVersion? SubProtocolVersion, string? QueryToken);
