namespace CustomerChat.Broker.Tests.Reliability;

/// <summary>
/// The figures of one chaos run (<see cref="InstanceCrashTests"/>), counted before anything is asserted so a failing
/// run still prints them. A message text is <c>&lt;sender&gt;-&lt;chat index&gt;-&lt;round&gt;</c>; it is also its
/// <c>clientMessageId</c>.
/// </summary>
public sealed class ChaosTally
{
    /// <summary>One chat as the tally sees it: its index, conversation, its two parties and whether the customer leaves at the kill.</summary>
    public sealed record ChatParties(int Index, string ConversationId, ChaosParty Customer, ChaosParty Agent, bool CustomerLeaves);

    /// <summary>Messages sent (distinct texts).</summary>
    public int Sent { get; private set; }

    /// <summary>Messages whose last SEND got its RECEIPT.</summary>
    public int Receipted { get; private set; }

    /// <summary>Messages sent more than once (the first SEND was lost with its connection).</summary>
    public int Resent { get; private set; }

    /// <summary>Copies of receipted messages that reached a party that should have them (sender's own copy included), counted once each.</summary>
    public int Delivered { get; private set; }

    /// <summary>Extra copies: a party got a message more than once, or history holds it more than once.</summary>
    public int Duplicates { get; private set; }

    /// <summary>Receipted messages missing at a party that should have them, or missing from history.</summary>
    public int Lost { get; private set; }

    /// <summary>Places where a party received a conversation's messages out of id order, or history is out of id order.</summary>
    public int OutOfOrder { get; private set; }

    /// <summary>One line per problem found (empty when the run was clean).</summary>
    public List<string> Problems { get; } = [];

    /// <summary>
    /// Counts a run: <paramref name="ledger"/> maps each text to its SEND outcomes, <paramref name="histories"/> each
    /// conversation to its history (id, text) in the order read. A leaving customer is not expected to receive anything
    /// (it is still checked for copies received twice).
    /// </summary>
    public static ChaosTally Count(IReadOnlyDictionary<string, List<SendOutcome>> ledger, IReadOnlyList<ChatParties> chats,
        IReadOnlyDictionary<string, List<(string Id, string Text)>> histories)
    {
        var tally = new ChaosTally { Sent = ledger.Count };
        var receipted = ledger.Where(e => e.Value[^1] == SendOutcome.Receipted).Select(e => e.Key).ToHashSet();
        tally.Receipted = receipted.Count;
        tally.Resent = ledger.Count(e => e.Value.Count > 1);
        tally.Problems.AddRange(ledger.Where(e => e.Value[^1] != SendOutcome.Receipted).Select(e => $"'{e.Key}' never receipted: {string.Join(", ", e.Value)}"));

        var parties = chats.SelectMany(c => new[] { c.Customer, c.Agent }).Distinct().ToList();
        var received = parties.ToDictionary(p => p, p => p.Received);
        foreach (var chat in chats)
        {
            var texts = receipted.Where(t => ChatOf(t) == chat.Index).ToList();
            foreach (var party in new[] { chat.Customer, chat.Agent })
            {
                var mine = received[party].Where(r => r.ConversationId == chat.ConversationId).ToList();
                var counts = mine.GroupBy(r => r.Text).ToDictionary(g => g.Key, g => g.Count());
                foreach (var (text, count) in counts.Where(c => c.Value > 1))
                {
                    tally.Duplicates += count - 1;
                    tally.Problems.Add($"{party.Name} got '{text}' {count} times");
                }

                var twice = mine.GroupBy(r => r.Id).Where(g => g.Select(r => r.Text).Distinct().Count() > 1).ToList();
                tally.Problems.AddRange(twice.Select(g => $"{party.Name}: id {g.Key} of chat {chat.Index} carries several texts"));
                tally.OutOfOrder += CountOutOfOrder(mine.Select(r => r.Id), $"{party.Name} received chat {chat.Index}", tally.Problems);
                if (party == chat.Customer && chat.CustomerLeaves)
                {
                    continue;
                }

                tally.Delivered += texts.Count(counts.ContainsKey);
                var missing = texts.Where(t => !counts.ContainsKey(t)).ToList();
                tally.Lost += missing.Count;
                if (missing.Count > 0)
                {
                    tally.Problems.Add($"{party.Name} never received (chat {chat.Index}): {string.Join(", ", missing)}");
                }
            }

            var history = histories[chat.ConversationId];
            tally.OutOfOrder += CountOutOfOrder(history.Select(m => m.Id), $"history of chat {chat.Index}", tally.Problems);
            var inHistory = history.GroupBy(m => m.Text).ToDictionary(g => g.Key, g => g.Count());
            foreach (var text in texts)
            {
                var count = inHistory.GetValueOrDefault(text);
                if (count != 1)
                {
                    tally.Problems.Add($"'{text}' is {count} times in history");
                    tally.Lost += count == 0 ? 1 : 0;
                    tally.Duplicates += Math.Max(0, count - 1);
                }
            }
        }

        return tally;
    }

    /// <summary>The chat index of a message text.</summary>
    public static int ChatOf(string text) => int.Parse(text.Split('-')[1], System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The figures in one line.</summary>
    public override string ToString() =>
        $"sent {Sent}, receipted {Receipted}, resent after the kill {Resent}, delivered {Delivered}, duplicates {Duplicates}, lost {Lost}, out of id order {OutOfOrder}";

    private static int CountOutOfOrder(IEnumerable<string> ids, string what, List<string> problems)
    {
        var count = 0;
        string? previous = null;
        foreach (var id in ids)
        {
            if (previous is not null && ChaosParty.CompareIds(previous, id) >= 0)
            {
                count++;
                problems.Add($"{what}: {id} after {previous}");
            }

            previous = id;
        }

        return count;
    }
}
