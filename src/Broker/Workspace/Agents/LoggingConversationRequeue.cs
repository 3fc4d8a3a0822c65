using CustomerChat.Broker.Conversations;

namespace CustomerChat.Broker.Workspace.Agents;

/// <summary>The stand-in <see cref="IConversationRequeue"/> until routing provides one: it re-queues nothing and logs that.</summary>
public sealed class LoggingConversationRequeue(ILogger<LoggingConversationRequeue> logger) : IConversationRequeue
{
    /// <inheritdoc />
    public Task RequeueAgentAsync(string agentId)
    {
        AgentAccountLog.RequeueNotWired(logger, agentId);
        return Task.CompletedTask;
    }
}
