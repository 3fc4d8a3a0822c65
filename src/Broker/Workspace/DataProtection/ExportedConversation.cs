using CustomerChat.Protocol.Chat;

namespace CustomerChat.Broker.Workspace.DataProtection;

/// <summary>One conversation of a <see cref="CustomerExport"/>: <c>{"conversation", "messages"}</c>.</summary>
/// <param name="Conversation">The Conversation (with <c>rating</c> and <c>labels</c>).</param>
/// <param name="Messages">Its ChatMessages, oldest first, as the export's reader may see them.</param>
public sealed record ExportedConversation(ConversationView Conversation, IReadOnlyList<ChatMessageView> Messages);
