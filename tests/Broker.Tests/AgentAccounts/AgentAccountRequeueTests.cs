using System.Net;
using CustomerChat.Broker.Conversations;
using CustomerChat.Broker.Tests.Infrastructure;
using CustomerChat.Broker.Tests.Workspace;

namespace CustomerChat.Broker.Tests.AgentAccounts;

/// <summary>Disabling or deleting an agent re-queues its conversations through <see cref="IConversationRequeue"/>; other changes do not.</summary>
public sealed class AgentAccountRequeueTests
{
    [Fact]
    public async Task DisablingAndDeletingCallTheRequeueSeamOnce_OtherChangesDoNot()
    {
        var requeue = new RecordingRequeue();
        await using var broker = await BrokerHost.StartAsync(services => services.AddSingleton<IConversationRequeue>(requeue));
        var admin = (await broker.LoginAsync("alice")).Token;
        await Api.ExpectAsync(HttpStatusCode.Created, broker, HttpMethod.Post, "/api/agents", admin, new { username = "kim", password = "kim-secret" });
        await Api.ExpectAsync(HttpStatusCode.Created, broker, HttpMethod.Post, "/api/agents", admin, new { username = "lou", password = "lou-secret" });

        await Api.ExpectAsync(HttpStatusCode.OK, broker, HttpMethod.Put, "/api/agents/kim", admin, new { displayName = "Kim K." });
        await Api.ExpectAsync(HttpStatusCode.OK, broker, HttpMethod.Put, "/api/agents/kim", admin, new { disabled = true });
        await requeue.Requeued("kim");

        await Api.ExpectAsync(HttpStatusCode.NoContent, broker, HttpMethod.Delete, "/api/agents/lou", admin);
        await requeue.Requeued("lou");
        Assert.False(requeue.WasRequeued("alice"));
    }
}
