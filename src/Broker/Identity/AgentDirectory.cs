using CustomerChat.Broker.Options;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace CustomerChat.Broker.Identity;

/// <summary>
/// The agent accounts (docs/protocol.md §9): <c>CustomerChat:Agents</c>, or in Development with none configured the
/// demo agents <c>alice</c>/<c>Alice</c> and <c>bob</c>/<c>Bob</c> with password <c>demo</c> (announced in
/// the log). Passwords are checked with ASP.NET Core Identity's <see cref="PasswordHasher{TUser}"/> (PBKDF2).
/// Beside them, the accounts administrators keep in the store (<see cref="IAgentAccountSource"/>,
/// docs/protocol.md §15): a configured account wins over a stored one of the same name, and a disabled or
/// deleted stored account is absent from every lookup.
/// </summary>
public sealed class AgentDirectory
{
    private readonly PasswordHasher<AgentAccountOptions> _hasher = new();
    private readonly Dictionary<string, AgentAccountOptions> _agents;
    private readonly string _dummyHash;
    private readonly IAgentAccountSource? _stored;

    /// <summary>Loads the configured accounts, or the demo ones in Development; <paramref name="stored"/> adds the store's.</summary>
    public AgentDirectory(IOptions<CustomerChatOptions> options, IHostEnvironment environment, ILogger<AgentDirectory> logger, IAgentAccountSource? stored = null)
    {
        _stored = stored;
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

    /// <summary>Every agent (configured, then enabled stored accounts): username and display name.</summary>
    public IEnumerable<(string Username, string DisplayName)> All => Accounts.Select(a => (a.Username, DisplayNameOf(a)));

    /// <summary>Every agent account: the configured ones, then the enabled stored ones whose name no configured account takes.</summary>
    public IEnumerable<AgentAccountOptions> Accounts =>
        _stored is null ? _agents.Values : _agents.Values.Concat(_stored.All.Where(a => !_agents.ContainsKey(a.Username)));

    /// <summary>The configured accounts only (<c>CustomerChat:Agents</c>, or the Development demo agents): read-only for the accounts API.</summary>
    public IEnumerable<AgentAccountOptions> Configured => _agents.Values;

    /// <summary>Whether <paramref name="username"/> is a configured account (never changed through the accounts API).</summary>
    public bool IsConfigured(string username) => _agents.ContainsKey(username);

    /// <summary>The agent with this username, or null.</summary>
    public (string Username, string DisplayName)? Find(string username) =>
        Account(username) is { } a ? (a.Username, DisplayNameOf(a)) : null;

    /// <summary>Whether <paramref name="username"/> is an agent with <c>Admin: true</c> (the demo agent <c>alice</c> in Development).</summary>
    public bool IsAdmin(string username) => Account(username) is { Admin: true };

    /// <summary>The agent's configured language, or null (docs/protocol.md §13).</summary>
    public string? LocaleOf(string username) => Account(username)?.Locale;

    /// <summary>The agent's account (configured, else an enabled stored one), or null.</summary>
    public AgentAccountOptions? Account(string username) =>
        _agents.GetValueOrDefault(username) ?? _stored?.Find(username);

    /// <summary>
    /// Checks a username and password against the configured accounts and the cached stored ones; returns the agent
    /// or null. An unknown username still costs one hash check, so the time taken does not tell which part was wrong.
    /// Logins use <see cref="VerifyAsync"/>, which reads a stored account from the store itself.
    /// </summary>
    public (string Username, string DisplayName)? Verify(string? username, string? password) =>
        Check(username is null ? null : Account(username), password);

    /// <summary>
    /// Like <see cref="Verify"/>, but a stored account is read from the store (so an account disabled a moment ago on
    /// another instance cannot log in). Throws the store's unavailable exception when the store cannot be reached.
    /// </summary>
    public async Task<(string Username, string DisplayName)?> VerifyAsync(string? username, string? password, CancellationToken cancellationToken = default)
    {
        AgentAccountOptions? account = null;
        if (username is not null)
        {
            account = _agents.GetValueOrDefault(username);
            if (account is null && _stored is not null)
            {
                account = await _stored.LoadAsync(username, cancellationToken).ConfigureAwait(false);
            }
        }

        return Check(account, password);
    }

    private (string Username, string DisplayName)? Check(AgentAccountOptions? agent, string? password)
    {
        password ??= "";
        if (agent is null || string.IsNullOrEmpty(agent.PasswordHash))
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
