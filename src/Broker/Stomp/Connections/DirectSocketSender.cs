using System.Net.Sockets;
using System.Net.WebSockets;
using Microsoft.AspNetCore.Connections.Features;

namespace CustomerChat.Broker.Stomp;

/// <summary>
/// Writes a connection's outgoing WebSocket messages straight to its TCP socket: the frame header (RFC 6455 §5.2,
/// <see cref="WebSocketFrameHeader"/>) goes into the write buffer's headroom and the whole frame leaves in one
/// <see cref="Socket.SendAsync(ReadOnlyMemory{byte}, SocketFlags, CancellationToken)"/>, which on an idle socket
/// completes on the calling thread. Through <see cref="WebSocket.SendAsync(ReadOnlyMemory{byte}, WebSocketMessageType, bool, CancellationToken)"/>
/// the same bytes pass ManagedWebSocket, Kestrel's response stream and output pipe, and then wait for Kestrel's
/// send loop on another thread: in a fan-out that hop and the pipe cost more broker CPU than the send itself
/// (docs/PERFORMANCE.md "Fan-out: straight to the socket").
/// </summary>
/// <remarks>
/// Only for what the direct path cannot break (<see cref="TryCreate"/>): plain HTTP/1.1 on Kestrel's socket transport,
/// where the upgraded connection's bytes are the socket's bytes. Behind TLS or on HTTP/2 the socket carries other
/// framing, and another transport may have no socket at all; those connections use the WebSocket's own send.
/// ManagedWebSocket still writes its control frames (a pong, the close) through Kestrel; the socket queues
/// concurrent sends and writes each whole, so frames never interleave, and the close is sent only after the
/// connection's writer has finished. The writer uses this sender only once the client has sent its first bytes
/// (<see cref="ConnectionWriter.PeerSpoke"/>), so the 101 response Kestrel flushed is always out first.
/// </remarks>
internal sealed class DirectSocketSender(Socket socket, HttpContext http)
{
    /// <summary>
    /// The sender for <paramref name="http"/>'s connection, or null when its bytes are not the socket's bytes (TLS,
    /// HTTP/2 or HTTP/3, a transport without a socket) or <paramref name="enabled"/> is false.
    /// </summary>
    public static DirectSocketSender? TryCreate(HttpContext http, bool enabled)
    {
        if (!enabled || http.Request.IsHttps || !HttpMethods.IsGet(http.Request.Method) || http.Request.Protocol != "HTTP/1.1")
        {
            return null;
        }

        return http.Features.Get<IConnectionSocketFeature>()?.Socket is { Connected: true } socket ? new DirectSocketSender(socket, http) : null;
    }

    /// <summary>
    /// Aborts the connection (Kestrel shuts the socket down), which fails a send waiting on a peer that stopped
    /// reading: aborting the WebSocket alone would not, as its stream is not where this send waits.
    /// </summary>
    public void Abort() => http.Abort();

    /// <summary>
    /// Sends what <paramref name="buffer"/> holds as one final <paramref name="type"/> frame. The buffer needs
    /// <see cref="WebSocketFrameHeader.MaxLength"/> bytes of headroom. Throws <see cref="IOException"/> when the
    /// socket fails or was closed under it.
    /// </summary>
    public async ValueTask SendAsync(PooledBufferWriter buffer, WebSocketMessageType type)
    {
        var headerLength = WebSocketFrameHeader.LengthFor(buffer.WrittenCount);
        var frame = buffer.WithPrefix(headerLength);
        WebSocketFrameHeader.Write(frame.Span[..headerLength], type, buffer.WrittenCount);
        try
        {
            while (!frame.IsEmpty)
            {
                var sent = await socket.SendAsync(frame, SocketFlags.None).ConfigureAwait(false);
                frame = frame[sent..];
            }
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
        {
            throw new IOException("The connection's socket failed while sending.", ex);
        }
    }
}
