using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using CustomerChat.Broker.Conversations;
using CustomerChat.Broker.Routing;
using CustomerChat.Broker.Tests.Infrastructure;
using CustomerChat.Protocol.Chat;

namespace CustomerChat.Broker.Tests.Routing;

/// <summary>
/// The routing invariants of docs/protocol.md §12 checked against the shared store of a <see cref="BrokerPair"/> and the
/// support topic as a <paramref name="watcher"/> agent (capacity 0, never assigned) sees it.
/// <para>Strict, failing at once (each from one atomic read): no agent holds more active conversations than its
/// capacity, neither in the conversations nor in the active sets the assignment script counts.</para>
/// <para>Settled (retried on each topic event until they hold, at most <see cref="SettleTimeout"/>): every waiting
/// conversation is in its queue and nothing else is; the loads the script reads match the conversations; no
/// <c>available</c> agent with room serves a queue in which a conversation waits (every waiting conversation is assigned
/// once capacity exists); a conversation is claimed at most once more than it was re-queued (no double assignment);
/// the <c>queuePosition</c>s of <c>GET /api/conversations</c> (on either instance) run 1..n without gaps in each queue,
/// in queue order.</para>
/// </summary>
public sealed class RoutingInvariants(BrokerPair pair, ChatParty watcher)
{
    /// <summary>How long the settled invariants may take to hold after a step (assignment is due within 1 s).</summary>
    public static readonly TimeSpan SettleTimeout = TimeSpan.FromSeconds(15);

    private readonly IConversationStore _conversations = pair.A.Services.GetRequiredService<IConversationStore>();
    private readonly IRoutingStore _routing = pair.A.Services.GetRequiredService<IRoutingStore>();
    private readonly AgentRoster _roster = pair.A.Services.GetRequiredService<AgentRoster>();
    private readonly RoutingQueues _queues = pair.A.Services.GetRequiredService<RoutingQueues>();
    private int _listings;

    /// <summary>How many times every invariant was found to hold.</summary>
    public int Checks { get; private set; }

    /// <summary><c>conversation.claimed</c> events seen per conversation id (automatic and by hand).</summary>
    public Dictionary<string, int> Claims { get; } = new(StringComparer.Ordinal);

    /// <summary><c>conversation.requeued</c> events seen per conversation id.</summary>
    public Dictionary<string, int> Requeues { get; } = new(StringComparer.Ordinal);

    /// <summary>The open conversations now.</summary>
    public Task<IReadOnlyList<ConversationView>> OpenAsync() => _conversations.ListAsync(includeClosed: false);

    /// <summary>Each waiting conversation's place in its queue (1 = next), from the queues in the shared store.</summary>
    public async Task<IReadOnlyDictionary<string, int>> PositionsAsync()
    {
        var positions = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var queue in _queues.All)
        {
            var ids = await _routing.ListQueueAsync(queue);
            for (var i = 0; i < ids.Count; i++)
            {
                positions[ids[i]] = i + 1;
            }
        }

