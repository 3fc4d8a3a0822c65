using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace CustomerChat.Broker.Integrations.Webhooks;

/// <summary>
/// Every webhook: the configured ones (<c>CustomerChat:Webhooks</c>, ids <c>cfg_&lt;12 hex of SHA-256(URL)&gt;</c>, the
/// same on every instance with the same settings) followed by the managed ones from <see cref="IWebhookStore"/>.
/// </summary>
public sealed class WebhookRegistry
{
    /// <summary>How long a list of managed webhooks read by <see cref="ListAsync"/> serves <see cref="FindForDeliveryAsync"/>.</summary>
    public static readonly TimeSpan SnapshotAge = TimeSpan.FromSeconds(1);

    private readonly IWebhookStore _store;
    private readonly TimeProvider _time;
    private readonly IReadOnlyList<WebhookSubscription> _configured;
    private readonly Dictionary<string, WebhookSubscription> _configuredById;
    private volatile Snapshot? _managed;

    /// <summary>Reads the configured webhooks.</summary>
    public WebhookRegistry(IOptions<IntegrationOptions> options, IWebhookStore store, TimeProvider time)
    {
        _store = store;
        _time = time;
        var started = time.GetUtcNow();
        var list = new List<WebhookSubscription>();
        foreach (var hook in options.Value.Webhooks)
        {
            var id = "cfg_" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(hook.Url)))[..12];
            var unique = id;
            for (var n = 2; list.Any(s => s.Id == unique); n++)
            {
                unique = $"{id}_{n}";
            }

            list.Add(new WebhookSubscription(unique, hook.Url, hook.Secret, hook.Events.ToList(), Configured: true, started, "configuration"));
        }

        _configured = list;
        _configuredById = list.ToDictionary(s => s.Id, StringComparer.Ordinal);
    }

    /// <summary>Configured then managed webhooks.</summary>
    public async Task<IReadOnlyList<WebhookSubscription>> ListAsync(CancellationToken cancellationToken = default)
    {
        var taken = _time.GetTimestamp();
        var managed = await _store.ListAsync(cancellationToken).ConfigureAwait(false);
        _managed = new Snapshot(managed.ToDictionary(s => s.Id, StringComparer.Ordinal), taken);
        return managed.Count == 0 ? _configured : [.. _configured, .. managed];
    }

    /// <summary>The webhook with this id, or null.</summary>
    public async Task<WebhookSubscription?> FindAsync(string id, CancellationToken cancellationToken = default) =>
        _configuredById.TryGetValue(id, out var configured) ? configured : await _store.GetAsync(id, cancellationToken).ConfigureAwait(false);

    /// <summary>
    /// <see cref="FindAsync"/> for a delivery attempt: a managed webhook found in the list <see cref="ListAsync"/> read
    /// less than <see cref="SnapshotAge"/> ago is taken from it (the dispatcher lists the webhooks for every batch of
    /// events, so under load an attempt costs no store read — in Redis mode one round trip less per attempt); anything
    /// else is read from the store. A webhook deleted on another instance may so get attempts for up to a second.
    /// </summary>
    public Task<WebhookSubscription?> FindForDeliveryAsync(string id, CancellationToken cancellationToken = default) =>
        _managed is { } snapshot && _time.GetElapsedTime(snapshot.TakenAt) < SnapshotAge && snapshot.ById.TryGetValue(id, out var managed)
            ? Task.FromResult<WebhookSubscription?>(managed)
            : FindAsync(id, cancellationToken);

    /// <summary>Drops the list <see cref="FindForDeliveryAsync"/> uses (after a webhook is deleted here).</summary>
    public void Forget() => _managed = null;

    /// <summary>Whether <paramref name="id"/> names a configured webhook.</summary>
    public bool IsConfigured(string id) => _configuredById.ContainsKey(id);

    private sealed record Snapshot(Dictionary<string, WebhookSubscription> ById, long TakenAt);
}
