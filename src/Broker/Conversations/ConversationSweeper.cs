using CustomerChat.Broker.History;
using CustomerChat.Broker.Options;
using CustomerChat.Protocol.Chat;
using Microsoft.Extensions.Options;
using CustomerChat.Broker.Stomp;

namespace CustomerChat.Broker.Conversations;

/// <summary>
/// Closes open conversations idle past <c>IdleTimeout</c> (reason <c>idle</c>) and removes closed ones,
/// with their history, past <c>Retention</c> (docs/protocol.md §10). Runs every second; with several instances each
/// sweeps, and the store's atomic close makes a double close a no-op. A removal happens under the conversation's
/// lock (so a note being written on this instance either lands before it or finds no conversation) and is then told
/// to the <see cref="IConversationObserver"/>s as <see cref="ConversationChangeKinds.Removed"/>, so the capabilities
/// that index the conversation elsewhere (the search indexes) forget it too.
/// A pass reads only the conversations that are due (<see cref="IConversationStore.ListDueAsync"/>: on Redis two sorted
/// sets of deadlines), not every kept one; the first successful pass of a process first gives conversations written
/// before those deadlines existed their entry (<see cref="IConversationStore.BackfillDeadlinesAsync"/>).
/// </summary>
public sealed class ConversationSweeper(
    IConversationStore store,
    IHistoryStore history,
    ConversationService conversations,
    StripedLock locks,
    ConversationObservers observers,
    IOptions<CustomerChatOptions> options,
    TimeProvider time,
    ILogger<ConversationSweeper> logger) : BackgroundService
{
    private bool _storeDown;
    private bool _backfilled;

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1), time);
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
        {
            try
            {
                await SweepAsync().ConfigureAwait(false);
                _storeDown = false;
            }
            catch (BackplaneUnavailableException ex)
            {
                // The store's own health logging reports the outage; say it here once, not every second.
                if (!_storeDown)
                {
                    _storeDown = true;
                    ConversationLog.SweepPaused(logger, ex.Message);
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                ConversationLog.SweepFailed(logger, ex);
            }
        }
    }

    /// <summary>One pass: idle close, then retention, of the conversations due now.</summary>
    public async Task SweepAsync()
    {
        if (!_backfilled)
        {
            await store.BackfillDeadlinesAsync().ConfigureAwait(false);
            _backfilled = true;
        }

        var settings = options.Value.Conversations;
        var now = time.GetUtcNow();
        foreach (var conversation in await store.ListDueAsync(Before(now, settings.IdleTimeout), Before(now, settings.Retention)).ConfigureAwait(false))
        {
            if (conversation.State != ConversationStates.Closed)
            {
                // Due by this read; the close decides on the stored state, so a message since keeps it open.
                if (await conversations.CloseIdleAsync(conversation.Id, Before(now, settings.IdleTimeout)).ConfigureAwait(false))
                {
                    ConversationLog.IdleClosed(logger, conversation.Id, settings.IdleTimeout.TotalMinutes);
                }
            }
            else if (conversation.ClosedAt is { } closedAt && now - closedAt >= settings.Retention)
            {
                using (await locks.AcquireAsync(conversation.Id).ConfigureAwait(false))
                {
                    await history.DeleteAsync(conversation.Id).ConfigureAwait(false);
                    await store.RemoveAsync(conversation.Id).ConfigureAwait(false);
                    await observers.ChangedAsync(new ConversationChange(ConversationChangeKinds.Removed, conversation)).ConfigureAwait(false);
                }

                ConversationLog.Expired(logger, conversation.Id);
            }
        }
    }

    // now - span, or the earliest time when the span reaches back further (a very long timeout never overflows).
    private static DateTimeOffset Before(DateTimeOffset now, TimeSpan span) =>
        span.Ticks >= now.UtcTicks - DateTimeOffset.MinValue.UtcTicks ? DateTimeOffset.MinValue : now - span;
}
