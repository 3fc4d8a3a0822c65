using System.Text.Json.Serialization;
using CustomerChat.Broker.Workspace.DataProtection;
using CustomerChat.Broker.Workspace.Invitations;

namespace CustomerChat.Broker.Workspace;

/// <summary>System.Text.Json source generation for the workspace's payloads (camelCase, nulls written, as the chat's).</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.Never)]
[JsonSerializable(typeof(InvitationResponse))]
[JsonSerializable(typeof(CustomerExport))]
internal sealed partial class WorkspaceJsonContext : JsonSerializerContext;
