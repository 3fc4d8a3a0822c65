namespace CustomerChat.Broker.Widget;

/// <summary>How the widget's pre-chat form treats one field (configuration and JSON: <c>off</c>, <c>optional</c>, <c>required</c>).</summary>
public enum PreChatFieldMode
{
    /// <summary>The field is not shown.</summary>
    Off,

    /// <summary>The field is shown and may stay empty.</summary>
    Optional,

    /// <summary>The field is shown and the chat does not start while it is empty.</summary>
    Required,
}
