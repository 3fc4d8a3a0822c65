using System.Text.Json;
using CustomerChat.Broker.Tests.Infrastructure;
using CustomerChat.Protocol;

namespace CustomerChat.Broker.Tests.Routing;

/// <summary>
/// Reading what a <see cref="ChatParty"/> has received so far, as often as needed: a BEGIN and an ABORT of a fresh
/// transaction, each answered with a RECEIPT, fence the connection (frames of one connection are handled in order),
/// then the subscription's queue is read until empty. Unlike <see cref="ChatParty.DrainAsync"/> it leaves no
/// transaction open (a connection may hold at most 16), so a long run can drain thousands of times.
/// </summary>
public static class PartyFence
{
    /// <summary>Waits until the server has handled every frame sent before.</summary>
    public static async Task FenceAsync(ChatParty party)
    {
        var transaction = "fence-" + Guid.NewGuid().ToString("N");
        await party.SendWithReceiptAsync(new StompFrame(StompCommand.Begin).With("transaction", transaction));
        await party.SendWithReceiptAsync(new StompFrame(StompCommand.Abort).With("transaction", transaction));
    }

    /// <summary>What arrived on <paramref name="subscription"/> up to a fence, oldest first.</summary>
    public static async Task<List<JsonElement>> DrainAsync(ChatParty party, string subscription)
    {
        await FenceAsync(party);
        var items = new List<JsonElement>();
        while (true)
        {
            try
            {
                // An item already queued is returned at once; an empty queue ends the drain after a millisecond.
                items.Add(await party.NextAsync(subscription, TimeSpan.FromMilliseconds(1)));
            }
            catch (TimeoutException)
            {
                return items;
            }
        }
    }
}
