namespace CustomerChat.Broker.Widget;

/// <summary>
/// <c>GET /api/widget/config</c> (docs/protocol.md §18 "Widget configuration"):
/// <c>{"open", "available", "nextOpen", "departments", "preChat", "offlineMessage", "locale"}</c>.
/// </summary>
/// <param name="Open">Inside business hours now (always true when none are configured).</param>
/// <param name="Available">Open and an agent is <c>available</c> now.</param>
/// <param name="NextOpen">While closed, the next opening (UTC, ISO 8601); null while open or when no opening is configured.</param>
/// <param name="Departments">The configured departments with their availability.</param>
/// <param name="PreChat">The pre-chat form's fields.</param>
/// <param name="OfflineMessage">What to show while not available.</param>
/// <param name="Locale">The widget language for this request (from <c>?locale=</c>, else <c>Accept-Language</c>, else the default).</param>
public sealed record WidgetConfigView(
    bool Open,
    bool Available,
    DateTimeOffset? NextOpen,
    IReadOnlyList<DepartmentView> Departments,
    PreChatView PreChat,
    string OfflineMessage,
    string Locale);

/// <summary>A department as clients see it: <c>{"id", "name", "available"}</c>.</summary>
/// <param name="Id">The id to send as <c>department</c>.</param>
/// <param name="Name">The display name.</param>
/// <param name="Available">An agent of this department is <c>available</c> now.</param>
public sealed record DepartmentView(string Id, string Name, bool Available);

/// <summary>The pre-chat form: <c>{"name", "email", "department"}</c>, each <c>off</c>, <c>optional</c> or <c>required</c>.</summary>
/// <param name="Name">The name field.</param>
/// <param name="Email">The email field.</param>
/// <param name="Department">The department choice (<c>off</c> when no department is configured).</param>
public sealed record PreChatView(string Name, string Email, string Department);
