using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using CustomerChat.Broker.Identity;
using CustomerChat.Broker.Tests.Redis;
using StackExchange.Redis;
using Xunit.Abstractions;

namespace CustomerChat.Broker.Tests.Reliability;

/// <summary>
/// An instance killed outright mid-chat (issue 17): two broker processes on one real redis-server, 4 agents and 20
/// customers on both, every pair chatting both ways with receipts; instance A gets SIGKILL. Its clients reconnect to B
/// with the same tokens, resubscribe with a per-conversation <c>x-since</c> and resend what was not receipted with the
/// same <c>clientMessageId</c>. Afterwards every receipted message was received exactly once by both parties and is in
/// history once, in id order; conversations keep their agents; the parties on B never noticed; A's users who come back
/// are never announced offline, and those who do not are announced offline within the presence expiry.
/// <c>CUSTOMERCHAT_CHAOS_ROUNDS</c> sets the rounds each party sends (default 15; A is killed after a third of them).
/// </summary>
public sealed class InstanceCrashTests(ITestOutputHelper output)
{
    private const int AgentCount = 4;
    private const int CustomerCount = 20;
    private const int Capacity = CustomerCount / AgentCount;
    private static readonly int Rounds = int.TryParse(Environment.GetEnvironmentVariable("CUSTOMERCHAT_CHAOS_ROUNDS"), out var r) && r >= 3 ? r : 15;
    private static readonly int KillAtRound = Rounds / 3;
    private static readonly HashSet<int> Leavers = [16, 18]; // customers on A who do not come back
    private static readonly TimeSpan PresenceExpiry = TimeSpan.FromSeconds(4);
    private static readonly TimeSpan Pace = TimeSpan.FromMilliseconds(60);
    private static readonly Lazy<string> PasswordHash = new(() => AgentDirectory.HashPassword("demo"));

    private sealed record Chat(int Index, ChaosParty Customer, ChaosParty Agent, string ConversationId, bool CustomerLeaves);

    /// <summary>What every chatting task shares.</summary>
    private sealed class Run(BrokerProcess survivor, int returning)
    {
        public ConcurrentDictionary<string, List<SendOutcome>> Ledger { get; } = new();
        public ConcurrentDictionary<string, long> FirstReceiptedSendAfterKill { get; } = new();
        public TaskCompletionSource AllRecovered { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public BrokerProcess Survivor => survivor;
        public long KilledAt { get; set; }

        public void Recovered(string party)
        {
            if (FirstReceiptedSendAfterKill.TryAdd(party, Stopwatch.GetTimestamp()) && FirstReceiptedSendAfterKill.Count == returning)
            {
                AllRecovered.TrySetResult();
            }
        }
    }

