using System.Text.Json.Serialization;

namespace CustomerChat.Broker.Routing;

/// <summary>System.Text.Json source generation for routing's events: camelCase, nulls written.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.Never)]
[JsonSerializable(typeof(AgentStatusEvent))]
[JsonSerializable(typeof(QueuePositionEvent))]
public sealed partial class RoutingJsonContext : JsonSerializerContext
{
}
