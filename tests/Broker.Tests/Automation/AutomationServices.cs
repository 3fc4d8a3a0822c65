using CustomerChat.Broker.Automation;
using CustomerChat.Broker.Identity;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace CustomerChat.Broker.Tests.Automation;

/// <summary>
/// The automation capability alone, wired exactly as the broker wires it (<c>AddAutomation</c>), from
/// <c>key=value</c> settings, with a clock and a log the test can see.
/// </summary>
public sealed class AutomationServices : IAsyncDisposable
{
    private readonly ServiceProvider _provider;

    private AutomationServices(ServiceProvider provider, TimeProvider time, CapturedLog log)
    {
        _provider = provider;
        Time = time;
        Log = log;
    }

    /// <summary>The clock the services use.</summary>
    public TimeProvider Time { get; }

    /// <summary>Everything the services logged.</summary>
    public CapturedLog Log { get; }

    /// <summary>The services.</summary>
    public IServiceProvider Services => _provider;

    /// <summary>The pipeline (resolving it checks the options as start-up would).</summary>
    public MessagePipeline Pipeline => _provider.GetRequiredService<MessagePipeline>();

    /// <summary>
    /// Builds the services from <paramref name="settings"/> (<c>CustomerChat:Pipeline:Steps:0=spam</c>…), on
    /// <paramref name="time"/> (default the system clock); <paramref name="extra"/> adds registrations (e.g. test steps).
    /// </summary>
    public static AutomationServices Create(TimeProvider? time = null, Action<IServiceCollection>? extra = null, params string[] settings)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(settings.Select(s => s.Split('=', 2)).Select(kv => new KeyValuePair<string, string?>(kv[0], kv[1])))
            .Build();
        var log = new CapturedLog();
        var services = new ServiceCollection();
        services.AddLogging(logging => logging.AddProvider(log).SetMinimumLevel(LogLevel.Debug));
        services.AddSingleton(time ?? TimeProvider.System);
        services.AddAutomation(configuration);
        extra?.Invoke(services);
        var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
        return new AutomationServices(provider, provider.GetRequiredService<TimeProvider>(), log);
    }

    /// <summary>A step by its name.</summary>
    public IMessageStep Step(string name) => _provider.GetServices<IMessageStep>().Single(s => s.Name == name);

    /// <summary>A customer identity (<c>c-…</c>).</summary>
    public static UserIdentity Customer(string id = "c-1") => new(id, UserRole.Customer, "Ada", DateTimeOffset.MaxValue);

    /// <summary>An agent identity.</summary>
    public static UserIdentity Agent(string id = "alice") => new(id, UserRole.Agent, "Alice", DateTimeOffset.MaxValue);

    /// <summary>A draft of <paramref name="text"/> from <paramref name="sender"/> in conversation <c>conv-1</c>.</summary>
    public static MessageDraft Draft(UserIdentity sender, string text, string senderLocale = "en", string recipientLocale = "en") =>
        new(sender, "conv-1", text) { SenderLocale = senderLocale, RecipientLocale = recipientLocale };

    /// <inheritdoc />
    public ValueTask DisposeAsync() => _provider.DisposeAsync();
}
