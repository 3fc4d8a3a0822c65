using Prometheus;
using Serilog;

namespace CustomerChat.Broker.Observability;

/// <summary>Wires metrics, <c>/metrics</c> and log redaction into the host (issue 7); <c>BrokerApp</c> calls these.</summary>
public static class ObservabilitySetup
{
    /// <summary>The path of the Prometheus scrape endpoint.</summary>
    public const string MetricsPath = "/metrics";

    /// <summary>Registers <see cref="BrokerMetrics"/> and the Prometheus export.</summary>
    public static IServiceCollection AddBrokerObservability(this IServiceCollection services)
    {
        services.AddMetrics();
        services.AddSingleton<BrokerMetrics>();
        services.AddSingleton<PrometheusExport>();
        return services;
    }

    /// <summary>Adds the token redaction every log event passes through before any sink.</summary>
    public static LoggerConfiguration WithTokenRedaction(this LoggerConfiguration configuration) =>
        configuration.Enrich.With(new TokenRedactionEnricher());

    /// <summary>
    /// Counts authentication failures of the HTTP API (<c>/api/auth/*</c> answering 401 or 429); goes before the
    /// rate limiter so its 429s are seen.
    /// </summary>
    public static IApplicationBuilder UseAuthFailureMetrics(this IApplicationBuilder app)
    {
        var metrics = app.ApplicationServices.GetRequiredService<BrokerMetrics>();
        return app.Use(async (http, next) =>
        {
            await next(http).ConfigureAwait(false);
            if (http.Request.Path.StartsWithSegments("/api/auth", StringComparison.OrdinalIgnoreCase))
            {
                switch (http.Response.StatusCode)
                {
                    case StatusCodes.Status401Unauthorized:
                        metrics.AuthFailed("login_failed");
                        break;
                    case StatusCodes.Status429TooManyRequests:
                        metrics.AuthFailed("rate_limited");
                        break;
                }
            }
        });
    }

    /// <summary>Maps <c>GET /metrics</c> (Prometheus text format) to this host's registry.</summary>
    public static IEndpointConventionBuilder MapBrokerMetrics(this IEndpointRouteBuilder endpoints)
    {
        var export = endpoints.ServiceProvider.GetRequiredService<PrometheusExport>();
        return endpoints.MapMetrics(MetricsPath, export.Registry);
    }
}
