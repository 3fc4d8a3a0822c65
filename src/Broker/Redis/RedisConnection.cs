using System.Diagnostics;
using CustomerChat.Broker.Stomp;
using CustomerChat.Broker.Observability;
using CustomerChat.Broker.Options;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace CustomerChat.Broker.Redis;

/// <summary>
/// The one Redis connection (a StackExchange.Redis multiplexer) of this instance, shared by the backplane,
/// the stores and the health check. It never gives up: <c>abortConnect=false</c>, so the broker starts and
/// stays up while Redis is down, and the multiplexer reconnects by itself when Redis returns. Each
/// transition (available ⇄ unavailable) is logged once. Every call goes through <see cref="RunAsync{T}"/>,
/// which bounds it in time, turns Redis faults into <see cref="BackplaneUnavailableException"/>, and makes
/// sure the caller never continues on the client library's own I/O threads.
/// </summary>
public sealed class RedisConnection : IAsyncDisposable
{
    /// <summary>The longest a single Redis call may take before it counts as unavailable.</summary>
    public static readonly TimeSpan OperationTimeout = TimeSpan.FromSeconds(5);

    private const int Unknown = -1, Down = 0, Up = 1;
    private const int Single = 1, Cluster = 2;

    private readonly TaskCompletionSource<ConnectionMultiplexer> _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly RedisOptions _options;
    private readonly ILogger<RedisConnection> _logger;
    private readonly TimeProvider _time;
    private readonly BrokerMetrics _metrics;
    private int _state = Unknown;
    private long _downSince;
    private ISubscriber? _subscriber;
    private int _kind = Unknown;

    /// <summary>Reads <c>CustomerChat:Redis</c>.</summary>
    public RedisConnection(IOptions<CustomerChatOptions> options, ILogger<RedisConnection> logger, TimeProvider time, BrokerMetrics metrics)
    {
        _metrics = metrics;
        _options = options.Value.Redis;
        _logger = logger;
        _time = time;
        Keys = new RedisKeys(_options.KeyPrefix);
        InstanceId = $"{Environment.MachineName}-{Guid.NewGuid().ToString("N")[..12]}";
    }

    /// <summary>The key and channel names.</summary>
    public RedisKeys Keys { get; }

    /// <summary>This instance's id in presence (unique per process start).</summary>
    public string InstanceId { get; }

    /// <summary>Whether both the command and the pub/sub connection are up now.</summary>
    public bool IsAvailable => Multiplexer is { IsConnected: true } && _subscriber?.IsConnected() == true;

    /// <summary>
    /// Whether the configuration names a Redis Cluster (docs/SCALING.md "Redis Cluster"): found out from the first
    /// server that answers (<c>ServerType.Cluster</c>) and fixed from then on. False while no server ever answered.
    /// On a cluster the backplane uses sharded pub/sub and the history serializes append-and-publish per conversation.
    /// </summary>
    public bool IsCluster
    {
        get
        {
            if (Volatile.Read(ref _kind) == Unknown && Multiplexer is { } multiplexer)
            {
                DetectKind(multiplexer);
            }

            return Volatile.Read(ref _kind) == Cluster;
        }
    }

    /// <summary>The multiplexer once connected (or once the first attempt gave up and it retries in the background); null before.</summary>
    internal ConnectionMultiplexer? Multiplexer => _ready.Task.IsCompletedSuccessfully ? _ready.Task.Result : null;

    /// <summary>The pub/sub side, once <see cref="Multiplexer"/> exists.</summary>
    internal ISubscriber? Subscriber => _subscriber;

    /// <summary>Waits for the multiplexer (bounded); null when it is not there in time.</summary>
    internal async Task<ConnectionMultiplexer?> WaitForMultiplexerAsync(TimeSpan timeout)
    {
        try
        {
            return await _ready.Task.WaitAsync(timeout).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            return null;
        }
    }

    /// <summary>
    /// Connects (called once at start-up, before Kestrel accepts connections). Returns when connected or when
    /// the first attempt gave up; in the latter case the multiplexer keeps retrying and the broker is not ready.
    /// An invalid configuration string stops the start-up.
    /// </summary>
    public async Task ConnectAsync()
    {
        var config = ConfigurationOptions.Parse(_options.Configuration!);
        config.AbortOnConnectFail = false;
        config.ConnectRetry = Math.Max(config.ConnectRetry, 3);
        config.ClientName ??= "customerchat";
        RedisLog.Starting(_logger, InstanceId, string.Join(",", config.EndPoints), _options.KeyPrefix);

        var multiplexer = await ConnectionMultiplexer.ConnectAsync(config).ConfigureAwait(ConfigureAwaitOptions.ForceYielding);

        multiplexer.ConnectionFailed += OnConnectionFailed;
        multiplexer.ConnectionRestored += OnConnectionRestored;
        _subscriber = multiplexer.GetSubscriber();
        DetectKind(multiplexer);
        if (multiplexer.IsConnected)
        {
            Transition(Up, null);
        }
        else
        {
            Transition(Down, "not reachable at start-up");
        }

        _ready.TrySetResult(multiplexer);
    }

