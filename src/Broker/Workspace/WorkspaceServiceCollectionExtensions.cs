using CustomerChat.Broker.Workspace.CannedResponses;
using CustomerChat.Broker.Workspace.Transcripts;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace CustomerChat.Broker.Workspace;

/// <summary>
/// Registers and maps the agent workspace pieces of docs/protocol/workspace.md: canned responses with
/// suggestions, and the transcript formatter's mailer.
/// </summary>
public static class WorkspaceServiceCollectionExtensions
{
    /// <summary>
    /// Adds the canned-response store (in memory; in Redis when <c>CustomerChat:Redis:Configuration</c> is set, using
    /// the <c>RedisConnection</c> that the Redis scale-out registers), the stand-in
    /// <see cref="ICustomerLastMessage"/> (<see cref="InMemoryCustomerLastMessage"/>, unless one is registered
    /// already) and the SMTP <see cref="ITranscriptMailer"/> bound from <c>CustomerChat:Smtp</c> (validated at start-up).
    /// </summary>
    public static IServiceCollection AddWorkspace(this IServiceCollection services, IConfiguration configuration)
    {
        if (string.IsNullOrWhiteSpace(configuration["CustomerChat:Redis:Configuration"]))
        {
            services.AddSingleton<ICannedResponseStore, InMemoryCannedResponseStore>();
        }
        else
        {
            services.AddSingleton<ICannedResponseStore, RedisCannedResponseStore>();
        }

        services.TryAddSingleton<InMemoryCustomerLastMessage>();
        services.TryAddSingleton<ICustomerLastMessage>(sp => sp.GetRequiredService<InMemoryCustomerLastMessage>());

        services.AddOptions<SmtpOptions>().Bind(configuration.GetSection(SmtpOptions.SectionName)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<SmtpOptions>, SmtpOptionsValidator>();
        services.AddSingleton<ITranscriptMailer, SmtpTranscriptMailer>();
        return services;
    }

    /// <summary>Maps <c>/api/canned-responses</c> and <c>GET /api/conversations/{id}/suggestions</c>.</summary>
    public static IEndpointRouteBuilder MapWorkspace(this IEndpointRouteBuilder endpoints)
    {
        CannedResponseEndpoints.Map(endpoints);
        return endpoints;
    }
}
