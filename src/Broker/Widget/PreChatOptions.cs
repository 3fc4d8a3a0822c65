namespace CustomerChat.Broker.Widget;

/// <summary>
/// <c>CustomerChat:Widget:PreChat</c>: the fields of the widget's pre-chat form (docs/protocol.md §18,
/// "Pre-chat form"). Each is <c>off</c>, <c>optional</c> or <c>required</c>; the values go to
/// <c>POST /api/auth/guest</c> as <c>name</c>, <c>email</c> and <c>department</c>.
/// </summary>
public sealed class PreChatOptions
{
    /// <summary>The visitor's name. Default optional.</summary>
    public PreChatFieldMode Name { get; set; } = PreChatFieldMode.Optional;

    /// <summary>The visitor's email address. Default optional.</summary>
    public PreChatFieldMode Email { get; set; } = PreChatFieldMode.Optional;

    /// <summary>The department (from <c>CustomerChat:Departments</c>). Default off; with no departments configured it is never shown.</summary>
    public PreChatFieldMode Department { get; set; } = PreChatFieldMode.Off;
}