    /// <summary>
    /// Runs one Redis operation: waits for the connection, bounds the call by <see cref="OperationTimeout"/>, and
    /// turns connection loss, time-outs and transient server states (<c>LOADING</c>, <c>BUSY</c>…) into
    /// <see cref="BackplaneUnavailableException"/>. The continuation always runs on the thread pool, never on
    /// the client library's reader thread (which also delivers pub/sub messages in order). The round trip is
    /// recorded in the <c>redis.duration</c> histogram under <paramref name="operation"/> (a fixed name such as
    /// <c>xadd</c>, never a key).
    /// </summary>
    public async Task<T> RunAsync<T>(string operation, Func<ConnectionMultiplexer, Task<T>> call)
    {
        try
        {
            var multiplexer = await _ready.Task.WaitAsync(OperationTimeout).ConfigureAwait(false);
            var start = Stopwatch.GetTimestamp();
            var result = await call(multiplexer).WaitAsync(OperationTimeout).ConfigureAwait(ConfigureAwaitOptions.ForceYielding);
            _metrics.RecordRedisRoundTrip(operation, start);
            return result;
        }
        catch (Exception ex) when (IsUnavailable(ex))
        {
            throw new BackplaneUnavailableException("Redis is unavailable: " + FirstLine(ex.Message), ex);
        }
    }

    /// <summary><see cref="RunAsync{T}(string, Func{ConnectionMultiplexer, Task{T}})"/> against the database.</summary>
    public Task<T> RunAsync<T>(string operation, Func<IDatabase, Task<T>> call) => RunAsync(operation, m => call(m.GetDatabase()));

    /// <summary>Whether an exception means "Redis cannot be reached or cannot answer now".</summary>
    internal static bool IsUnavailable(Exception ex) => ex switch
    {
        RedisConnectionException or RedisTimeoutException or TimeoutException or ObjectDisposedException => true,
        RedisServerException server => server.Message.StartsWith("LOADING", StringComparison.Ordinal)
            || server.Message.StartsWith("BUSY", StringComparison.Ordinal)
            || server.Message.StartsWith("MASTERDOWN", StringComparison.Ordinal)
            || server.Message.StartsWith("READONLY", StringComparison.Ordinal)
            || server.Message.StartsWith("TRYAGAIN", StringComparison.Ordinal)
            || server.Message.StartsWith("CLUSTERDOWN", StringComparison.Ordinal)
            || server.Message.StartsWith("MISCONF", StringComparison.Ordinal),
        _ => false,
    };

    /// <summary>
    /// On a Redis Cluster, the masters this instance is not connected to now (docs/SCALING.md "When a cluster node is
    /// down"): their slots (conversations, channels) are unavailable while the others work. Empty on a single Redis,
    /// before the first connection, and while every master is connected.
    /// </summary>
    internal IReadOnlyList<string> UnreachableMasters()
    {
        if (!IsCluster || Multiplexer is not { } multiplexer)
        {
            return [];
        }

        return [.. multiplexer.GetServers().Where(s => !s.IsReplica && !s.IsConnected).Select(s => s.EndPoint.ToString() ?? "?")];
    }

    /// <summary>PING within <paramref name="timeout"/>; false when Redis does not answer.</summary>
    internal async Task<bool> PingAsync(TimeSpan timeout)
    {
        if (Multiplexer is not { IsConnected: true } multiplexer)
        {
            return false;
        }

        try
        {
            await multiplexer.GetDatabase().PingAsync().WaitAsync(timeout).ConfigureAwait(ConfigureAwaitOptions.ForceYielding);
            return true;
        }
        catch (Exception ex) when (IsUnavailable(ex))
        {
            return false;
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (Multiplexer is { } multiplexer)
        {
            multiplexer.ConnectionFailed -= OnConnectionFailed;
            multiplexer.ConnectionRestored -= OnConnectionRestored;
            await multiplexer.CloseAsync(allowCommandsToComplete: false).ConfigureAwait(false);
            multiplexer.Dispose();
        }
    }

    private void DetectKind(ConnectionMultiplexer multiplexer)
    {
        foreach (var server in multiplexer.GetServers())
        {
            if (server.IsConnected)
            {
                var kind = server.ServerType == ServerType.Cluster ? Cluster : Single;
                if (Interlocked.CompareExchange(ref _kind, kind, Unknown) == Unknown)
                {
                    RedisLog.Topology(_logger, kind == Cluster ? "cluster (sharded pub/sub)" : "single server (classic pub/sub)");
                }

                return;
            }
        }
    }

    private void OnConnectionFailed(object? sender, ConnectionFailedEventArgs e) =>
        Transition(Down, $"{e.FailureType} on {e.ConnectionType} connection to {e.EndPoint}");

    // The events say which connection changed; the state they leave is read live by IsAvailable.
    private void OnConnectionRestored(object? sender, ConnectionFailedEventArgs e) => Transition(Up, null);

    private void Transition(int to, string? reason)
    {
        var from = Interlocked.Exchange(ref _state, to);
        if (from == to)
        {
            return;
        }

        if (to == Down)
        {
            Interlocked.Exchange(ref _downSince, _time.GetTimestamp());
            RedisLog.Unavailable(_logger, reason ?? "unknown");
        }
        else if (from == Unknown)
        {
            RedisLog.Connected(_logger);
        }
        else
        {
            RedisLog.Available(_logger, _time.GetElapsedTime(Interlocked.Read(ref _downSince)).TotalSeconds);
        }
    }

    private static string FirstLine(string text)
    {
        var end = text.IndexOfAny(['\r', '\n', ';']);
        return end < 0 ? text : text[..end];
    }
}
