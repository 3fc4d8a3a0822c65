using System.Text.Json.Serialization;

namespace CustomerChat.Broker.Widget;

/// <summary>Source-generated JSON for the widget endpoints: camelCase, nulls written.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.Never)]
[JsonSerializable(typeof(WidgetConfigView))]
[JsonSerializable(typeof(IReadOnlyList<DepartmentView>))]
internal sealed partial class WidgetJsonContext : JsonSerializerContext
{
}
