namespace CustomerChat.RoutingBench;

/// <summary>One measurement: an agent closes a chat at <see cref="Sent"/>; the assignment that follows reaches the clients.</summary>
internal sealed class Sample(string agentId, long sent)
{
    /// <summary>The agent whose slot freed (all others are at capacity, so the next assignment is its).</summary>
    public string AgentId { get; } = agentId;

    /// <summary>Stopwatch timestamp just before the close's SEND.</summary>
    public long Sent { get; } = sent;

    /// <summary>The agent's <c>conversation.claimed</c> on <c>/chat/topic/support</c> arrived.</summary>
    public TaskCompletionSource<long> AgentTopic { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>The agent's <c>conversation.state</c> (reason <c>claimed</c>) on <c>/user/queue/events</c> arrived.</summary>
    public TaskCompletionSource<long> AgentState { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>The customer's <c>conversation.state</c> (reason <c>claimed</c>) arrived.</summary>
    public TaskCompletionSource<long> CustomerState { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
}
