using System.Text.Json.Serialization;

namespace CustomerChat.Broker.Automation;

/// <summary>Source-generated JSON metadata of the translation endpoint's request and answer.</summary>
[JsonSerializable(typeof(LibreTranslateRequest))]
[JsonSerializable(typeof(LibreTranslateResponse))]
internal sealed partial class AutomationJsonContext : JsonSerializerContext;