    [Fact]
    public async Task ClientsOfAKilledInstanceRecoverOnTheOtherLosingNothingReceiptedSeeingNothingTwiceKeepingTheirAgent()
    {
        var wall = Stopwatch.StartNew();
        await using var redis = await RedisServer.StartAsync();
        var prefix = $"t{Guid.NewGuid():N}:";
        string[] settings =
        [
            $"CustomerChat:Redis:Configuration={redis.Configuration}", $"CustomerChat:Redis:KeyPrefix={prefix}",
            $"CustomerChat:Redis:PresenceExpiry={PresenceExpiry}", "CustomerChat:Limits:SendsPerSecondPerConnection=1000",
            .. Enumerable.Range(0, AgentCount).SelectMany(i => new[]
            {
                $"CustomerChat:Agents:{i}:Username=ag{i}", $"CustomerChat:Agents:{i}:DisplayName=Agent {i}",
                $"CustomerChat:Agents:{i}:PasswordHash={PasswordHash.Value}", $"CustomerChat:Agents:{i}:Capacity={Capacity}",
            }),
        ];
        var starting = new[] { BrokerProcess.StartAsync(settings), BrokerProcess.StartAsync(settings) }; // both at once: start-up is most of the set-up
        try
        {
            await Task.WhenAll(starting);
        }
        catch
        {
            foreach (var started in starting.Where(t => t.IsCompletedSuccessfully))
            {
                await (await started).DisposeAsync();
            }

            throw;
        }

        await using var a = await starting[0];
        await using var b = await starting[1];
        var brokersUp = wall.Elapsed;
        var parties = new List<ChaosParty>();
        try
        {
            // ag0, ag1 on A; ag2, ag3 on B. Customer i is on A when i is even and talks to agent i % 4, so each agent
            // holds 5 conversations and the pairs are A-A (ag0), A-B (ag1), B-A (ag2), B-B (ag3).
            var agents = (await Task.WhenAll(Enumerable.Range(0, AgentCount).Select(async i =>
            {
                var host = i < AgentCount / 2 ? a : b;
                return await ChaosParty.ConnectAsync($"ag{i}", await host.LoginAsync($"ag{i}"), agent: true, host.WebSocketUri);
            }))).ToList();
            parties.AddRange(agents);
            var watcher = agents[^1]; // on B throughout: its support topic sees every presence event
            var customers = (await Task.WhenAll(Enumerable.Range(0, CustomerCount).Select(async i =>
            {
                var host = i % 2 == 0 ? a : b;
                return await ChaosParty.ConnectAsync($"c{i}", await host.GuestAsync($"C{i}"), agent: false, host.WebSocketUri);
            }))).ToList();
            parties.AddRange(customers);
            var waiting = await WaitingConversationsAsync(watcher, customers);
            var chats = customers.Select((customer, i) => new Chat(i, customer, agents[i % AgentCount], waiting[customer.Token.UserId], Leavers.Contains(i))).ToList();
            foreach (var chat in chats)
            {
                Assert.Equal(SendOutcome.Receipted, await chat.Agent.SendAsync("/chat/claim", new { conversationId = chat.ConversationId }));
            }

            var onA = agents.Take(AgentCount / 2).Concat(chats.Where(c => c.Index % 2 == 0).Select(c => c.Customer)).ToHashSet();
            var leavers = chats.Where(c => c.CustomerLeaves).Select(c => c.Customer).ToHashSet();
            Assert.All(leavers, l => Assert.Contains(l, onA));
            var returning = onA.Except(leavers).ToHashSet();

            // A is killed the moment Redis publishes a message ag1 (on A) sent, once armed: the message is stored (the
            // append script publishes), and A still has to read the script's answer and write the RECEIPT, which the
            // SIGKILL, sent from the test's own subscription to ag1's channel (docs/SCALING.md "Order"), often beats, for
            // that message and for others in flight. Their senders then resend them with the same clientMessageId: they
            // must get their RECEIPTs without a second copy reaching anyone.
            var run = new Run(b, returning.Count);
            var armed = new TaskCompletionSource();
            var trigger = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
            var killedAtUnixMs = 0L;
            await using var peek = await ConnectionMultiplexer.ConnectAsync(redis.Configuration);
            await peek.GetSubscriber().SubscribeAsync(RedisChannel.Literal($"{prefix}bp:user:ag1:/queue/messages"), (_, payload) =>
            {
                var text = Encoding.UTF8.GetString((byte[])payload!);
                var at = text.IndexOf("\"ag1-", StringComparison.Ordinal);
                if (at >= 0 && armed.Task.IsCompleted && !trigger.Task.IsCompleted)
                {
                    lock (trigger)
                    {
                        if (!trigger.Task.IsCompleted)
                        {
                            a.KillNow();
                            run.KilledAt = Stopwatch.GetTimestamp();
                            killedAtUnixMs = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
                            trigger.TrySetResult(text[(at + 1)..text.IndexOf('"', at + 1)]);
                        }
                    }
                }
            });

            // Everyone chats; once every party has sent KillAtRound rounds, the kill is armed, and A dies while they go on.
            // Each party sends at least Rounds rounds and goes on until every returning party of A has had a SEND receipted on B.
            var reached = parties.ToDictionary(p => p, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
            var chatters = parties.Select(party => Task.Run(async () =>
            {
                try
                {
                    await ChatAsync(party, [.. chats.Where(c => c.Customer == party || c.Agent == party)], leavers.Contains(party), run, reached[party]);
                }
                catch
                {
                    run.AllRecovered.TrySetResult(); // let the others stop; this task's exception fails the test
                    reached[party].TrySetResult();
                    throw;
                }
            })).ToList();
            var setup = wall.Elapsed;
            await Task.WhenAll(reached.Values.Select(t => t.Task)).WaitAsync(TimeSpan.FromSeconds(60));

            armed.SetResult();
            var killedBy = await trigger.Task.WaitAsync(TimeSpan.FromSeconds(10));
            await a.KillAsync();
            await Task.WhenAll(chatters).WaitAsync(TimeSpan.FromSeconds(60));

            // Wait (bounded) until every receipted message reached its parties, then count.
            var expected = chats.SelectMany(c => run.Ledger.Where(e => ChaosTally.ChatOf(e.Key) == c.Index && e.Value[^1] == SendOutcome.Receipted)
                .SelectMany(e => (c.CustomerLeaves ? new[] { c.Agent } : [c.Customer, c.Agent]).Select(p => (p, e.Key)))).ToList();
            var settled = await EventuallyAsync(() =>
            {
                var texts = parties.ToDictionary(p => p, p => p.Received.Select(m => m.Text).ToHashSet());
                return expected.All(x => texts[x.p].Contains(x.Key));
            }, TimeSpan.FromSeconds(20));
            var histories = new Dictionary<string, List<(string Id, string Text)>>();
            foreach (var chat in chats)
            {
                histories[chat.ConversationId] = await ReadHistoryAsync(b, chat.ConversationId, watcher.Token.Token);
            }

            var tally = ChaosTally.Count(run.Ledger, [.. chats.Select(c => new ChaosTally.ChatParties(c.Index, c.ConversationId, c.Customer, c.Agent, c.CustomerLeaves))], histories);
            var receivingAgain = returning.ToDictionary(p => p.Name, p => p.FirstMessageOnThisConnectionAt is { } at && p.Connections > 1
                ? Stopwatch.GetElapsedTime(run.KilledAt, at) : (TimeSpan?)null);
            var recovered = receivingAgain.Values.All(v => v is not null) ? receivingAgain.Values.Max() : null;
            // A resent message whose stored id (Redis time, ms) is before the kill was stored by A, its RECEIPT lost with A:
            // the resend was answered from the clientMessageId record without a second copy.
            var storedBeforeKill = run.Ledger.Where(e => e.Value.Count > 1).Count(e => histories[chats[ChaosTally.ChatOf(e.Key)].ConversationId]
                .Any(m => m.Text == e.Key && long.Parse(m.Id[..m.Id.IndexOf('-')], CultureInfo.InvariantCulture) < killedAtUnixMs));
            output.WriteLine($"{CustomerCount} customers, {AgentCount} agents, {Rounds} rounds (kill after {KillAtRound}): {tally}; " +
                $"resends of a message A had stored (RECEIPT lost with A, answered as a repeat): {storedBeforeKill}; " +
                $"killed as Redis published '{killedBy}', which ag1 sent {run.Ledger[killedBy].Count} time(s)");
            output.WriteLine($"time to recover (kill → the last of A's {returning.Count} returning clients receiving again on B): " +
                $"{(recovered is { } t ? $"{t.TotalMilliseconds:0} ms" : "never")}; first receipted SEND on B after the kill: " +
                string.Join(", ", run.FirstReceiptedSendAfterKill.OrderBy(e => e.Key).Select(e => $"{e.Key} {Stopwatch.GetElapsedTime(run.KilledAt, e.Value).TotalMilliseconds:0} ms")));
            output.WriteLine($"receiving again after the kill: {string.Join(", ", receivingAgain.OrderBy(e => e.Key).Select(e => $"{e.Key} {e.Value?.TotalMilliseconds:0} ms"))}");
            output.WriteLine($"brokers up {brokersUp.TotalSeconds:0.0} s, set-up {setup.TotalSeconds:0.0} s, chat and checks until now {wall.Elapsed.TotalSeconds:0.0} s");

            Assert.True(settled && tally.Problems.Count == 0, $"{tally}\n{string.Join("\n", tally.Problems.Take(40))}");
            Assert.Equal(0, tally.Lost + tally.Duplicates + tally.OutOfOrder);
            Assert.NotNull(recovered);

            // Conversations keep their agents: still active with the same agent, seen from B.
            var conversations = await GetJsonAsync(b, "api/conversations", watcher.Token.Token);
            foreach (var chat in chats)
            {
                var view = conversations.EnumerateArray().Single(c => c.GetProperty("id").GetString() == chat.ConversationId);
                Assert.Equal("active", view.GetProperty("state").GetString());
                Assert.Equal(chat.Agent.Token.UserId, view.GetProperty("agentId").GetString());
            }

            // The parties on B never lost a SEND nor their connection; every returning party of A came back on B.
            Assert.All(parties.Where(p => !onA.Contains(p)), p => Assert.Equal(1, p.Connections));
            Assert.DoesNotContain(run.Ledger, e => !onA.Any(p => e.Key.StartsWith(p.Name + "-", StringComparison.Ordinal)) && e.Value.Contains(SendOutcome.Lost));
            Assert.Equal(returning.Select(p => p.Name).Order(), run.FirstReceiptedSendAfterKill.Keys.Order());

            // Presence: the leavers go offline within the expiry (B reaps A), announced on the support topic and to their
            // agents; the users who came back are never announced offline. Fence: a customer connecting on B afterwards is
            // announced after any such event.
            var support = new List<(JsonElement Body, long At)>();
            foreach (var leaver in leavers)
            {
                var gone = await CollectUntilAsync(watcher, support, "customer.disconnected", leaver.Token.UserId, TimeSpan.FromSeconds(20));
                output.WriteLine($"{leaver.Name} announced offline {Stopwatch.GetElapsedTime(run.KilledAt, gone).TotalMilliseconds:0} ms after the kill (presence expiry {PresenceExpiry.TotalSeconds} s)");
                Assert.InRange(Stopwatch.GetElapsedTime(run.KilledAt, gone), TimeSpan.Zero, PresenceExpiry + TimeSpan.FromSeconds(4)); // expiry + one reap interval + slack
                var chat = chats.Single(c => c.Customer == leaver);
                await chat.Agent.WaitForAsync(ChaosParty.Events, "presence", e => e.GetProperty("userId").GetString() == leaver.Token.UserId
                    && !e.GetProperty("online").GetBoolean() && e.GetProperty("conversationId").GetString() == chat.ConversationId, TimeSpan.FromSeconds(10));
            }

            await using var fence = await ChaosParty.ConnectAsync("fence", await b.GuestAsync("Fence"), agent: false, b.WebSocketUri);
            await CollectUntilAsync(watcher, support, "customer.connected", fence.Token.UserId, TimeSpan.FromSeconds(10));
            var back = returning.Select(p => p.Token.UserId).ToHashSet();
            Assert.DoesNotContain(support, e => e.Body.GetProperty("type").GetString() is "agent.offline" or "customer.disconnected"
                && back.Contains(e.Body.TryGetProperty("agentId", out var id) ? id.GetString()! : e.Body.GetProperty("customerId").GetString()!));
            output.WriteLine($"whole test {wall.Elapsed.TotalSeconds:0.0} s");
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
    /// One party's chat: rounds of one message to each of its chats, each SENT with a receipt and a clientMessageId
    /// equal to its text, paced. A lost SEND (the connection died) makes it reconnect to the surviving instance and send
    /// the same message again. A leaver stops at the kill round; the others send at least <see cref="Rounds"/> rounds and
    /// go on until every returning party has recovered.
    /// </summary>
    private static async Task ChatAsync(ChaosParty party, List<Chat> chats, bool leaves, Run run, TaskCompletionSource reachedKillRound)
    {
        for (var round = 0; round < Rounds * 10; round++)
        {
            if (round == KillAtRound)
            {
                reachedKillRound.TrySetResult();
                if (leaves)
                {
                    return;
                }
            }

            if (round >= Rounds && run.AllRecovered.Task.IsCompleted)
            {
                break;
            }

            foreach (var chat in chats)
            {
                var text = $"{party.Name}-{chat.Index}-{round}";
                object body = party.IsAgent
                    ? new { conversationId = chat.ConversationId, message = text, clientMessageId = text }
                    : new { message = text, clientMessageId = text };
                var outcomes = run.Ledger[text] = [];
                while (true)
                {
                    var outcome = await party.SendAsync("/chat/message", body);
                    lock (outcomes)
                    {
                        outcomes.Add(outcome);
                    }

                    if (outcome != SendOutcome.Lost)
                    {
                        if (party.Connections > 1 && outcome == SendOutcome.Receipted)
                        {
                            run.Recovered(party.Name);
                        }

                        break;
                    }

                    Assert.True(outcomes.Count < 4, $"{party.Name}: '{text}' lost {outcomes.Count} times");
                    await party.ConnectionLost.WaitAsync(TimeSpan.FromSeconds(10));
                    await party.ReconnectAsync(run.Survivor.WebSocketUri);
                }
            }

            await Task.Delay(Pace); // pacing the conversation, not waiting for anything
        }

        reachedKillRound.TrySetResult();
    }

    private static async Task<bool> EventuallyAsync(Func<bool> condition, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            if (clock.Elapsed > timeout)
            {
                return false;
            }

            await Task.Delay(50); // polling the parties' ledgers; bounded by the timeout
        }

        return true;
    }

    /// <summary>Reads the agent's support topic until each customer's conversation is waiting: customer id → conversation id.</summary>
    private static async Task<Dictionary<string, string>> WaitingConversationsAsync(ChaosParty agent, List<ChaosParty> customers)
    {
        var wanted = customers.Select(c => c.Token.UserId).ToHashSet();
        var found = new Dictionary<string, string>();
        while (found.Count < wanted.Count)
        {
            var conversation = (await agent.WaitForAsync(ChaosParty.Support, "conversation.waiting",
                e => wanted.Contains(e.GetProperty("conversation").GetProperty("customerId").GetString()!), TimeSpan.FromSeconds(30))).GetProperty("conversation");
            found[conversation.GetProperty("customerId").GetString()!] = conversation.GetProperty("id").GetString()!;
        }

        return found;
    }

    /// <summary>
    /// Finds the event in <paramref name="seen"/> or reads the support topic into it until the event comes; returns the
    /// Stopwatch timestamp when it was read.
    /// </summary>
    private static async Task<long> CollectUntilAsync(ChaosParty agent, List<(JsonElement Body, long At)> seen, string type, string userId, TimeSpan timeout)
    {
        bool Matches(JsonElement body) => body.GetProperty("type").GetString() == type && body.GetProperty("customerId").GetString() == userId;
        if (seen.FirstOrDefault(e => Matches(e.Body)) is { At: > 0 } earlier)
        {
            return earlier.At;
        }

        var deadline = Stopwatch.StartNew();
        while (true)
        {
            var left = timeout - deadline.Elapsed;
            Assert.True(left > TimeSpan.Zero, $"No {type} for {userId} on the support topic in time.");
            var body = await agent.NextAsync(ChaosParty.Support, left);
            seen.Add((body, Stopwatch.GetTimestamp()));
            if (Matches(body))
            {
                return seen[^1].At;
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
            var json = await GetJsonAsync(host, $"api/conversations/{conversationId}/messages?limit=500" + (after is null ? "" : $"&after={after}"), token);
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
