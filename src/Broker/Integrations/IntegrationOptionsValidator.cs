using CustomerChat.Broker.Integrations.Webhooks;
using Microsoft.Extensions.Options;

namespace CustomerChat.Broker.Integrations;

/// <summary>
/// Start-up checks of <see cref="IntegrationOptions"/>: every API key has a name and a hash, names are unique;
/// every configured webhook has an absolute http(s) URL, a secret and known events; delivery settings are positive.
/// </summary>
public sealed class IntegrationOptionsValidator : IValidateOptions<IntegrationOptions>
{
    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, IntegrationOptions options)
    {
        var failures = new List<string>();
        for (var i = 0; i < options.ApiKeys.Count; i++)
        {
            var key = options.ApiKeys[i];
            if (string.IsNullOrWhiteSpace(key.Name) || string.IsNullOrWhiteSpace(key.KeyHash))
            {
                failures.Add($"CustomerChat:ApiKeys:{i} needs a Name and a KeyHash (print one with 'hash-password <key>').");
            }
        }

        foreach (var duplicate in options.ApiKeys.GroupBy(k => k.Name, StringComparer.Ordinal).Where(g => g.Count() > 1))
        {
            failures.Add($"CustomerChat:ApiKeys: the name '{duplicate.Key}' is used more than once.");
        }

        for (var i = 0; i < options.Webhooks.Count; i++)
        {
            var hook = options.Webhooks[i];
            if (!WebhookRules.IsHttpUrl(hook.Url))
            {
                failures.Add($"CustomerChat:Webhooks:{i}:Url must be an absolute http or https URL.");
            }

            if (string.IsNullOrEmpty(hook.Secret))
            {
                failures.Add($"CustomerChat:Webhooks:{i}:Secret must be set.");
            }

            if (hook.Events.Count == 0 || hook.Events.Any(e => !WebhookEvents.IsKnown(e)))
            {
                failures.Add($"CustomerChat:Webhooks:{i}:Events must list one or more of: {string.Join(", ", WebhookEvents.All)}.");
            }
        }

        var delivery = options.WebhookDelivery;
        if (delivery.MaxAttempts < 1)
        {
            failures.Add("CustomerChat:WebhookDelivery:MaxAttempts must be at least 1.");
        }

        if (delivery.Timeout <= TimeSpan.Zero || delivery.RetryBaseDelay <= TimeSpan.Zero || delivery.MaxRetryDelay <= TimeSpan.Zero || delivery.ClaimIdleTime <= TimeSpan.Zero)
        {
            failures.Add("CustomerChat:WebhookDelivery: Timeout, RetryBaseDelay, MaxRetryDelay and ClaimIdleTime must be positive.");
        }

        if (delivery.QueueCapacity < 1 || delivery.WorkersPerEndpoint < 1 || delivery.DeliveryLogSize < 1)
        {
            failures.Add("CustomerChat:WebhookDelivery: QueueCapacity, WorkersPerEndpoint and DeliveryLogSize must be at least 1.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
