namespace CustomerChat.Broker.Conversations;

/// <summary>Registers the conversation layer.</summary>
public static class ConversationServiceCollectionExtensions
{
    /// <summary>Adds the chat application and its stores (in memory unless Redis is configured).</summary>
    public static IServiceCollection AddChatConversations(this IServiceCollection services)
    {
        services.AddSingleton<IChatApplication, ChatApplication>();
        return services;
    }
}
