using CustomerChat.Protocol.Chat;

namespace CustomerChat.Broker.History;

/// <summary>The outcome of <see cref="IHistoryStore.AppendAndPublishAsync"/>.</summary>
/// <param name="Stored">The message as stored (with its id); for a duplicate, the first message sent under that client message id.</param>
/// <param name="Duplicate">True when the client message id was seen already: nothing was stored or published.</param>
public sealed record HistoryAppend(ChatMessageView Stored, bool Duplicate);
