using CustomerChat.Broker.Options;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace CustomerChat.Broker.Identity;

/// <summary>
/// The agent accounts (docs/protocol.md §9): <c>CustomerChat:Agents</c>, or in Development with none configured the
/// demo agents <c>alice</c>/<c>Alice</c> and <c>bob</c>/<c>Bob</c> with password <c>demo</c> (announced in
/// the log). Passwords are checked with ASP.NET Core Identity's <see cref="PasswordHasher{TUser}"/> (PBKDF2).
/// </summary>
public sealed class AgentDirectory
{
    private readonly PasswordHasher<AgentAccountOptions> _hasher = new();
    private readonly Dictionary<string, AgentAccountOptions> _agents;
    private readonly string _dummyHash;

    /// <summary>Loads the configured accounts, or the demo ones in Development.</summary>
    public AgentDirectory(IOptions<CustomerChatOptions> options, IHostEnvironment environment, ILogger<AgentDirectory> logger)
    {
        var configured = options.Value.Agents.Where(a => !string.IsNullOrWhiteSpace(a.Username)).ToList();
        if (configured.Count == 0 && environment.IsDevelopment())
        {
            configured =
            [
                new AgentAccountOptions { Username = "alice", DisplayName = "Alice", PasswordHash = _hasher.HashPassword(null!, "demo"), Admin = true },
                new AgentAccountOptions { Username = "bob", DisplayName = "Bob", PasswordHash = _hasher.HashPassword(null!, "demo") },
            ];
            AgentLog.DemoAgents(logger);
        }

        _agents = configured.ToDictionary(a => a.Username, StringComparer.Ordinal);
        _dummyHash = _hasher.HashPassword(null!, Guid.NewGuid().ToString());
    }

    /// <summary>Every agent: username and display name.</summary>
    public IEnumerable<(string Username, string DisplayName)> All => _agents.Values.Select(a => (a.Username, DisplayNameOf(a)));

    /// <summary>The agent with this username, or null.</summary>
    public (string Username, string DisplayName)? Find(string username) =>
        _agents.TryGetValue(username, out var a) ? (a.Username, DisplayNameOf(a)) : null;

    /// <summary>Whether <paramref name="username"/> is a configured agent with <c>Admin: true</c> (the demo agent <c>alice</c> in Development).</summary>
    public bool IsAdmin(string username) => _agents.TryGetValue(username, out var a) && a.Admin;

    /// <summary>The agent's configured language, or null (docs/protocol.md "Automation").</summary>
    public string? LocaleOf(string username) => _agents.TryGetValue(username, out var a) ? a.Locale : null;

    /// <summary>The agent's configured account, or null.</summary>
    public AgentAccountOptions? Account(string username) => _agents.GetValueOrDefault(username);

    /// <summary>
    /// Checks a username and password; returns the agent or null. An unknown username still costs one hash
    /// check, so the time taken does not tell which part was wrong.
    /// </summary>
    public (string Username, string DisplayName)? Verify(string? username, string? password)
    {
        password ??= "";
        if (username is null || !_agents.TryGetValue(username, out var agent) || string.IsNullOrEmpty(agent.PasswordHash))
        {
            _hasher.VerifyHashedPassword(null!, _dummyHash, password);
            return null;
        }

        var result = _hasher.VerifyHashedPassword(agent, agent.PasswordHash, password);
        return result == PasswordVerificationResult.Failed ? null : (agent.Username, DisplayNameOf(agent));
    }

    /// <summary>Hashes a password the way <c>CustomerChat:Agents:N:PasswordHash</c> expects (the <c>hash-password</c> command).</summary>
    public static string HashPassword(string password) => new PasswordHasher<AgentAccountOptions>().HashPassword(null!, password);

    private static string DisplayNameOf(AgentAccountOptions a) => string.IsNullOrWhiteSpace(a.DisplayName) ? a.Username : a.DisplayName;
}
