using System.Collections.Concurrent;
using CustomerChat.Broker.Conversations;

namespace CustomerChat.Broker.Tests.AgentAccounts;

/// <summary>The re-queue seam as a test sees it: each call is recorded and can be awaited.</summary>
internal sealed class RecordingRequeue : IConversationRequeue
{
    private readonly ConcurrentDictionary<string, TaskCompletionSource> _calls = new(StringComparer.Ordinal);

    /// <inheritdoc />
    public Task RequeueAgentAsync(string agentId)
    {
        Call(agentId).TrySetResult();
        return Task.CompletedTask;
    }

    /// <summary>Completes when <paramref name="agentId"/> was re-queued.</summary>
    public Task Requeued(string agentId) => Call(agentId).Task.WaitAsync(TimeSpan.FromSeconds(10));

    /// <summary>Whether <paramref name="agentId"/> was re-queued so far.</summary>
    public bool WasRequeued(string agentId) => _calls.TryGetValue(agentId, out var call) && call.Task.IsCompleted;

    private TaskCompletionSource Call(string agentId) =>
        _calls.GetOrAdd(agentId, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
}
