namespace CustomerChat.Broker.Departments;

/// <summary>One entry of <c>CustomerChat:Departments</c>: <c>{"Id": "sales", "Name": "Sales"}</c> (docs/protocol.md §18 "Departments").</summary>
public sealed class DepartmentOptions
{
    /// <summary>The id customers send as <c>department</c> (1 to 64 of <c>A-Za-z0-9._-</c>; compared case-insensitively).</summary>
    public string Id { get; set; } = string.Empty;

    /// <summary>The name shown to customers. Default: the id.</summary>
    public string? Name { get; set; }
}
