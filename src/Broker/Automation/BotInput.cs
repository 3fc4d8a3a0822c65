namespace CustomerChat.Broker.Automation;

/// <summary>What the bot needs to know about a customer message that was just stored (see <see cref="BotResponder.Respond"/>).</summary>
/// <param name="IsFirstCustomerMessage">Whether this is the conversation's first customer message.</param>
/// <param name="State">The conversation's state when the message arrived.</param>
/// <param name="CustomerText">The message text as stored (after the pipeline).</param>
/// <param name="IsOpen">Whether business hours are open now (true when no business hours are configured).</param>
/// <param name="OfflineMessage">The configured offline message (<c>CustomerChat:BusinessHours:OfflineMessage</c>); null or blank for none.</param>
public sealed record BotInput(bool IsFirstCustomerMessage, BotConversationState State, string CustomerText, bool IsOpen, string? OfflineMessage);
