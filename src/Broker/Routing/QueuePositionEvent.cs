using System.Text.Json.Serialization;

namespace CustomerChat.Broker.Routing;

/// <summary>
/// <c>{"type": "queue.position", "conversationId", "position", "waiting", "estimatedWaitSeconds"}</c> to a waiting
/// customer's <c>/user/queue/events</c> (docs/protocol.md §12 "Queue position"): <c>position</c> 1 is next,
/// <c>waiting</c> counts the conversations in the same queue, <c>estimatedWaitSeconds</c> is null until the queue has
/// seen two assignments.
/// </summary>
public sealed record QueuePositionEvent(string ConversationId, int Position, int Waiting, int? EstimatedWaitSeconds)
{
    /// <summary>Always <c>queue.position</c>.</summary>
    [JsonPropertyOrder(-1)]
    public string Type => "queue.position";
}
