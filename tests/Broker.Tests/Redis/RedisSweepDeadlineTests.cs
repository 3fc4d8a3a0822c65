using CustomerChat.Broker.Conversations;
using CustomerChat.Broker.Redis;
using CustomerChat.Broker.Tests.Infrastructure;
using CustomerChat.Protocol.Chat;
using StackExchange.Redis;

namespace CustomerChat.Broker.Tests.Redis;

/// <summary>
/// The sweeper's deadlines on a real <c>redis-server</c>: a pass reads only the conversations that are due (two sorted
/// sets kept in the same script as the state), and a conversation written without deadline entries (an older version)
/// is still swept once a process has backfilled them. <c>SWEEP_KEPT_CONVERSATIONS</c> sets how many not-due
/// conversations are kept (default 200).
/// </summary>
[Collection(RedisCollection.Name)]
public sealed class RedisSweepDeadlineTests(RedisFixture redis)
{
    private static readonly int Kept = int.TryParse(Environment.GetEnvironmentVariable("SWEEP_KEPT_CONVERSATIONS"), out var n) ? n : 200;

    [Fact]
    public async Task SweepReadsOnlyDueConversationsAndTheDeadlineSetsHoldExactlyTheKeptOnes()
    {
        await using var broker = await redis.StartBrokerAsync();
        var store = broker.Services.GetRequiredService<IConversationStore>();
        var keys = broker.Services.GetRequiredService<RedisConnection>().Keys;
        await using var direct = await ConnectionMultiplexer.ConnectAsync(redis.Server.Configuration);
        var db = direct.GetDatabase();
        var now = DateTimeOffset.UtcNow;

        var open = new List<string>();
        var closed = new List<string>();
        for (var i = 0; i < Kept / 2; i++)
        {
            open.Add((await OpenAsync(store, now)).Id);
            closed.Add((await CloseAsync(store, await OpenAsync(store, now), now)).Id);
        }

        // Nothing is due: the pass's query finds nothing although every kept conversation is there.
        Assert.Empty(await store.ListDueAsync(now.AddMinutes(-30), now.AddDays(-7)));
        Assert.Equal(open.Count + closed.Count, (await store.ListDueAsync(now.AddMinutes(1), now.AddMinutes(1))).Count);

        var idle = await OpenAsync(store, now.AddHours(-2));
        var expired = await CloseAsync(store, await OpenAsync(store, now.AddDays(-8)), now.AddDays(-8));

        await WaitUntilAsync(async () => (await store.GetAsync(idle.Id))?.State == ConversationStates.Closed && await store.GetAsync(expired.Id) is null);
        Assert.Equal(ConversationStates.Closed, (await store.GetAsync(idle.Id))!.State);

        var byActivity = (await db.SortedSetRangeByRankAsync(keys.IdleDeadlines)).Select(v => (string)v!).ToHashSet();
        var byClosed = (await db.SortedSetRangeByRankAsync(keys.RetentionDeadlines)).Select(v => (string)v!).ToHashSet();
        Assert.Equal(open.ToHashSet(), byActivity);
        Assert.Equal(closed.Append(idle.Id).ToHashSet(), byClosed);
        Assert.Null(await db.SortedSetScoreAsync(keys.AllConversations, expired.Id));
        Assert.Equal(now.ToUnixTimeMilliseconds(), (long)(await db.SortedSetScoreAsync(keys.IdleDeadlines, open[0]))!.Value);
        Assert.Empty(await store.ListDueAsync(now.AddMinutes(-30), now.AddDays(-7)));
    }

    [Fact]
    public async Task ConversationWithoutDeadlineEntriesIsSweptAfterARestart()
    {
        var prefix = RedisFixture.NewPrefix();
        await using var direct = await ConnectionMultiplexer.ConnectAsync(redis.Server.Configuration);
        var db = direct.GetDatabase();
        ConversationView legacy;
        var now = DateTimeOffset.UtcNow;
        await using (var first = await redis.StartBrokerAsync(prefix))
        {
            var store = first.Services.GetRequiredService<IConversationStore>();
            var keys = first.Services.GetRequiredService<RedisConnection>().Keys;
            legacy = await OpenAsync(store, now.AddMinutes(-5));
            Assert.True(await db.SortedSetRemoveAsync(keys.IdleDeadlines, legacy.Id)); // as an older version wrote it
            Assert.DoesNotContain(await store.ListDueAsync(now.AddMinutes(1), now.AddMinutes(1)), c => c.Id == legacy.Id);
        }

        // The new process's first pass backfills the missing entry; with a 1-minute idle timeout it is due at once.
        await using var second = await redis.StartBrokerAsync(prefix, "CustomerChat:Conversations:IdleTimeout=00:01:00");
        var restarted = second.Services.GetRequiredService<IConversationStore>();
        var secondKeys = second.Services.GetRequiredService<RedisConnection>().Keys;
        await WaitUntilAsync(async () => (await restarted.GetAsync(legacy.Id))?.State == ConversationStates.Closed);
        Assert.Null(await db.SortedSetScoreAsync(secondKeys.IdleDeadlines, legacy.Id));
        Assert.NotNull(await db.SortedSetScoreAsync(secondKeys.RetentionDeadlines, legacy.Id));
    }

    private static async Task<ConversationView> OpenAsync(IConversationStore store, DateTimeOffset at)
    {
        var customer = $"c-sweep-{Guid.NewGuid():N}";
        var (view, created) = await store.GetOrOpenAsync(customer, new ConversationView(Guid.CreateVersion7().ToString("D"),
            ConversationStates.Waiting, customer, "Sweep", null, null, at, null, null, null));
        Assert.True(created);
        return view;
    }

    private static async Task<ConversationView> CloseAsync(IConversationStore store, ConversationView open, DateTimeOffset at)
    {
        var next = open with { State = ConversationStates.Closed, ClosedAt = at };
        Assert.Equal(ReplaceOutcome.Replaced, await store.ReplaceAsync(open, next, null));
        return next;
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> done)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (!await done())
        {
            Assert.True(DateTime.UtcNow < deadline, "the sweeper did not act within 20 s");
            await Task.Delay(100); // polling stored state for a timed sweep; bounded by the deadline
        }
    }
}
