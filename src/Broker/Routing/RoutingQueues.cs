using CustomerChat.Broker.Departments;

namespace CustomerChat.Broker.Routing;

/// <summary>
/// The queues (docs/protocol.md §12 "Queues"): <c>general</c> for conversations with no department (served by every
/// agent) and <c>d:&lt;id&gt;</c> (id lower-cased) for each configured department. A department id the directory does
/// not know falls back to the general queue.
/// </summary>
public sealed class RoutingQueues(DepartmentDirectory departments)
{
    /// <summary>The general queue's name.</summary>
    public const string General = "general";

    /// <summary>Every queue: the general one first, then one per department in configuration order.</summary>
    public IReadOnlyList<string> All { get; } = [General, .. departments.All.Select(d => NameOf(d.Id))];

    /// <summary>The queue a conversation of <paramref name="department"/> waits in.</summary>
    public string Of(string? department) => departments.Find(department) is { } d ? NameOf(d.Id) : General;

    /// <summary>The queue name of a department id.</summary>
    public static string NameOf(string departmentId) => "d:" + departmentId.ToLowerInvariant();
}
