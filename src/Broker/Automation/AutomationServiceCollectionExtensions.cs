using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace CustomerChat.Broker.Automation;

/// <summary>Registers the automation capability: the message pipeline and its steps, and the bot (docs/protocol.md §13).</summary>
public static class AutomationServiceCollectionExtensions
{
    /// <summary>
    /// Binds and validates (at start-up) <c>CustomerChat:Pipeline</c> (the step list, and each step's own section
    /// <c>Spam</c>, <c>Profanity</c>, <c>Translation</c>) and <c>CustomerChat:Bot</c>; registers the
    /// built-in steps <c>spam</c>, <c>profanity</c>, <c>translation</c> (as enumerable <see cref="IMessageStep"/>
    /// singletons: a new step is one more <c>services.AddSingleton&lt;IMessageStep, MyStep&gt;()</c>), the
    /// <see cref="MessagePipeline"/>, the <see cref="BotResponder"/>, the translation's named HTTP client, and the spam
    /// memory: in Redis when <c>CustomerChat:Redis:Configuration</c> is set (it then needs the broker's
    /// <c>RedisConnection</c>), in memory otherwise.
    /// </summary>
    public static IServiceCollection AddAutomation(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<PipelineOptions>().Bind(configuration.GetSection(PipelineOptions.SectionName)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<PipelineOptions>, PipelineOptionsValidator>());
        services.AddOptions<SpamOptions>().Bind(configuration.GetSection(SpamOptions.SectionName));
        services.AddOptions<ProfanityOptions>().Bind(configuration.GetSection(ProfanityOptions.SectionName));
        services.AddOptions<TranslationOptions>().Bind(configuration.GetSection(TranslationOptions.SectionName));
        services.AddOptions<BotOptions>().Bind(configuration.GetSection(BotOptions.SectionName)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<BotOptions>, BotOptionsValidator>());

        services.TryAddSingleton(TimeProvider.System);
        services.AddMetrics();
        services.TryAddSingleton<AutomationMetrics>();
        services.TryAddSingleton<MessagePipeline>();
        services.TryAddSingleton<BotResponder>();

        services.TryAddEnumerable(ServiceDescriptor.Singleton<IMessageStep, SpamStep>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IMessageStep, ProfanityStep>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IMessageStep, TranslationStep>());

        if (string.IsNullOrWhiteSpace(configuration["CustomerChat:Redis:Configuration"]))
        {
            services.TryAddSingleton<IRecentMessageMemory, InMemoryRecentMessageMemory>();
        }
        else
        {
            services.TryAddSingleton<IRecentMessageMemory, RedisRecentMessageMemory>();
        }

        // The step bounds each call by Translation:Timeout itself; the client's own timeout is only a backstop.
        services.AddHttpClient(TranslationStep.HttpClientName).ConfigureHttpClient((provider, client) =>
            client.Timeout = provider.GetRequiredService<IOptions<TranslationOptions>>().Value.Timeout + TimeSpan.FromSeconds(5));
        return services;
    }
}
