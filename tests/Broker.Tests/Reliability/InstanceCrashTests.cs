using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text.Json;
using CustomerChat.Broker.Tests.Infrastructure;
using CustomerChat.Broker.Tests.Redis;
using CustomerChat.Broker.Tests.Stomp;
using Xunit.Abstractions;

namespace CustomerChat.Broker.Tests.Reliability;

/// <summary>
/// An instance killed outright mid-chat (issue 17): two broker processes on one real redis-server, agents and
/// customers on both chatting both ways with receipts; instance A gets SIGKILL. Its clients reconnect to B with the
/// same tokens, resubscribe with <c>x-since</c> = the highest message id they hold and resend what was not receipted.
/// Afterwards every receipted message was received exactly once by both parties and is in history once, in id order;
/// conversations keep their agents; the parties on B never noticed; A's users who come back are never announced
/// offline, and one who does not is announced offline within the presence expiry.
/// </summary>
public sealed class InstanceCrashTests(ITestOutputHelper output)
{
    private const int Rounds = 15;
    private const int KillAtRound = 5;
    private const int Customers = 6;
    private static readonly TimeSpan PresenceExpiry = TimeSpan.FromSeconds(4);
    private static readonly TimeSpan Pace = TimeSpan.FromMilliseconds(60);

    private sealed record Chat(int Index, ChaosParty Customer, ChaosParty Agent, string ConversationId);

