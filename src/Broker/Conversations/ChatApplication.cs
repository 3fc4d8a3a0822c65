using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using CustomerChat.Broker.History;
using CustomerChat.Broker.Identity;
using CustomerChat.Broker.Stomp;
using CustomerChat.Protocol;
using CustomerChat.Protocol.Chat;

namespace CustomerChat.Broker.Conversations;

/// <summary>
/// The chat product on the STOMP session (SPEC §4, §5): reads the JSON bodies of <c>/chat/*</c> SENDs
/// (unknown fields ignored, a missing or mistyped field named in the refusal), hands them to the
/// <see cref="ConversationService"/>, and produces the first messages of the support topic and the user queues.
/// </summary>
public sealed class ChatApplication(
    ConversationService conversations,
    PresenceTracker presence,
    AgentDirectory agents,
    ILogger<ChatApplication> logger) : IChatApplication
{
    private static readonly ChatJsonContext Json = ChatJsonContext.Default;

    /// <inheritdoc />
    public async Task OnSessionOpenedAsync(StompSession session)
    {
        var user = session.User!;
        await presence.SessionOpenedAsync(user).ConfigureAwait(false);
        if (!user.IsAgent)
        {
            try
            {
                await conversations.OpenOnFirstConnectAsync(user).ConfigureAwait(false);
            }
            catch (BackplaneUnavailableException ex)
            {
                // The conversation opens with the first message instead.
                ConversationLog.OpenFailed(logger, user.UserId, ex);
            }
        }
    }

    /// <inheritdoc />
    public Task OnSessionClosedAsync(StompSession session)
    {
        presence.SessionClosed(session.User!);
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task<Refusal?> HandleCommandAsync(StompSession session, string destination, StompFrame frame)
    {
        var user = session.User!;
        return destination switch
        {
            Destinations.ChatMessage => Run(frame, destination, Json.ChatMessageRequest, r => conversations.PostMessageAsync(user, r)),
            Destinations.ChatClaim => Run(frame, destination, Json.ClaimRequest, r => conversations.ClaimAsync(user, r)),
            Destinations.ChatTransfer => Run(frame, destination, Json.TransferRequest, r => conversations.TransferAsync(user, r)),
            Destinations.ChatClose => Run(frame, destination, Json.CloseRequest, r => conversations.CloseAsync(user, r), allowEmpty: true),
            Destinations.ChatTyping => Run(frame, destination, Json.TypingRequest, r => conversations.TypingAsync(user, r), allowEmpty: true),
            Destinations.ChatRead => Run(frame, destination, Json.ReadRequest, r => conversations.ReadAsync(user, r)),
            Destinations.ChatRate => Run(frame, destination, Json.RateRequest, r => conversations.RateAsync(user, r)),
            _ => Task.FromResult<Refusal?>(Refusal.NotFound(destination, "Unknown destination.")),
        };
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<BrokerMessage>> GetInitialMessagesAsync(StompSession session, Subscription subscription, string? since)
    {
        var user = session.User!;
        switch (subscription.Destination)
        {
            case Destinations.SupportTopic:
                var open = await conversations.ListOpenAsync().ConfigureAwait(false);
                var agentViews = new List<AgentView>();
                foreach (var (username, displayName) in agents.All)
                {
                    agentViews.Add(new AgentView(username, displayName, await presence.IsOnlineAsync(username).ConfigureAwait(false)));
                }

                return [ChatPublisher.Event(Destinations.SupportTopic, new SnapshotEvent(open, agentViews), Json.SnapshotEvent)];

            case Destinations.UserEvents:
                var current = user.IsAgent ? null : await conversations.GetLatestForCustomerAsync(user.UserId).ConfigureAwait(false);
                return [ChatPublisher.Event(Destinations.UserEvents, new ConversationEvent("conversation.state", current), Json.ConversationEvent)];

            case Destinations.UserMessages when since is not null:
                var replay = await conversations.ReplayAsync(user, StreamId.Parse(since)).ConfigureAwait(false);
                return replay.Select(ChatPublisher.Message).ToList();

            default:
                return [];
        }
    }

    private static async Task<Refusal?> Run<T>(StompFrame frame, string destination, JsonTypeInfo<T> type, Func<T, Task<Refusal?>> handle, bool allowEmpty = false)
        where T : class
    {
        T? request;
        if (frame.Body.IsEmpty && allowEmpty)
        {
            request = JsonSerializer.Deserialize("{}"u8, type);
        }
        else
        {
            try
            {
                request = JsonSerializer.Deserialize(frame.Body.Span, type);
            }
            catch (JsonException ex)
            {
                return Refusal.Invalid(destination, DescribeJsonError(ex));
            }
        }

        return request is null
            ? Refusal.Invalid(destination, "The body must be a JSON object.")
            : await handle(request).ConfigureAwait(false);
    }

    private static string DescribeJsonError(JsonException ex)
    {
        var field = ex.Path is { Length: > 2 } path && path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : null;
        return field is null
            ? "The body is not valid JSON."
            : $"'{field}' has the wrong type or is malformed.";
    }
}
