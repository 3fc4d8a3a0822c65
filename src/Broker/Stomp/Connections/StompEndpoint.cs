using System.Net.WebSockets;
using CustomerChat.Broker.Observability;
using CustomerChat.Broker.Stomp;
using CustomerChat.Protocol;

namespace CustomerChat.Broker.Stomp;

/// <summary>
/// <c>/ws</c> (docs/protocol.md §1): checks the <c>Origin</c>, picks the highest STOMP sub-protocol offered
/// (<c>v12.stomp</c> &gt; <c>v11.stomp</c> &gt; <c>v10.stomp</c>; none offered is fine), enforces the
/// per-address connection limit, accepts and runs the connection until it closes.
/// </summary>
public static class StompEndpoint
{
    private static readonly string[] Preference = ["v12.stomp", "v11.stomp", "v10.stomp"];

    /// <summary>Maps the endpoint.</summary>
    public static IEndpointConventionBuilder MapStompWebSocket(this IEndpointRouteBuilder endpoints, string pattern = "/ws") =>
        endpoints.Map(pattern, HandleAsync);

    private static async Task HandleAsync(HttpContext http, StompServices services, OriginPolicy origins)
    {
        if (!http.WebSockets.IsWebSocketRequest)
        {
            await Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "WebSocket upgrade required",
                detail: "Connect with a WebSocket client and speak STOMP (sub-protocol v12.stomp).").ExecuteAsync(http);
            return;
        }

        if (!origins.IsAllowed(http.Request))
        {
            ConnectionLog.OriginRefused(services.ConnectionLogger, http.Request.Headers.Origin.ToString());
            services.Metrics.ConnectionRefused("origin");
            await Results.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Origin not allowed").ExecuteAsync(http);
            return;
        }

        var address = http.Connection.RemoteIpAddress;
        if (!services.Connections.TryReserveAddress(address, services.Options.Limits.MaxConnectionsPerAddress))
        {
            ConnectionLog.AddressLimitReached(services.ConnectionLogger, address?.ToString(), services.Options.Limits.MaxConnectionsPerAddress);
            services.Metrics.ConnectionRefused("address_limit");
            await Results.Problem(statusCode: StatusCodes.Status429TooManyRequests, title: "Too many connections from this address").ExecuteAsync(http);
            return;
        }

        try
        {
            var offered = http.WebSockets.WebSocketRequestedProtocols;
            var subProtocol = Preference.FirstOrDefault(p => offered.Contains(p, StringComparer.OrdinalIgnoreCase));
            using var socket = await http.WebSockets.AcceptWebSocketAsync(new WebSocketAcceptContext
            {
                SubProtocol = subProtocol,
                KeepAliveInterval = TimeSpan.Zero,
            });

            var token = http.Request.Query["access_token"].ToString();
            var context = new ConnectionContext(http.TraceIdentifier, address, StompVersions.FromSubProtocol(subProtocol), string.IsNullOrEmpty(token) ? null : token);
            var direct = DirectSocketSender.TryCreate(http, services.Options.Limits.DirectSocketWrites);
            var connection = new StompConnection(socket, context, services, direct);
            services.Connections.Add(connection);
            ConnectionLog.Opened(services.ConnectionLogger, context.ConnectionId, address?.ToString(), subProtocol);
            services.Metrics.ConnectionOpened();
            try
            {
                await connection.RunAsync();
            }
            finally
            {
                services.Connections.Remove(connection);
                var durationMs = (long)services.Time.GetElapsedTime(connection.OpenedAt).TotalMilliseconds;
                ConnectionLog.Closed(services.ConnectionLogger, context.ConnectionId, connection.CloseReason ?? "closed",
                    connection.Session.User?.UserId, durationMs);
                services.Metrics.ConnectionClosed(connection.CloseReason, durationMs);
            }
        }
        finally
        {
            services.Connections.ReleaseAddress(address);
        }
    }
}