    [Fact]
    public async Task ClientsOfAKilledInstanceRecoverOnTheOtherLosingNothingReceiptedSeeingNothingTwiceKeepingTheirAgent()
    {
        await using var redis = await RedisServer.StartAsync();
        string[] settings =
        [
            $"CustomerChat:Redis:Configuration={redis.Configuration}", $"CustomerChat:Redis:KeyPrefix=t{Guid.NewGuid():N}:",
            $"CustomerChat:Redis:PresenceExpiry={PresenceExpiry}", "CustomerChat:Limits:SendsPerSecondPerConnection=1000",
        ];
        await using var a = await BrokerProcess.StartAsync(settings);
        await using var b = await BrokerProcess.StartAsync(settings);
        var parties = new List<ChaosParty>();
        try
        {
            // alice on A, bob on B; customers alternate A, B; alice holds c0..c2, bob c3..c5: pairs on A-A, A-B, B-B.
            var alice = await ChaosParty.ConnectAsync("alice", await a.LoginAsync("alice"), agent: true, a.WebSocketUri);
            var bob = await ChaosParty.ConnectAsync("bob", await b.LoginAsync("bob"), agent: true, b.WebSocketUri);
            parties.AddRange([alice, bob]);
            var chats = new List<Chat>();
            for (var i = 0; i < Customers; i++)
            {
                var host = i % 2 == 0 ? a : b;
                var customer = await ChaosParty.ConnectAsync($"c{i}", await host.GuestAsync($"C{i}"), agent: false, host.WebSocketUri);
                parties.Add(customer);
                var id = await WaitingConversationAsync(bob, customer);
                var agent = i < Customers / 2 ? alice : bob;
                Assert.Equal(SendOutcome.Receipted, await agent.SendAsync("/chat/claim", new { conversationId = id }));
                chats.Add(new Chat(i, customer, agent, id));
            }

            // One more customer on A who will not come back.
            var leaver = await ChaosParty.ConnectAsync("leaver", await a.GuestAsync("Leaver"), agent: false, a.WebSocketUri);
            parties.Add(leaver);
            await WaitingConversationAsync(bob, leaver);
            var onA = parties.Where(p => p == alice || (p.Name.StartsWith('c') && int.Parse(p.Name[1..]) % 2 == 0)).ToHashSet();

            // Everyone chats; once every party has sent KillAtRound rounds, A is killed (SIGKILL) while they go on.
            var ledger = new ConcurrentDictionary<string, List<SendOutcome>>();
            var clock = new Stopwatch();
            var recovered = new ConcurrentDictionary<string, TimeSpan>();
            var reachedKillRound = new ConcurrentDictionary<string, TaskCompletionSource>();
            var chatters = parties.Where(p => p != leaver).Select(party =>
            {
                var mine = chats.Where(c => c.Customer == party || c.Agent == party).ToList();
                var reached = reachedKillRound[party.Name] = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                return Task.Run(() => ChatAsync(party, mine, ledger, reached, b, clock, recovered));
            }).ToList();
            await Task.WhenAll(reachedKillRound.Values.Select(r => r.Task)).WaitAsync(TimeSpan.FromSeconds(60));
            await a.KillAsync();
            clock.Start();
            await Task.WhenAll(chatters).WaitAsync(TimeSpan.FromSeconds(90));

            // Delivery: every message of a chat whose SEND was receipted reaches both of its parties (the sender's own
            // copy too) exactly once; no message id arrives twice anywhere.
            string Sender(string text) => text[..text.IndexOf('-')];
            var receipted = ledger.Where(e => e.Value[^1] == SendOutcome.Receipted).Select(e => e.Key).ToHashSet();
            var resent = ledger.Where(e => e.Value.Count > 1).Select(e => e.Key).ToHashSet();
            Assert.All(ledger, e => Assert.True(e.Value[^1] == SendOutcome.Receipted || (e.Value[^1] == SendOutcome.Refused && e.Value.Count > 1),
                $"{e.Key}: {string.Join(", ", e.Value)}"));
            foreach (var chat in chats)
            {
                var expected = ledger.Keys.Where(t => t.Split('-')[1] == chat.Index.ToString()).ToList();
                foreach (var party in new[] { chat.Customer, chat.Agent })
                {
                    await StompAssert.EventuallyAsync(() => expected.All(t => party.Received.Any(r => r.Text == t)), TimeSpan.FromSeconds(20),
                        $"{party.Name} receives every message of chat {chat.Index}: missing {string.Join(", ", expected.Where(t => party.Received.All(r => r.Text != t)))}");
                }
            }

            var duplicates = 0;
            foreach (var party in parties.Where(p => p != leaver))
            {
                var received = party.Received;
                // A message id is unique within its conversation only: two conversations can store a message in the same millisecond.
                var twice = received.GroupBy(r => (r.ConversationId, r.Id)).Where(g => g.Count() > 1).Select(g => $"{g.Key} '{g.First().Text}'").ToList();
                Assert.True(twice.Count == 0, $"{party.Name} ({received.Count} received) got messages twice: {string.Join("; ", twice)}");
                foreach (var group in received.GroupBy(r => r.Text))
                {
                    Assert.True(group.Count() == 1 || resent.Contains(group.Key), $"{party.Name} saw '{group.Key}' {group.Count()} times");
                    Assert.InRange(group.Count(), 1, 2);
                    duplicates += group.Count() - 1;
                }
            }

            // History on B: each chat's receipted messages once, in id order; the conversation still active with its agent.
            var conversations = await GetJsonAsync(b, "api/conversations", alice.Token.Token);
            foreach (var chat in chats)
            {
                var history = await ReadHistoryAsync(b, chat.ConversationId, alice.Token.Token);
                for (var i = 1; i < history.Count; i++)
                {
                    Assert.True(ChaosParty.CompareIds(history[i - 1].Id, history[i].Id) < 0, $"history of chat {chat.Index} out of id order at {i}");
                }

                foreach (var text in ledger.Keys.Where(t => t.Split('-')[1] == chat.Index.ToString()))
                {
                    var count = history.Count(m => m.Text == text);
                    Assert.True(receipted.Contains(text) && !resent.Contains(text) ? count == 1 : count is 1 or 2, $"'{text}' is {count} times in history");
                }

                var view = conversations.EnumerateArray().Single(c => c.GetProperty("id").GetString() == chat.ConversationId);
                Assert.Equal("active", view.GetProperty("state").GetString());
                Assert.Equal(chat.Agent.Token.UserId, view.GetProperty("agentId").GetString());
            }

            // The parties on B never lost a SEND; every party of A came back on B.
            Assert.All(parties.Where(p => p != leaver && !onA.Contains(p)), p => Assert.DoesNotContain(ledger, e => Sender(e.Key) == p.Name && e.Value.Contains(SendOutcome.Lost)));
            Assert.Equal(onA.Select(p => p.Name).Order(), recovered.Keys.Order());

            // Presence: the leaver goes offline within the expiry (B reaps A); the users who came back are never
            // announced offline. Fence: a customer connecting on B afterwards is announced after any such event.
            var support = new List<JsonElement>();
            var leaverGone = await CollectUntilAsync(bob, support, "customer.disconnected", leaver.Token.UserId, clock, TimeSpan.FromSeconds(20));
            await using var fence = await ChaosParty.ConnectAsync("fence", await b.GuestAsync("Fence"), agent: false, b.WebSocketUri);
            await CollectUntilAsync(bob, support, "customer.connected", fence.Token.UserId, clock, TimeSpan.FromSeconds(10));
            Assert.InRange(leaverGone, TimeSpan.Zero, PresenceExpiry + TimeSpan.FromSeconds(4)); // expiry + one reap interval + slack
            var returned = onA.Select(p => p.Token.UserId).ToHashSet();
            Assert.DoesNotContain(support, e => e.GetProperty("type").GetString() is "agent.offline" or "customer.disconnected"
                && returned.Contains(e.TryGetProperty("agentId", out var id) ? id.GetString()! : e.GetProperty("customerId").GetString()!));

            output.WriteLine($"messages sent: {ledger.Count}; receipted: {receipted.Count}; resent after the kill: {resent.Count} " +
                $"(refused as a repeat, so the first copy was stored: {ledger.Count(e => e.Value[^1] == SendOutcome.Refused)}); " +
                $"delivered: {parties.Sum(p => p.Received.Count)}; duplicates seen: {duplicates}; lost: 0");
            output.WriteLine($"time to recover (kill → first receipted SEND on B): {string.Join(", ", recovered.OrderBy(r => r.Key).Select(r => $"{r.Key} {r.Value.TotalMilliseconds:0} ms"))}");
            output.WriteLine($"leaver announced offline {leaverGone.TotalMilliseconds:0} ms after the kill (presence expiry {PresenceExpiry.TotalSeconds} s)");
        }
        finally
        {
            foreach (var party in parties)
            {
                await party.DisposeAsync();
            }
        }
    }

