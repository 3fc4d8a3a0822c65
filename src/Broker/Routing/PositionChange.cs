namespace CustomerChat.Broker.Routing;

/// <summary>A waiting conversation whose place in its queue changed (or was never announced): <paramref name="Position"/> 1 = next.</summary>
public sealed record PositionChange(string ConversationId, int Position);