        return positions;
    }

    /// <summary>Waits until every invariant holds (failing at once on a strict one, after <see cref="SettleTimeout"/> on the others).</summary>
    public async Task SettleAsync(string where)
    {
        var deadline = DateTime.UtcNow + SettleTimeout;
        while (true)
        {
            Record(await PartyFence.DrainAsync(watcher, ChatParty.Support));
            var violation = await FindViolationAsync(where);
            if (violation is null)
            {
                Checks++;
                return;
            }

            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"{where}: {violation} (still after {SettleTimeout.TotalSeconds} s)");
            }

            try
            {
                Record([await watcher.NextAsync(ChatParty.Support, TimeSpan.FromMilliseconds(250))]);
            }
            catch (TimeoutException)
            {
                // Nothing announced meanwhile: look again (a re-queue or a sweep changes state without an event first).
            }
        }
    }

    /// <summary>
    /// At the end, once settled: every conversation was claimed exactly as often as re-queued, plus one if it is
    /// active now; a closed one at most once more (waits, like <see cref="SettleAsync"/>, for late topic events).
    /// </summary>
    public async Task AssertClaimCountsAsync(string where)
    {
        var deadline = DateTime.UtcNow + SettleTimeout;
        while (true)
        {
            Record(await PartyFence.DrainAsync(watcher, ChatParty.Support));
            var open = (await OpenAsync()).ToDictionary(c => c.Id, StringComparer.Ordinal);
            var wrong = Claims.Keys.Union(Requeues.Keys).Select(id =>
            {
                var claims = Claims.GetValueOrDefault(id);
                var requeues = Requeues.GetValueOrDefault(id);
                var expected = open.TryGetValue(id, out var c) ? (c.State == ConversationStates.Active ? [requeues + 1] : new[] { requeues }) : [requeues, requeues + 1];
                return expected.Contains(claims) ? null : $"{id}: claimed {claims} times, re-queued {requeues} times, {(c is null ? "closed" : c.State)}";
            }).Where(s => s is not null).ToList();
            var unannounced = open.Values.Where(c => c.State == ConversationStates.Active && !Claims.ContainsKey(c.Id)).Select(c => c.Id).ToList();
            if (wrong.Count == 0 && unannounced.Count == 0)
            {
                return;
            }

            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"{where}: {string.Join("; ", wrong)}; active without a claim: {string.Join(", ", unannounced)}");
            }

            try
            {
                Record([await watcher.NextAsync(ChatParty.Support, TimeSpan.FromMilliseconds(250))]);
            }
            catch (TimeoutException)
            {
                // Look again.
            }
        }
    }

    private async Task<string?> FindViolationAsync(string where)
    {
        var open = await OpenAsync();
        foreach (var held in open.Where(c => c.State == ConversationStates.Active).GroupBy(c => c.AgentId!))
        {
            var capacity = _roster.Find(held.Key)?.Capacity ?? 0;
            Assert.True(held.Count() <= capacity, $"{where}: {held.Key} holds {held.Count()} > capacity {capacity}: {string.Join(", ", held.Select(c => c.Id))}");
        }

        var statuses = await _routing.GetAgentsAsync([.. _roster.All.Select(a => a.Id)]);
        var loads = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var agent in _roster.All)
        {
            loads[agent.Id] = await _routing.LoadOfAsync(agent.Id);
            Assert.True(loads[agent.Id] <= agent.Capacity, $"{where}: {agent.Id}'s active set holds {loads[agent.Id]} > capacity {agent.Capacity}");
        }

        var queued = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        foreach (var queue in _queues.All)
        {
            queued[queue] = await _routing.ListQueueAsync(queue);
        }

        var waiting = open.Where(c => c.State == ConversationStates.Waiting).ToList();
        foreach (var (queue, ids) in queued)
        {
            var expected = waiting.Where(c => _queues.Of(c.Department) == queue).Select(c => c.Id).Order(StringComparer.Ordinal).ToList();
            if (!expected.SequenceEqual(ids.Order(StringComparer.Ordinal)))
            {
                return $"queue {queue} holds [{string.Join(", ", ids)}] but the waiting conversations of it are [{string.Join(", ", expected)}]";
            }
        }

        foreach (var agent in _roster.All)
        {
            var active = open.Count(c => c.State == ConversationStates.Active && c.AgentId == agent.Id);
            if (active != loads[agent.Id])
            {
                return $"{agent.Id} holds {active} active conversations, its active set {loads[agent.Id]}";
            }

            var status = statuses.TryGetValue(agent.Id, out var s) ? s.Status : AgentStatuses.Offline;
            if (status == AgentStatuses.Available && active < agent.Capacity
                && waiting.FirstOrDefault(c => agent.Serves(_queues.Of(c.Department))) is { } unassigned)
            {
                return $"{agent.Id} is available with {active}/{agent.Capacity} while {unassigned.Id} waits in {_queues.Of(unassigned.Department)}";
            }
        }

        if (Claims.FirstOrDefault(c => c.Value > Requeues.GetValueOrDefault(c.Key) + 1) is { Key: not null } twice)
        {
            return $"{twice.Key} claimed {twice.Value} times but re-queued only {Requeues.GetValueOrDefault(twice.Key)} times";
        }

        var listed = await ListAsync(++_listings % 2 == 0 ? pair.A : pair.B);
        foreach (var group in listed.Where(c => c.GetProperty("state").GetString() == ConversationStates.Waiting)
                     .GroupBy(c => _queues.Of(c.TryGetProperty("department", out var d) && d.ValueKind == JsonValueKind.String ? d.GetString() : null)))
        {
            var order = queued[group.Key];
            var positions = group.Select(c => (Id: c.GetProperty("id").GetString()!,
                Position: c.TryGetProperty("queuePosition", out var p) && p.ValueKind == JsonValueKind.Number ? p.GetInt32() : 0)).ToList();
            if (!positions.Select(p => p.Position).Order().SequenceEqual(Enumerable.Range(1, positions.Count))
                || positions.Any(p => order.Count < p.Position || order[p.Position - 1] != p.Id))
            {
                return $"queue {group.Key} lists positions {string.Join(", ", positions.Select(p => $"{p.Id}={p.Position}"))}, queue order {string.Join(", ", order)}";
            }
        }

        return null;
    }

    private async Task<List<JsonElement>> ListAsync(BrokerHost broker)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "api/conversations");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", watcher.Token.Token);
        using var response = await broker.Http.SendAsync(request);
        response.EnsureSuccessStatusCode();
        return [.. (await response.Content.ReadFromJsonAsync<JsonElement>()).EnumerateArray()];
    }

    private void Record(IEnumerable<JsonElement> events)
    {
        foreach (var e in events)
        {
            var type = e.TryGetProperty("type", out var t) ? t.GetString() : null;
            var counts = type switch
            {
                "conversation.claimed" => Claims,
                "conversation.requeued" => Requeues,
                _ => null,
            };
            if (counts is not null)
            {
                var id = e.GetProperty("conversation").GetProperty("id").GetString()!;
                counts[id] = counts.GetValueOrDefault(id) + 1;
            }
        }
    }
}
