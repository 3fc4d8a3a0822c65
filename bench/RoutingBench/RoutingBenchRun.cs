using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using CustomerChat.Bench;

namespace CustomerChat.RoutingBench;

/// <summary>
/// One run: redis-server and two brokers (Release, auto routing, the agents configured with a password hash) as
/// child processes; the agents connect (half to each instance, each subscribed to its queues and the support topic);
/// customers connect (alternating instances) until every agent is at capacity and <see cref="BenchOptions.Waiting"/>
/// wait. Then, sample after sample, an agent closes one of its chats and the time until the assignment that fills
/// the freed slot reaches the agent (topic <c>conversation.claimed</c> and its own <c>conversation.state</c>) and the
/// customer (<c>conversation.state</c>, reason <c>claimed</c>) is recorded; a new customer then joins the back of the
/// queue so the queue stays as long.
/// </summary>
internal sealed class RoutingBenchRun(BenchOptions options) : IAsyncDisposable
{
    private const string Password = "bench-password";
    private static readonly TimeSpan SampleTimeout = TimeSpan.FromSeconds(30);
    private readonly List<ChildProcess> _children = [];
    private readonly List<BenchConnection> _connections = [];
    private readonly ConcurrentDictionary<string, ConcurrentQueue<string>> _active = new(StringComparer.Ordinal);
    private readonly Dictionary<string, BenchConnection> _agents = new(StringComparer.Ordinal);
    private HttpClient[] _http = [];
    private Uri[] _webSockets = [];
    private volatile Sample? _current;
    private long _positions;
    private int _customers;

