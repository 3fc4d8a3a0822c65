using System.Text.Json.Serialization;

namespace CustomerChat.Broker.Integrations.Tickets;

/// <summary>How urgent a ticket is (docs/protocol.md §17): JSON <c>low</c>, <c>normal</c> (the default), <c>high</c>.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<TicketPriority>))]
public enum TicketPriority
{
    /// <summary><c>low</c>.</summary>
    [JsonStringEnumMemberName("low")]
    Low,

    /// <summary><c>normal</c>.</summary>
    [JsonStringEnumMemberName("normal")]
    Normal,

    /// <summary><c>high</c>.</summary>
    [JsonStringEnumMemberName("high")]
    High,
}