    /// <summary>
    /// One party's chat: <see cref="Rounds"/> rounds, one message to each of its chats per round, each SENT with a
    /// receipt and a clientMessageId. A lost SEND (the connection died) makes it reconnect to the surviving instance
    /// and send the same message again; a refused resend means the first copy was stored.
    /// </summary>
    private static async Task ChatAsync(ChaosParty party, List<Chat> chats, ConcurrentDictionary<string, List<SendOutcome>> ledger,
        TaskCompletionSource reachedKillRound, BrokerProcess survivor, Stopwatch sinceKill, ConcurrentDictionary<string, TimeSpan> recovered)
    {
        for (var round = 0; round < Rounds; round++)
        {
            if (round == KillAtRound)
            {
                reachedKillRound.TrySetResult();
            }

            foreach (var chat in chats)
            {
                var text = $"{party.Name}-{chat.Index}-{round}";
                object body = party.IsAgent
                    ? new { conversationId = chat.ConversationId, message = text, clientMessageId = text }
                    : new { message = text, clientMessageId = text };
                var outcomes = ledger[text] = [];
                while (true)
                {
                    var outcome = await party.SendAsync("/chat/message", body);
                    lock (outcomes)
                    {
                        outcomes.Add(outcome);
                    }

                    if (outcome != SendOutcome.Lost)
                    {
                        if (outcomes.Count > 1)
                        {
                            recovered.TryAdd(party.Name, sinceKill.Elapsed);
                        }

                        break;
                    }

                    Assert.True(outcomes.Count < 4, $"{party.Name}: '{text}' lost {outcomes.Count} times");
                    await party.ConnectionLost.WaitAsync(TimeSpan.FromSeconds(10));
                    await party.ReconnectAsync(survivor.WebSocketUri);
                }
            }

            await Task.Delay(Pace); // pacing the conversation, not waiting for anything
        }

        reachedKillRound.TrySetResult();
    }

    private static async Task<string> WaitingConversationAsync(ChaosParty agent, ChaosParty customer) =>
        (await agent.WaitForAsync(ChaosParty.Support, "conversation.waiting",
            e => e.GetProperty("conversation").GetProperty("customerId").GetString() == customer.Token.UserId))
        .GetProperty("conversation").GetProperty("id").GetString()!;

    /// <summary>Reads the support topic into <paramref name="seen"/> until the event; returns <paramref name="sinceKill"/> then.</summary>
    private static async Task<TimeSpan> CollectUntilAsync(ChaosParty agent, List<JsonElement> seen, string type, string userId, Stopwatch sinceKill, TimeSpan timeout)
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            var left = timeout - deadline.Elapsed;
            Assert.True(left > TimeSpan.Zero, $"No {type} for {userId} on the support topic in time.");
            var body = await agent.NextAsync(ChaosParty.Support, left);
            seen.Add(body);
            if (body.GetProperty("type").GetString() == type && body.GetProperty("customerId").GetString() == userId)
            {
                return sinceKill.Elapsed;
            }
        }
    }

    private static async Task<JsonElement> GetJsonAsync(BrokerProcess host, string path, string token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await host.Http.SendAsync(request);
        response.EnsureSuccessStatusCode();
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
    }

    private static async Task<List<(string Id, string Text)>> ReadHistoryAsync(BrokerProcess host, string conversationId, string token)
    {
        var messages = new List<(string, string)>();
        string? after = null;
        for (var page = 0; page < 100; page++)
        {
            var json = await GetJsonAsync(host, $"api/conversations/{conversationId}/messages?limit=50" + (after is null ? "" : $"&after={after}"), token);
            messages.AddRange(json.GetProperty("messages").EnumerateArray().Select(m => (m.GetProperty("id").GetString()!, m.GetProperty("message").GetString()!)));
            after = json.GetProperty("next").GetString();
            if (after is null)
            {
                break;
            }
        }

        return messages;
    }
}