    /// <summary>Starts everything, measures, prints the figures.</summary>
    public async Task RunAsync()
    {
        var dll = options.BrokerDll ?? Path.Combine(RepoRoot(), "src", "Broker", "bin", "Release", "net10.0", "CustomerChat.Broker.dll");
        if (!File.Exists(dll))
        {
            throw new FileNotFoundException($"Build the broker first: dotnet build src/Broker -c Release ({dll})");
        }

        Console.WriteLine($"load average before: {LoadAverage()}");
        var hash = (await ChildProcess.RunAsync("dotnet", [dll, "hash-password", Password], TimeSpan.FromSeconds(60))).Trim();
        var (redis, redisPort) = await RedisServer.StartAsync(options.RedisServer);
        Start(redis);

        var ports = new[] { ChildProcess.FreePort(), ChildProcess.FreePort() };
        var environment = BrokerEnvironment(redisPort, hash);
        for (var i = 0; i < 2; i++)
        {
            Start(ChildProcess.Start("dotnet",
                [dll, "--urls", $"http://127.0.0.1:{ports[i]}", "--environment", "Development"], environment, name: $"broker {(char)('A' + i)}"));
        }

        _http = [.. ports.Select(p => new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{p}/"), Timeout = TimeSpan.FromSeconds(30) })];
        _webSockets = [.. ports.Select(p => new Uri($"ws://127.0.0.1:{p}/ws"))];
        await Task.WhenAll(_http.Select(WaitForReadyAsync));
        Console.WriteLine($"redis-server pid {redis.Id}, brokers pids {string.Join(", ", _children.Skip(1).Select(c => c.Id))}");

        var clock = Stopwatch.StartNew();
        for (var i = 0; i < options.Agents; i++)
        {
            await ConnectAgentAsync($"agent{i:D2}", i % 2);
        }

        var assigned = options.Agents * options.Capacity;
        await ConnectCustomersAsync(assigned + options.Waiting);
        await WaitUntilAsync(() => _active.Values.Sum(q => q.Count) >= assigned, "every agent at capacity");
        await WaitUntilAsync(async () => await WaitingCountAsync() == options.Waiting, $"{options.Waiting} waiting");
        Console.WriteLine($"set up in {clock.Elapsed.TotalSeconds:F1} s: {options.Agents} agents at capacity {options.Capacity}, {options.Waiting} waiting, {_connections.Count} connections");

        var topic = new List<double>();
        var agentState = new List<double>();
        var customer = new List<double>();
        var both = new List<double>();
        var positionsBefore = Interlocked.Read(ref _positions);
        clock.Restart();
        for (var s = 0; s < options.Warmup + options.Samples; s++)
        {
            var agentId = _agents.Keys.ElementAt(s % options.Agents);
            if (!_active[agentId].TryDequeue(out var conversationId))
            {
                throw new InvalidOperationException($"{agentId} holds no chat to close");
            }

            var sample = new Sample(agentId, Stopwatch.GetTimestamp());
            _current = sample;
            await _agents[agentId].SendJsonAsync("/chat/close", JsonSerializer.Serialize(new { conversationId }));
            var times = await Task.WhenAll(sample.AgentTopic.Task, sample.AgentState.Task, sample.CustomerState.Task).WaitAsync(SampleTimeout);
            _current = null;
            if (s >= options.Warmup)
            {
                topic.Add(Ms(sample.Sent, times[0]));
                agentState.Add(Ms(sample.Sent, times[1]));
                customer.Add(Ms(sample.Sent, times[2]));
                both.Add(Ms(sample.Sent, times.Max()));
            }

            await ConnectCustomerAsync(_customers++); // the queue stays as long
            await Task.Delay(options.Pause); // pacing, so one sample's position updates do not overlap the next
        }

        var positions = Interlocked.Read(ref _positions) - positionsBefore;
        Console.WriteLine($"{options.Samples} samples (+{options.Warmup} warm-up) in {clock.Elapsed.TotalSeconds:F1} s, "
            + $"{positions} queue.position events to customers meanwhile ({positions / (double)(options.Samples + options.Warmup):F0} per sample)");
        Console.WriteLine($"close -> agent's conversation.claimed (topic): {Percentiles.Describe(topic)}");
        Console.WriteLine($"close -> agent's conversation.state claimed:   {Percentiles.Describe(agentState)}");
        Console.WriteLine($"close -> customer's conversation.state claimed: {Percentiles.Describe(customer)}");
        Console.WriteLine($"close -> all three delivered:                   {Percentiles.Describe(both)}");
        Console.WriteLine($"load average after: {LoadAverage()}");
    }

    /// <summary>Prints the last lines of every child process.</summary>
    public void PrintChildOutput()
    {
        foreach (var child in _children)
        {
            Console.Error.WriteLine($"--- {child.Name} (pid {child.Id}):\n{child.Tail()}");
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        foreach (var chunk in _connections.Chunk(64))
        {
            await Task.WhenAll(chunk.Select(c => c.DisposeAsync().AsTask()));
        }

        foreach (var http in _http)
        {
            http.Dispose();
        }

        for (var i = _children.Count - 1; i >= 0; i--)
        {
            await _children[i].DisposeAsync();
        }
    }

    private Dictionary<string, string> BrokerEnvironment(int redisPort, string hash)
    {
        var key = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(48));
        var environment = new Dictionary<string, string>
        {
            ["DOTNET_ENVIRONMENT"] = "Development",
            ["ASPNETCORE_ENVIRONMENT"] = "Development",
            ["CustomerChat__Redis__Configuration"] = $"127.0.0.1:{redisPort}",
            ["CustomerChat__Auth__SigningKey"] = key,
            ["CustomerChat__Routing__Mode"] = "auto",
            ["CustomerChat__Conversations__AgentCapacity"] = options.Capacity.ToString(CultureInfo.InvariantCulture),
            ["CustomerChat__Limits__AuthRequestsPerMinutePerAddress"] = "1000000",
            ["CustomerChat__Limits__MaxConnectionsPerAddress"] = "1000000",
            ["Serilog__MinimumLevel__Default"] = "Warning",
        };
        for (var i = 0; i < options.Agents; i++)
        {
            environment[$"CustomerChat__Agents__{i}__Username"] = $"agent{i:D2}";
            environment[$"CustomerChat__Agents__{i}__DisplayName"] = $"Agent {i:D2}";
            environment[$"CustomerChat__Agents__{i}__PasswordHash"] = hash;
        }

        return environment;
    }

    private async Task ConnectAgentAsync(string username, int instance)
    {
        using var response = await _http[instance].PostAsJsonAsync("api/auth/login", new { username, password = Password });
        response.EnsureSuccessStatusCode();
        var token = await response.Content.ReadFromJsonAsync<JsonElement>();
        var userId = token.GetProperty("userId").GetString()!;
        _active[userId] = new ConcurrentQueue<string>();
        var connection = await BenchConnection.OpenAsync(_webSockets[instance], token.GetProperty("token").GetString()!, userId, OnAgentMessage);
        _connections.Add(connection);
        await connection.SubscribeAsync("/user/queue/events", "events");
        await connection.SubscribeAsync("/user/queue/messages", "messages");
        await connection.SubscribeAsync("/chat/topic/support", "support");
        _agents[userId] = connection;
    }

    private async Task ConnectCustomersAsync(int count)
    {
        var next = 0;
        await Task.WhenAll(Enumerable.Range(0, 16).Select(async _ =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next) - 1) < count)
            {
                await ConnectCustomerAsync(i);
            }
        }));
        _customers = count;
    }

    private async Task ConnectCustomerAsync(int i)
    {
        var instance = i % 2;
        using var response = await _http[instance].PostAsJsonAsync("api/auth/guest", new { name = $"Customer {i}" });
        response.EnsureSuccessStatusCode();
        var token = await response.Content.ReadFromJsonAsync<JsonElement>();
        var connection = await BenchConnection.OpenAsync(_webSockets[instance], token.GetProperty("token").GetString()!, token.GetProperty("userId").GetString()!, OnCustomerMessage);
        lock (_connections)
        {
            _connections.Add(connection);
        }

        await connection.SubscribeAsync("/user/queue/events", "events");
        await connection.SubscribeAsync("/user/queue/messages", "messages");
    }

    private void OnAgentMessage(BenchConnection agent, string subscription, JsonElement body, long arrived)
    {
        var type = body.TryGetProperty("type", out var t) ? t.GetString() : null;
        var sample = _current;
        if (subscription == "support" && type == "conversation.claimed"
            && body.GetProperty("conversation").GetProperty("agentId").GetString() == agent.UserId)
        {
            if (sample?.AgentId == agent.UserId)
            {
                sample.AgentTopic.TrySetResult(arrived);
            }
        }
        else if (subscription == "events" && type == "conversation.state" && Reason(body) == "claimed"
                 && body.GetProperty("conversation").GetProperty("agentId").GetString() == agent.UserId)
        {
            _active[agent.UserId].Enqueue(body.GetProperty("conversation").GetProperty("id").GetString()!);
            if (sample?.AgentId == agent.UserId)
            {
                sample.AgentState.TrySetResult(arrived);
            }
        }
    }

    private void OnCustomerMessage(BenchConnection customer, string subscription, JsonElement body, long arrived)
    {
        var type = body.TryGetProperty("type", out var t) ? t.GetString() : null;
        if (type == "queue.position")
        {
            Interlocked.Increment(ref _positions);
        }
        else if (type == "conversation.state" && Reason(body) == "claimed")
        {
            _current?.CustomerState.TrySetResult(arrived);
        }
    }

    private async Task<int> WaitingCountAsync()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "api/conversations?state=waiting");
        using var login = await _http[0].PostAsJsonAsync("api/auth/login", new { username = "agent00", password = Password });
        var token = (await login.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("token").GetString();
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        using var response = await _http[0].SendAsync(request);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetArrayLength();
    }

    private async Task WaitUntilAsync(Func<Task<bool>> condition, string what)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(3);
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Not reached in time: {what}");
            }

            await Task.Delay(200); // polling the set-up state of the brokers, bounded by the deadline
        }
    }

    private Task WaitUntilAsync(Func<bool> condition, string what) => WaitUntilAsync(() => Task.FromResult(condition()), what);

    private async Task WaitForReadyAsync(HttpClient http) =>
        await WaitUntilAsync(async () =>
        {
            foreach (var child in _children)
            {
                child.EnsureRunning();
            }

            try
            {
                using var response = await http.GetAsync(new Uri("health/ready", UriKind.Relative));
                return response.IsSuccessStatusCode;
            }
            catch (HttpRequestException)
            {
                return false;
            }
        }, $"{http.BaseAddress} ready");

    private ChildProcess Start(ChildProcess child)
    {
        _children.Add(child);
        return child;
    }

    private static string? Reason(JsonElement body) => body.TryGetProperty("reason", out var r) ? r.GetString() : null;

    private static double Ms(long from, long to) => (to - from) * 1000.0 / Stopwatch.Frequency;

    private static string LoadAverage() => File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Trim() : "n/a";

    private static string RepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "CustomerChat.sln")))
            {
                return dir.FullName;
            }
        }

        return Directory.GetCurrentDirectory();
    }
}
