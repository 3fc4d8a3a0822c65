using System.Text.Json.Serialization.Metadata;
using CustomerChat.Broker.Identity;
using CustomerChat.Broker.Stomp;
using CustomerChat.Protocol.Chat;
using Microsoft.Extensions.DependencyInjection.Extensions;
using CustomerChat.Broker.History;

namespace CustomerChat.Broker.Conversations;

/// <summary>Registers the conversation layer.</summary>
public static class ConversationServiceCollectionExtensions
{
    /// <summary>
    /// Adds the conversation service, presence and the sweeper with in-memory stores, and the chat's
    /// destinations on the STOMP core (handlers, subscription sources, policy, refusal encoder, session observer). The Redis registration (when <c>CustomerChat:Redis:Configuration</c> is set) replaces the
    /// stores and the backplane.
    /// </summary>
    public static IServiceCollection AddChatConversations(this IServiceCollection services)
    {
        services.AddSingleton<IConversationStore, InMemoryConversationStore>();
        services.AddSingleton<IHistoryStore, InMemoryHistoryStore>();
        services.AddSingleton<IPresenceStore, InMemoryPresenceStore>();
        services.AddSingleton<ChatPublisher>();
        services.AddSingleton<StripedLock>();
        services.AddSingleton<ConversationTransitions>();
        services.AddSingleton<ConversationLookup>();
        services.AddSingleton<ConversationHistory>();
        services.TryAddSingleton<IConversationSearch, ScanConversationSearch>();
        services.AddSingleton<ConversationSignals>();
        services.AddSingleton<ConversationObservers>();
        services.AddSingleton<MessageDelivery>();
        services.AddSingleton<ConversationService>();
        services.AddSingleton<ConversationNotes>();
        services.AddSingleton<ConversationRequeuer>();
        services.AddSingleton<PresenceTracker>();
        services.AddSingleton<PresenceListeners>();
        services.AddSingleton<NoRouting>();
        services.TryAddSingleton<IAgentStatusSource>(sp => sp.GetRequiredService<NoRouting>());
        services.TryAddSingleton<IQueuePositions>(sp => sp.GetRequiredService<NoRouting>());
        services.AddHostedService<ConversationSweeper>();

        // The chat on the STOMP core: its destinations, first messages, policy, refusal shape and session hooks.
        services.Configure<StompRoutingOptions>(routing =>
        {
            routing.TopicPrefixes.Add(Destinations.ChatTopicPrefix);
            routing.UserQueues.AddRange([Destinations.UserMessagesQueue, Destinations.UserEventsQueue, Destinations.UserErrorsQueue]);
            routing.ErrorQueue = Destinations.UserErrorsQueue;
        });
        services.AddSingleton<IDestinationPolicy, AccessPolicy>();
        services.AddSingleton<IRefusalEncoder, ChatRefusalEncoder>();
        services.AddSingleton<ISessionObserver, ChatSessionObserver>();
        services.AddSingleton<ISubscriptionSource, SupportSnapshotSource>();
        services.AddSingleton<ISubscriptionSource, ConversationStateSource>();
        services.AddSingleton<ISubscriptionSource, MessageReplaySource>();
        AddCommand(services, Destinations.ChatMessage, Json.ChatMessageRequest, c => c.PostMessageAsync);
        AddCommand(services, Destinations.ChatClaim, Json.ClaimRequest, c => c.ClaimAsync);
        AddCommand(services, Destinations.ChatTransfer, Json.TransferRequest, c => c.TransferAsync);
        AddCommand(services, Destinations.ChatClose, Json.CloseRequest, c => c.CloseAsync, allowEmpty: true);
        AddSignal(services, Destinations.ChatTyping, Json.TypingRequest, c => c.TypingAsync, allowEmpty: true);
        AddSignal(services, Destinations.ChatRead, Json.ReadRequest, c => c.ReadAsync);
        services.AddSingleton<ISendHandler>(sp => new ChatCommandHandler<NoteRequest>(
            Destinations.ChatNote, Json.NoteRequest, sp.GetRequiredService<ConversationNotes>().PostAsync));
        AddSignal(services, Destinations.ChatRate, Json.RateRequest, c => c.RateAsync);
        return services;
    }

    private static readonly ChatJsonContext Json = ChatJsonContext.Default;

    private static void AddCommand<T>(IServiceCollection services, string destination, JsonTypeInfo<T> type,
        Func<ConversationService, Func<UserIdentity, T, Task<Refusal?>>> command, bool allowEmpty = false)
        where T : class =>
        services.AddSingleton<ISendHandler>(sp => new ChatCommandHandler<T>(destination, type, command(sp.GetRequiredService<ConversationService>()), allowEmpty));

    private static void AddSignal<T>(IServiceCollection services, string destination, JsonTypeInfo<T> type,
        Func<ConversationSignals, Func<UserIdentity, T, Task<Refusal?>>> command, bool allowEmpty = false)
        where T : class =>
        services.AddSingleton<ISendHandler>(sp => new ChatCommandHandler<T>(destination, type, command(sp.GetRequiredService<ConversationSignals>()), allowEmpty));

    /// <summary>
    /// Replaces the in-memory history, conversation and presence stores with their Redis implementations and
    /// adds the presence monitor; used when <c>CustomerChat:Redis:Configuration</c> is set, after
    /// <see cref="AddChatConversations"/> and the Redis connection (<c>AddRedisScaleOut</c>).
    /// </summary>
    public static IServiceCollection AddChatRedisStores(this IServiceCollection services)
    {
        services.RemoveAll<IHistoryStore>();
        services.AddSingleton<IHistoryStore, RedisHistoryStore>();
        services.RemoveAll<IConversationStore>();
        services.AddSingleton<IConversationStore, RedisConversationStore>();
        services.RemoveAll<IPresenceStore>();
        services.AddSingleton<RedisPresenceStore>();
        services.AddSingleton<IPresenceStore>(sp => sp.GetRequiredService<RedisPresenceStore>());
        services.AddHostedService<RedisPresenceMonitor>();
        return services;
    }
}
