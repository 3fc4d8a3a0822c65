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
    private readonly IWebhookStore _store;
    private readonly IReadOnlyList<WebhookSubscription> _configured;
    private readonly Dictionary<string, WebhookSubscription> _configuredById;

    /// <summary>Reads the configured webhooks.</summary>
    public WebhookRegistry(IOptions<IntegrationOptions> options, IWebhookStore store, TimeProvider time)
    {
        _store = store;
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
        var managed = await _store.ListAsync(cancellationToken).ConfigureAwait(false);
        return managed.Count == 0 ? _configured : [.. _configured, .. managed];
    }

    /// <summary>The webhook with this id, or null.</summary>
    public async Task<WebhookSubscription?> FindAsync(string id, CancellationToken cancellationToken = default) =>
        _configuredById.TryGetValue(id, out var configured) ? configured : await _store.GetAsync(id, cancellationToken).ConfigureAwait(false);

    /// <summary>Whether <paramref name="id"/> names a configured webhook.</summary>
    public bool IsConfigured(string id) => _configuredById.ContainsKey(id);
}
