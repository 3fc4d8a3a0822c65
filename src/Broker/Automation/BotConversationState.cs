namespace CustomerChat.Broker.Automation;

/// <summary>The state of the conversation a customer message arrived in, as the bot sees it.</summary>
public enum BotConversationState
{
    /// <summary>No agent holds the conversation yet: the bot answers FAQs and handover requests.</summary>
    Waiting,

    /// <summary>An agent holds the conversation: the bot stays quiet (except a greeting owed to a first message).</summary>
    Active,
}
