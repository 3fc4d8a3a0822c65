using CustomerChat.Broker.History;

namespace CustomerChat.Broker.Conversations;

/// <summary>Registers the conversation layer.</summary>
public static class ConversationServiceCollectionExtensions
{
    /// <summary>
    /// Adds the chat application, the conversation service, presence and the sweeper, with in-memory
    /// stores. The Redis registration (when <c>CustomerChat:Redis:Configuration</c> is set) replaces the
    /// stores and the backplane.
    /// </summary>
    public static IServiceCollection AddChatConversations(this IServiceCollection services)
    {
        services.AddSingleton<IConversationStore, InMemoryConversationStore>();
        services.AddSingleton<IHistoryStore, InMemoryHistoryStore>();
        services.AddSingleton<IPresenceStore, InMemoryPresenceStore>();
        services.AddSingleton<ChatPublisher>();
        services.AddSingleton<ConversationService>();
        services.AddSingleton<PresenceTracker>();
        services.AddSingleton<IChatApplication, ChatApplication>();
        services.AddHostedService<ConversationSweeper>();
        return services;
    }
}
