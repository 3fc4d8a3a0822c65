using System.Diagnostics;
using System.Net;
using System.Net.WebSockets;
using System.Text;
using CustomerChat.Broker.Tests.Infrastructure;
using CustomerChat.Protocol;

namespace CustomerChat.Broker.Tests.Stomp;

/// <summary>Assertions and small steps the STOMP and identity tests share.</summary>
public static class StompAssert
{
    /// <summary>A topic name no other test uses.</summary>
    public static string UniqueTopic(string prefix = "t") => $"/topic/{prefix}-{Guid.NewGuid():N}";

    /// <summary>
    /// Waits for a condition that has no event of its own (a counter), checking it every few milliseconds
    /// until <paramref name="timeout"/>; fails with <paramref name="because"/> if it never holds.
    /// </summary>
    public static async Task EventuallyAsync(Func<bool> condition, TimeSpan timeout, string because)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            if (clock.Elapsed > timeout)
            {
                Assert.Fail($"Not within {timeout.TotalSeconds} s: {because}");
            }

            await Task.Delay(20);
        }
    }

    /// <summary>
    /// Waits until every connection of <paramref name="registry"/> but <paramref name="except"/> has finished its
    /// writes. Before a fake clock jumps: a writer marks a write done just after its bytes leave, so a client can read a
    /// frame a moment before; a jump in between would find that write in flight for the whole jump (a slow consumer,
    /// docs/protocol.md §2). Real time never jumps.
    /// </summary>
    public static Task WritersIdleAsync(CustomerChat.Broker.Stomp.ConnectionRegistry registry, CustomerChat.Broker.Stomp.StompConnection? except = null) =>
        EventuallyAsync(() => registry.All.Where(c => c != except).All(c => !c.Outbox.HasPending), TimeSpan.FromSeconds(10), "the broker's writers to finish");

    /// <summary>Waits for an ERROR (skipping anything else), then for the server's close; returns the ERROR.</summary>
    public static async Task<StompFrame> ErrorThenCloseAsync(StompTestClient client, TimeSpan? timeout = null)
    {
        var error = await client.ExpectErrorAsync(timeout);
        Assert.False(string.IsNullOrEmpty(error["message"]), "An ERROR frame must carry a 'message' header.");
        await client.WaitForCloseAsync();
        return error;
    }

    /// <summary>Asserts the next frame is an ERROR (nothing before it), then the close; returns the ERROR.</summary>
    public static async Task<StompFrame> NextIsErrorThenCloseAsync(StompTestClient client)
    {
        var error = await client.ReceiveAsync();
        Assert.True(error.Command == StompCommand.Error, $"Expected ERROR, got {error.Command}");
        Assert.False(string.IsNullOrEmpty(error["message"]), "An ERROR frame must carry a 'message' header.");
        await client.WaitForCloseAsync();
        return error;
    }

    /// <summary>
    /// Writes <paramref name="frame"/> in one binary WebSocket message (a body that is not UTF-8 cannot travel
    /// in a text message: the receiving WebSocket rejects it).
    /// </summary>
    public static Task SendBinaryAsync(StompTestClient client, StompFrame frame)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        StompWriter.WriteFrame(buffer, frame, StompVersion.V1_2);
        return client.SendRawAsync(buffer.WrittenMemory, WebSocketMessageType.Binary);
    }

    /// <summary>SEND with a text body and a receipt; waits for the RECEIPT.</summary>
    public static Task PublishAsync(StompTestClient publisher, string destination, string body, params (string Name, string Value)[] headers)
    {
        var frame = new StompFrame(StompCommand.Send, new StompHeaders(), Encoding.UTF8.GetBytes(body))
            .With("destination", destination).With("content-type", "text/plain");
        foreach (var (name, value) in headers)
        {
            frame.With(name, value);
        }

        return publisher.SendWithReceiptAsync(frame);
    }

    /// <summary>Reads <paramref name="count"/> MESSAGE frames of <paramref name="subscription"/> and returns their bodies in arrival order.</summary>
    public static async Task<List<string>> ReceiveBodiesAsync(StompTestClient client, string subscription, int count)
    {
        var bodies = new List<string>(count);
        for (var i = 0; i < count; i++)
        {
            bodies.Add(StompTestClient.BodyText(await client.ReceiveMessageAsync(subscription)));
        }

        return bodies;
    }

    /// <summary>
    /// A fence on the delivery lane: <paramref name="publisher"/> sends a marker to <paramref name="markerTopic"/>
    /// (which <paramref name="subscriber"/> holds as <paramref name="markerSubscription"/>, ack auto) and the
    /// subscriber's very next frame must be that marker. Any MESSAGE queued for the subscriber before the marker
    /// would arrive first, so this proves that nothing else was delivered. (A RECEIPT fence cannot prove that:
    /// RECEIPTs travel on the broker's control lane, ahead of queued MESSAGE frames.)
    /// </summary>
    public static async Task NothingDeliveredBeforeMarkerAsync(StompTestClient subscriber, StompTestClient publisher, string markerTopic, string markerSubscription)
    {
        var marker = "marker-" + Guid.NewGuid().ToString("N");
        await PublishAsync(publisher, markerTopic, marker);
        var next = await subscriber.ReceiveAsync();
        Assert.True(next.Command == StompCommand.Message, $"Expected the marker MESSAGE, got {next.Command}: {next["message"]}");
        Assert.True(next["subscription"] == markerSubscription && StompTestClient.BodyText(next) == marker,
            $"Something was delivered before the marker: '{StompTestClient.BodyText(next)}' on subscription {next["subscription"]}");
    }

    /// <summary>
    /// Attempts a WebSocket upgrade to <paramref name="uri"/> with an <c>Origin</c> header and returns the HTTP status:
    /// 101 when the upgrade was accepted, otherwise the refusal's status code.
    /// </summary>
    public static async Task<HttpStatusCode> UpgradeStatusAsync(Uri uri, string? origin)
    {
        using var socket = new ClientWebSocket();
        socket.Options.CollectHttpResponseDetails = true;
        socket.Options.AddSubProtocol("v12.stomp");
        if (origin is not null)
        {
            socket.Options.SetRequestHeader("Origin", origin);
        }

        using var cts = new CancellationTokenSource(StompTestClient.Timeout);
        try
        {
            await socket.ConnectAsync(uri, cts.Token);
        }
        catch (WebSocketException)
        {
            Assert.NotEqual(default, socket.HttpStatusCode);
            return socket.HttpStatusCode;
        }

        using var close = new CancellationTokenSource(StompTestClient.Timeout);
        await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, null, close.Token);
        return socket.HttpStatusCode;
    }
}
