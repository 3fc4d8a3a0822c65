using CustomerChat.Broker.Conversations;
using CustomerChat.Broker.Identity;
using CustomerChat.Broker.Integrations.Webhooks;
using Microsoft.Extensions.Options;

namespace CustomerChat.Broker.Integrations;

/// <summary>
/// Registers API keys and webhooks (docs/protocol.md §16): in memory by default, the Redis store and queue
/// when <c>CustomerChat:Redis:Configuration</c> is set (call it after <c>AddRedisScaleOut</c>, which registers the
/// connection).
/// </summary>
public static class IntegrationsServiceCollectionExtensions
{
    /// <summary>Adds the options, <see cref="ApiKeyDirectory"/>, <see cref="IWebhookPublisher"/>, the delivery service and <see cref="ConversationWebhookForwarder"/> (the chat's events as webhooks).</summary>
    public static IServiceCollection AddCustomerChatIntegrations(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<IntegrationOptions>()
            .Bind(configuration.GetSection("CustomerChat"))
            .PostConfigure<IHostEnvironment>((options, environment) =>
                options.WebhookDelivery.AllowPrivateAddresses ??= environment.IsDevelopment())
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<IntegrationOptions>, IntegrationOptionsValidator>();

        services.AddSingleton(sp => new ApiKeyDirectory(sp.GetRequiredService<IOptions<IntegrationOptions>>().Value.ApiKeys));

        services.AddSingleton<WebhookMetrics>();
        services.AddSingleton<WebhookPublisher>();
        services.AddSingleton<IWebhookPublisher>(sp => sp.GetRequiredService<WebhookPublisher>());
        services.AddSingleton<WebhookRegistry>();
        services.AddSingleton<WebhookSender>();
        services.AddWebhookHttpClients();
        if (!string.IsNullOrWhiteSpace(configuration["CustomerChat:Redis:Configuration"]))
        {
            services.AddSingleton<IWebhookStore, RedisWebhookStore>();
            services.AddSingleton<IWebhookQueue, RedisWebhookQueue>();
        }
        else
        {
            services.AddSingleton<IWebhookStore, InMemoryWebhookStore>();
            services.AddSingleton<IWebhookQueue, InMemoryWebhookQueue>();
        }

        services.AddHostedService<WebhookDispatcher>();
        services.AddSingleton<IConversationObserver, ConversationWebhookForwarder>();
        return services;
    }

    /// <summary>Maps the webhook management endpoints (<c>/api/webhooks</c>).</summary>
    public static IEndpointRouteBuilder MapCustomerChatIntegrations(this IEndpointRouteBuilder endpoints) => endpoints.MapWebhookEndpoints();
}
