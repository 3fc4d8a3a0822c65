using CustomerChat.Broker.Conversations;
using CustomerChat.Broker.Stomp;
using CustomerChat.Broker.Workspace.CannedResponses;
using CustomerChat.Broker.Workspace.DataProtection;
using CustomerChat.Broker.Workspace.Invitations;
using CustomerChat.Broker.Workspace.Labels;
using CustomerChat.Broker.Workspace.Search;
using CustomerChat.Broker.Workspace.Transcripts;
using CustomerChat.Protocol.Chat;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace CustomerChat.Broker.Workspace;

/// <summary>
/// Registers and maps the agent workspace of docs/protocol.md §14: canned responses with suggestions, private
/// notes (<c>/chat/note</c>), labels, the filtered and searchable conversation list, transcripts (text and email),
/// invitations, and the export and erasure of a customer's data.
/// </summary>
public static class WorkspaceServiceCollectionExtensions
{
    /// <summary>
    /// Adds the canned-response store (in memory; in Redis when <c>CustomerChat:Redis:Configuration</c> is set, using
    /// the <c>RedisConnection</c> that the Redis scale-out registers), the chat-backed
    /// <see cref="ICustomerLastMessage"/>, the SMTP <see cref="ITranscriptMailer"/> bound from <c>CustomerChat:Smtp</c>
    /// (validated at start-up), the <c>/chat/note</c> handler, invitations (<c>CustomerChat:Auth:InvitationLifetime</c>),
    /// data protection and, on Redis, the indexed conversation search. Call after the chat's registration
    /// (<c>AddChatConversations</c>, <c>AddChatRedisStores</c>).
    /// </summary>
    public static IServiceCollection AddWorkspace(this IServiceCollection services, IConfiguration configuration)
    {
        if (string.IsNullOrWhiteSpace(configuration["CustomerChat:Redis:Configuration"]))
        {
            services.AddSingleton<ICannedResponseStore, InMemoryCannedResponseStore>();
            services.AddSingleton<IConversationIndexEraser, NoConversationIndex>();
        }
        else
        {
            services.AddSingleton<ICannedResponseStore, RedisCannedResponseStore>();
            services.AddSingleton<RedisConversationIndex>();
            services.RemoveAll<IConversationSearch>();
            services.AddSingleton<IConversationSearch>(sp => sp.GetRequiredService<RedisConversationIndex>());
            services.AddSingleton<IConversationObserver>(sp => sp.GetRequiredService<RedisConversationIndex>());
            services.AddSingleton<IConversationIndexEraser>(sp => sp.GetRequiredService<RedisConversationIndex>());
            services.AddSingleton<ICustomerDataEraser, RecentMessageMemoryEraser>();
        }

        services.TryAddSingleton<ICustomerLastMessage, HistoryCustomerLastMessage>();

        services.AddOptions<SmtpOptions>().Bind(configuration.GetSection(SmtpOptions.SectionName)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<SmtpOptions>, SmtpOptionsValidator>();
        services.AddSingleton<ITranscriptMailer, SmtpTranscriptMailer>();

        services.AddOptions<InvitationOptions>().Bind(configuration.GetSection(InvitationOptions.SectionName));
        services.AddSingleton<InvitationService>();
        services.AddSingleton<CustomerDataService>();
        services.AddSingleton<ErasedCustomerSessions>();
        services.AddHostedService<ErasedCustomerListener>();
        return services;
    }

    /// <summary>
    /// Maps <c>/api/canned-responses</c>, <c>GET /api/conversations/{id}/suggestions</c>,
    /// <c>PUT /api/conversations/{id}/labels</c>, the transcript endpoints, <c>POST /api/invitations</c>,
    /// <c>GET /api/customers/{id}/export</c>, <c>GET /api/me/export</c> and <c>DELETE /api/customers/{id}</c>.
    /// </summary>
    public static IEndpointRouteBuilder MapWorkspace(this IEndpointRouteBuilder endpoints)
    {
        CannedResponseEndpoints.Map(endpoints);
        LabelEndpoints.Map(endpoints);
        TranscriptEndpoints.Map(endpoints);
        InvitationEndpoints.Map(endpoints);
        DataProtectionEndpoints.Map(endpoints);
        return endpoints;
    }
}
