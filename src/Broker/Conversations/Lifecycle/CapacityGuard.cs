namespace CustomerChat.Broker.Conversations;

/// <summary>
/// "Only while <paramref name="AgentId"/> holds fewer than <paramref name="Capacity"/> active conversations":
/// checked by the store in the same atomic step as the change (docs/protocol.md §12).
/// </summary>
public sealed record CapacityGuard(string AgentId, int Capacity);
