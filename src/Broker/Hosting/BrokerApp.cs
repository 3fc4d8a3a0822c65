using System.Threading.RateLimiting;
using CustomerChat.Broker.Automation;
using CustomerChat.Broker.Stomp;
using CustomerChat.Broker.BusinessHours;
using CustomerChat.Broker.Conversations;
using CustomerChat.Broker.Identity;
using CustomerChat.Broker.Integrations.Tickets;
using CustomerChat.Broker.Integrations;
using CustomerChat.Broker.Integrations.OpenApi;
using CustomerChat.Broker.Observability;
using CustomerChat.Broker.Options;
using CustomerChat.Broker.Redis;
using CustomerChat.Broker.Routing;
using CustomerChat.Broker.Workspace;
using CustomerChat.Broker.Workspace.Agents;
using CustomerChat.Broker.Widget;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;
using Serilog;

namespace CustomerChat.Broker.Hosting;

/// <summary>
/// Builds the broker: one Kestrel listener serving <c>/ws</c>, the HTTP API, health and the pages
/// (docs/protocol.md §1, §6). <c>Program</c> runs it; tests build it on a free loopback port with their own arguments.
/// </summary>
public static class BrokerApp
{
    /// <summary>Builds the application from command-line style arguments (<c>--urls</c>, <c>--CustomerChat:Limits:MaxFrameBytes=…</c>).</summary>
    public static WebApplication Build(string[] args) => Build(args, configureServices: null);

    /// <summary>
    /// Builds the application; <paramref name="configureServices"/> runs after every registration, so a test can
    /// replace a service (e.g. <see cref="TimeProvider"/> with a fake clock).
    /// </summary>
    public static WebApplication Build(string[] args, Action<IServiceCollection>? configureServices)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = args,
            ContentRootPath = AppContext.BaseDirectory,
            WebRootPath = Path.Combine(AppContext.BaseDirectory, "wwwroot"),
        });

        builder.Logging.ClearProviders();
        builder.Logging.AddSerilog(new LoggerConfiguration()
            .ReadFrom.Configuration(builder.Configuration)
            .Enrich.FromLogContext()
            .WithTokenRedaction()
            .WriteTo.Console(outputTemplate: "[{Timestamp:HH:mm:ss} {Level:u3}] {SourceContext}: {Message:lj}{NewLine}{Exception}")
            .CreateLogger(), dispose: true);

        ConfigureServices(builder.Services, builder.Configuration);
        configureServices?.Invoke(builder.Services);
        var app = builder.Build();

        // Resolve these now so their start-up log lines (demo agents, development key) come at start-up.
        app.Services.GetRequiredService<SigningKey>();
        app.Services.GetRequiredService<AgentDirectory>();
        ConfigurePipeline(app);
        return app;
    }

    private static void ConfigureServices(IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<CustomerChatOptions>()
            .Bind(configuration.GetSection(CustomerChatOptions.SectionName))
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<CustomerChatOptions>, CustomerChatOptionsValidator>();
        services.AddSingleton(TimeProvider.System);
        services.AddHostedService<ShutdownDrain>();
        services.AddBrokerObservability();

        // Identity (docs/protocol.md §9)
        services.AddSingleton<SigningKey>();
        services.AddSingleton<TokenService>();
        services.AddSingleton<AgentDirectory>();
                services.AddRateLimiter(limiter =>
        {
            limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            limiter.AddPolicy(AuthEndpoints.RateLimitPolicy, http =>
            {
                var perMinute = http.RequestServices.GetRequiredService<IOptions<CustomerChatOptions>>().Value.Limits.AuthRequestsPerMinutePerAddress;
                return RateLimitPartition.GetFixedWindowLimiter(http.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                    _ => new FixedWindowRateLimiterOptions { PermitLimit = perMinute, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 });
            });
        });

        // Connections and routing (docs/protocol.md §1, §2)
        services.AddSingleton<OriginPolicy>();
        services.AddSingleton<ConnectionRegistry>();
        services.AddSingleton<IConnectionStatistics>(sp => sp.GetRequiredService<ConnectionRegistry>());
        services.AddSingleton<SubscriptionRegistry>();
        services.AddSingleton<IBackplane, InMemoryBackplane>();
        services.AddSingleton<StompServices>();
        services.AddSingleton<DestinationTable>();
        services.AddHostedService<HeartbeatMonitor>();

        // Conversations (docs/protocol.md §5–6, §5)
        services.AddChatConversations();
        services.AddConversationDoors();
        if (!string.IsNullOrWhiteSpace(configuration["CustomerChat:Redis:Configuration"]))
        {
            services.AddRedisScaleOut(); // replaces the in-memory backplane, adds the "ready" check
            services.AddChatRedisStores();
        }

        services.AddCustomerChatIntegrations(configuration);
        services.AddCustomerChatOpenApi();
        services.AddBusinessHours(configuration);
        services.AddWidget(configuration);
        services.AddChatRouting(configuration); // after the chat and the widget: replaces their routing defaults (docs/protocol.md §12)
        services.AddAutomation(configuration); // the message pipeline and the bot (docs/protocol.md §13)
        services.AddWorkspace(configuration);
        services.AddAgentAccounts(configuration);
        services.AddTickets(configuration);

        services.AddHealthChecks();
        services.AddProblemDetails();
        services.AddExceptionHandler<StoreUnavailableHandler>();
    }

    private static void ConfigurePipeline(WebApplication app)
    {
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.Use(SecurityHeaders);
        app.UseDefaultFiles();
        app.UseStaticFiles();
        app.UseWebSockets();
        app.UseAuthFailureMetrics();
        app.UseRateLimiter();

        app.MapStompWebSocket("/ws");
        app.MapAuthEndpoints();
        app.MapConversationEndpoints();
        app.MapConversationDoors();
        app.MapWorkspace();
        app.MapAgentAccounts();
        app.MapTickets();
        app.MapWidget();
        app.MapCustomerChatIntegrations();
        app.MapCustomerChatOpenApi();
        app.MapHealthChecks("/health/live", new() { Predicate = _ => false });
        app.MapHealthChecks("/health/ready", new() { Predicate = check => check.Tags.Contains("ready") });
        app.MapBrokerMetrics();
    }

    /// <summary>A strict Content-Security-Policy: the pages use no inline script or style (issue: the pages).</summary>
    private static Task SecurityHeaders(HttpContext http, Func<Task> next)
    {
        var headers = http.Response.Headers;
        headers.ContentSecurityPolicy = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self' ws: wss:; frame-ancestors " + WidgetFraming.FrameAncestorsFor(http) + "; base-uri 'none'; form-action 'self'";
        headers.XContentTypeOptions = "nosniff";
        headers["Referrer-Policy"] = "no-referrer";
        return next();
    }
}
