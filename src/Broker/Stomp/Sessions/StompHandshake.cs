using CustomerChat.Protocol;

namespace CustomerChat.Broker.Stomp;

/// <summary>
/// CONNECT / STOMP (STOMP 1.2 §"CONNECT or STOMP Frame"): version and heart-beat negotiation and the token
/// (docs/protocol.md §9: <c>passcode</c>, <c>Authorization: Bearer</c>, or the URL's <c>access_token</c>).
/// </summary>
internal static class StompHandshake
{
    /// <summary>Answers CONNECTED (or ERROR and close); throws <see cref="StompProtocolException"/> for a refused token or limit.</summary>
    public static async Task ConnectAsync(StompSession session, StompFrame frame)
    {
        var connection = session.Connection;
        var services = session.Services;

        // accept-version, host, login, passcode, heart-beat
        var acceptVersion = frame[StompHeaderNames.AcceptVersion];
        var version = acceptVersion is null && connection.Context.SubProtocolVersion is { } chosen
            ? chosen
            : StompVersions.Negotiate(acceptVersion);
        if (version is null)
        {
            var error = new StompFrame(StompCommand.Error)
                .With(StompHeaderNames.Version, StompVersions.Supported)
                .With(StompHeaderNames.Message, "Unsupported protocol version")
                .With(StompHeaderNames.ContentType, "text/plain");
            error.Body = "Supported protocol versions are 1.0 1.1 1.2"u8.ToArray();
            connection.SendControl(error, closeAfter: true);
            return;
        }

        var clientHeartbeat = StompHeartbeat.Parse(frame[StompHeaderNames.HeartBeat]);
        var token = frame[StompHeaderNames.Passcode];
        if (string.IsNullOrEmpty(token) && frame[StompHeaderNames.Authorization] is { } authorization
            && authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            token = authorization["Bearer ".Length..].Trim();
        }

        if (string.IsNullOrEmpty(token))
        {
            token = connection.Context.QueryToken;
        }

        var user = await services.Tokens.ValidateAsync(token).ConfigureAwait(false);
        if (user is null)
        {
            services.Metrics.AuthFailed(string.IsNullOrEmpty(token) ? "missing_token" : "invalid_token");
            throw new StompProtocolException("unauthorized");
        }

        var maxPerUser = services.Options.Limits.MaxConnectionsPerUser;
        if (!services.Connections.TryAttachUser(user.UserId, maxPerUser))
        {
            services.Metrics.ConnectionRefused("user_limit");
            throw new StompProtocolException($"Too many connections for this user: the limit is {maxPerUser}.");
        }

        var heartbeat = services.Options.Heartbeat;
        var server = new StompHeartbeat(heartbeat.OutgoingMilliseconds, heartbeat.IncomingMilliseconds);
        var (send, receive) = version == StompVersion.V1_0 ? default : StompHeartbeat.Negotiate(clientHeartbeat, server);
        session.Accept(user, version.Value, send, receive);

        var connected = new StompFrame(StompCommand.Connected)
            .With(StompHeaderNames.Version, StompVersions.ToHeaderValue(version.Value))
            .With(StompHeaderNames.HeartBeat, version == StompVersion.V1_0 ? "0,0" : server.ToString())
            .With(StompHeaderNames.Session, session.Id)
            .With(StompHeaderNames.Server, "CustomerChat/1.0")
            .With("user-name", user.UserId);
        connection.SendControl(connected);
        SessionLog.Connected(services.SessionLogger, session.Id, user.UserId, user.RoleName, StompVersions.ToHeaderValue(version.Value));
        foreach (var observer in services.Observers)
        {
            try
            {
                await observer.OnSessionOpenedAsync(session).ConfigureAwait(false);
            }
            catch (Exception ex)
            {
                SessionLog.ObserverFailed(services.SessionLogger, session.Id, ex);
            }
        }
    }
}
