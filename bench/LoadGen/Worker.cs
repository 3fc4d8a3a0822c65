using System.Diagnostics;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace CustomerChat.LoadGen;

/// <summary>
/// The clients one process drives: worker <c>index</c> of <c>count</c> takes every count-th subscriber,
/// pair, customer, agent or idle connection. <see cref="SetupAsync"/> connects and subscribes (waiting for
/// each RECEIPT); <see cref="RunAsync"/> publishes for warm-up + duration, counts what arrives in the
/// measured window, waits for stragglers, and closes everything.
/// </summary>
internal sealed class Worker : IAsyncDisposable
{
    private static readonly double TicksPerSecond = Stopwatch.Frequency;
    private readonly LoadGenOptions _o;
    private readonly int _index;
    private readonly int _count;
    private readonly HttpMessageInvoker _invoker = new(new SocketsHttpHandler { UseProxy = false });
    private readonly HttpClient _http;
    private readonly List<StompClient> _clients = [];
    private readonly List<Publisher> _publishers = [];
    private readonly List<Agent> _agents = [];
    private readonly List<Customer> _customers = [];
    private readonly CancellationTokenSource _stopHeartbeats = new();
    private Task _heartbeats = Task.CompletedTask;
    private long _stalls;
    private double _setupSeconds;
    private int _subscribers;

    public Worker(LoadGenOptions options, int index, int count)
    {
        _o = options;
        _index = index;
        _count = count;
        _http = new HttpClient(new SocketsHttpHandler { UseProxy = false }) { BaseAddress = options.Http, Timeout = TimeSpan.FromSeconds(30) };
    }

    public Stats Stats { get; } = new();

    private string Heartbeat => _o.Profile == "idle" ? $"{_o.HeartbeatMs},{_o.HeartbeatMs}" : "0,0";

    public async Task SetupAsync(CancellationToken token)
    {
        var started = Stopwatch.GetTimestamp();
        switch (_o.Profile)
        {
            case "fanout":
                await SetupFanoutAsync(token).ConfigureAwait(false);
                break;
            case "pairs":
            case "cross":
                await SetupPairsAsync(token).ConfigureAwait(false);
                break;
            case "chat":
                await SetupChatAsync(token).ConfigureAwait(false);
                break;
            case "idle":
                await SetupIdleAsync(token).ConfigureAwait(false);
                break;
        }

        _setupSeconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
    }

    /// <summary>Runs the load from now; the window starts after the warm-up.</summary>
    public async Task<WorkerResult> RunAsync(CancellationToken token)
    {
        var go = Stopwatch.GetTimestamp();
        var windowStart = go + (long)(_o.Warmup * TicksPerSecond);
        var windowEnd = windowStart + (long)(_o.Duration * TicksPerSecond);
        Stats.SetWindow(windowStart, windowEnd);
        var cpuAtStart = TimeSpan.Zero;
        var cpuAtEnd = TimeSpan.Zero;
        var cpuSampler = Task.Run(async () =>
        {
            await DelayUntilAsync(windowStart, token).ConfigureAwait(false);
            cpuAtStart = Process.GetCurrentProcess().TotalProcessorTime;
            await DelayUntilAsync(windowEnd, token).ConfigureAwait(false);
            cpuAtEnd = Process.GetCurrentProcess().TotalProcessorTime;
        }, CancellationToken.None);

        try
        {
            var load = _o.Profile switch
            {
                "fanout" => RunPublishersAsync(_o.Rate, windowEnd, token),
                "pairs" or "cross" => RunPublishersAsync(_o.Rate / _o.Pairs, windowEnd, token),
                "chat" => RunCustomersAsync(windowEnd, token),
                _ => RunIdleAsync(windowEnd, token),
            };
            await load.ConfigureAwait(false);
            await cpuSampler.ConfigureAwait(false);
            await DrainAsync(token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            Stats.Error("run stopped by --timeout");
        }

        if (cpuAtEnd == TimeSpan.Zero)
        {
            cpuAtEnd = Process.GetCurrentProcess().TotalProcessorTime;
        }

        return new WorkerResult
        {
            Worker = _index,
            Connections = _clients.Count,
            Subscribers = _subscribers,
            Published = Stats.Published,
            Delivered = Stats.Delivered,
            DeliveredInWindow = Stats.DeliveredInWindow,
            Errors = Stats.Errors,
            Stalls = Interlocked.Read(ref _stalls),
            ErrorSamples = [.. Stats.ErrorSamples],
            Latency = Stats.Latency.ToSparse(),
            LatencyMax = Stats.Latency.MaxMicros,
            Connect = Stats.ConnectTime.ToSparse(),
            ConnectMax = Stats.ConnectTime.MaxMicros,
            SetupSeconds = _setupSeconds,
            WindowSeconds = _o.Duration,
            CpuSecondsInWindow = (cpuAtEnd - cpuAtStart).TotalSeconds,
        };
    }

    public async ValueTask DisposeAsync()
    {
        await _stopHeartbeats.CancelAsync().ConfigureAwait(false);
        await _heartbeats.ConfigureAwait(false);

        // Close in parallel batches: thousands of idle connections close in seconds, not minutes.
        foreach (var batch in _clients.Chunk(256))
        {
            await Task.WhenAll(batch.Select(c => c.DisposeAsync().AsTask())).ConfigureAwait(false);
        }

        _invoker.Dispose();
        _http.Dispose();
    }

    // ---- fanout: 1 publisher -> N subscribers on one topic -------------------------------------------------

    private async Task SetupFanoutAsync(CancellationToken token)
    {
        var topic = $"/topic/{_o.TopicPrefix}-fanout";
        var (login, passcode) = await TopicCredentialsAsync(token).ConfigureAwait(false);
        var mine = Enumerable.Range(0, _o.Subscribers).Where(i => i % _count == _index).ToList();
        await ForEachParallelAsync(mine, async i =>
        {
            var client = await OpenAsync(_o.Url, login, passcode, token).ConfigureAwait(false);
            client.OnMessage = (_, _, body, at) => Stats.CountDelivery(body, at);
            await client.SubscribeAsync(topic, "0", token).ConfigureAwait(false);
            Interlocked.Increment(ref _subscribers);
        }, token).ConfigureAwait(false);

        if (_index == 0)
        {
            var publisher = await OpenAsync(_o.PubUrl, login, passcode, token).ConfigureAwait(false);
            _publishers.Add(new Publisher(publisher, SendTemplate.Topic(topic, _o.Size), null));
        }
    }

    // ---- pairs and cross: P publishers -> P subscribers, pair p on /topic/<prefix>-pair-p ---------------------

    private async Task SetupPairsAsync(CancellationToken token)
    {
        var (login, passcode) = await TopicCredentialsAsync(token).ConfigureAwait(false);
        var mine = Enumerable.Range(0, _o.Pairs).Where(i => i % _count == _index).ToList();
        var pairs = new Publisher[_o.Pairs];
        await ForEachParallelAsync(mine, async p =>
        {
            var topic = $"/topic/{_o.TopicPrefix}-pair-{p}";
            var window = new SemaphoreSlim(_o.Window, _o.Window);
            var subscriber = await OpenAsync(_o.Url, login, passcode, token).ConfigureAwait(false);
            subscriber.OnMessage = (_, _, body, at) =>
            {
                Stats.CountDelivery(body, at);

                // A publisher that waited a second for the window (a stall) sent without taking a slot; the late
                // delivery must not then push the window past its size.
                if (window.CurrentCount < _o.Window)
                {
                    window.Release();
                }
            };
            await subscriber.SubscribeAsync(topic, "0", token).ConfigureAwait(false);
            Interlocked.Increment(ref _subscribers);
            var publisher = await OpenAsync(_o.PubUrl, login, passcode, token).ConfigureAwait(false);
            pairs[p] = new Publisher(publisher, SendTemplate.Topic(topic, _o.Size), window);
        }, token).ConfigureAwait(false);
        _publishers.AddRange(pairs.Where(p => p is not null));
    }

    private async Task RunPublishersAsync(double ratePerPublisher, long until, CancellationToken token)
    {
        await Task.WhenAll(_publishers.Select(p => Task.Run(() => PublishLoopAsync(p, ratePerPublisher, until, token), token))).ConfigureAwait(false);
    }

    /// <summary>Publishes until <paramref name="until"/>: paced at <paramref name="rate"/> msgs/s, or when 0 as fast as the window allows.</summary>
    private async Task PublishLoopAsync(Publisher p, double rate, long until, CancellationToken token)
    {
        var start = Stopwatch.GetTimestamp();
        long sent = 0;
        var frame = p.Template.Bytes;
        while (!token.IsCancellationRequested && p.Client.IsOpen)
        {
            var now = Stopwatch.GetTimestamp();
            if (now >= until)
            {
                return;
            }

            if (rate > 0)
            {
                var due = (long)((now - start) / TicksPerSecond * rate);
                if (sent >= due)
                {
                    await Task.Delay(1, token).ConfigureAwait(false);
                    continue;
                }
            }

            if (p.Window is { } window && !await window.WaitAsync(TimeSpan.FromSeconds(1), token).ConfigureAwait(false))
            {
                // Nothing came back for a second: count it, and go on (a lost message must not stall the run).
                Interlocked.Increment(ref _stalls);
            }

            Stats.Stamp(frame, p.Template.StampOffset);
            await p.Client.SendAsync(frame, token).ConfigureAwait(false);
            Stats.CountPublished();
            sent++;
        }
    }

    // ---- chat: N customers <-> M agents through /chat/message, every conversation claimed ----------------------

    private async Task SetupChatAsync(CancellationToken token)
    {
        if (_o.Auth != "customerchat")
        {
            throw new InvalidOperationException("The chat profile needs --auth customerchat: it uses CustomerChat's own destinations.");
        }

        // Agents first, so every conversation.waiting reaches them; agent a belongs to worker a % count.
        var agentNames = _o.Agents.Where((_, i) => i % _count == _index).ToList();
        foreach (var name in agentNames)
        {
            var token2 = await LoginAsync(name, token).ConfigureAwait(false);
            var client = await OpenAsync(_o.Url, "lg", token2, token).ConfigureAwait(false);
            var agent = new Agent(client, name);
            client.OnMessage = (c, sub, body, at) => OnAgentMessage(agent, sub, body, at);
            await client.SubscribeAsync("/chat/topic/support", "s", token).ConfigureAwait(false);
            await client.SubscribeAsync("/user/queue/messages", "m", token).ConfigureAwait(false);
            await client.SubscribeAsync("/user/queue/errors", "e", token).ConfigureAwait(false);
            _agents.Add(agent);
            Interlocked.Increment(ref _subscribers);
        }

        // Customers: worker w takes customer c when c % count == w, and only workers with agents get customers.
        var workersWithAgents = Math.Min(_count, _o.Agents.Length);
        var mine = _index < workersWithAgents
            ? Enumerable.Range(0, _o.Customers).Where(c => c % workersWithAgents == _index).ToList()
            : [];
        var customers = new Customer?[_o.Customers];
        await ForEachParallelAsync(mine, async c =>
        {
            var guest = await GuestAsync($"lg-{c}", token).ConfigureAwait(false);
            var client = await OpenAsync(_o.Url, "lg", guest, token).ConfigureAwait(false);
            var customer = new Customer(client);
            client.OnMessage = (_, sub, body, at) => OnCustomerMessage(customer, sub, body, at);
            await client.SubscribeAsync("/user/queue/events", "v", token).ConfigureAwait(false);
            await client.SubscribeAsync("/user/queue/messages", "m", token).ConfigureAwait(false);
            await client.SubscribeAsync("/user/queue/errors", "e", token).ConfigureAwait(false);
            var conversation = await customer.ConversationId.Task.WaitAsync(TimeSpan.FromSeconds(10), token).ConfigureAwait(false);
            customer.Template = SendTemplate.Chat(null, _o.Size);

            // Claimed by one of this worker's agents, round robin.
            var agent = _agents[c / workersWithAgents % _agents.Count];
            await agent.Client.SendWithReceiptAsync("SEND\ndestination:/chat/claim\n", token, $"{{\"conversationId\":\"{conversation}\"}}")
                .WaitAsync(TimeSpan.FromSeconds(10), token).ConfigureAwait(false);
            customers[c] = customer;
            Interlocked.Increment(ref _subscribers);
        }, token).ConfigureAwait(false);
        _customers.AddRange(customers.OfType<Customer>());
    }

    private void OnAgentMessage(Agent agent, byte subscription, ReadOnlySpan<byte> body, long at)
    {
        if (subscription == (byte)'e')
        {
            Stats.Error("refused: " + Encoding.UTF8.GetString(body));
            return;
        }

        if (subscription != (byte)'m' || !Stats.TryReadStamp(body, out _))
        {
            return;
        }

        Stats.CountDelivery(body, at);
        if (body.IndexOf("\"senderRole\":\"customer\""u8) >= 0 && ReadString(body, "\"conversationId\":\""u8) is { } conversation)
        {
            _ = ReplyAsync(agent, conversation);
        }
    }

    private async Task ReplyAsync(Agent agent, string conversation)
    {
        var template = SendTemplate.Chat(conversation, _o.Size);
        Stats.Stamp(template.Bytes, template.StampOffset);
        try
        {
            await agent.Client.SendAsync(template.Bytes, CancellationToken.None).ConfigureAwait(false);
            Stats.CountPublished();
        }
        catch (Exception ex) when (ex is System.Net.WebSockets.WebSocketException or IOException or ObjectDisposedException or OperationCanceledException)
        {
            Stats.Error("agent reply failed: " + ex.Message);
        }
    }

    private void OnCustomerMessage(Customer customer, byte subscription, ReadOnlySpan<byte> body, long at)
    {
        switch (subscription)
        {
            case (byte)'v' when !customer.ConversationId.Task.IsCompleted:
                if (ConversationIdOf(body) is { } id)
                {
                    customer.ConversationId.TrySetResult(id);
                }

                break;
            case (byte)'m':
                Stats.CountDelivery(body, at);
                break;
            case (byte)'e':
                Stats.Error("refused: " + Encoding.UTF8.GetString(body));
                break;
        }
    }

    /// <summary>Customers write at <c>--rate</c> msgs/s in all, round robin; agents answer each message as it arrives.</summary>
    private async Task RunCustomersAsync(long until, CancellationToken token)
    {
        if (_customers.Count == 0)
        {
            await DelayUntilAsync(until, token).ConfigureAwait(false);
            return;
        }

        var rate = _o.Rate * _customers.Count / _o.Customers;
        var start = Stopwatch.GetTimestamp();
        long sent = 0;
        while (!token.IsCancellationRequested)
        {
            var now = Stopwatch.GetTimestamp();
            if (now >= until)
            {
                return;
            }

            var due = (long)((now - start) / TicksPerSecond * rate);
            if (sent >= due)
            {
                await Task.Delay(1, token).ConfigureAwait(false);
                continue;
            }

            var customer = _customers[(int)(sent % _customers.Count)];
            sent++;
            if (!customer.Client.IsOpen)
            {
                continue;
            }

            var template = customer.Template!;
            Stats.Stamp(template.Bytes, template.StampOffset);
            await customer.Client.SendAsync(template.Bytes, token).ConfigureAwait(false);
            Stats.CountPublished();
        }
    }

    // ---- idle: N connections that only exchange heart-beats --------------------------------------------------

    private async Task SetupIdleAsync(CancellationToken token)
    {
        // Heart-beats start with the first connection: a broker slow to accept thousands (RabbitMQ takes tens of
        // seconds) must not drop the early ones for silence while the later ones connect.
        _heartbeats = SendHeartbeatsAsync(_stopHeartbeats.Token);
        var (login, passcode) = await TopicCredentialsAsync(token).ConfigureAwait(false);
        var mine = Enumerable.Range(0, _o.Connections).Where(i => i % _count == _index).ToList();
        await ForEachParallelAsync(mine, async i =>
        {
            var client = await OpenAsync(_o.Url, login, passcode, token, receiveBufferSize: 1024).ConfigureAwait(false);
            client.OnMessage = (_, _, body, at) => Stats.CountDelivery(body, at);
            if (_o.IdleSubscribe != "none")
            {
                var topic = _o.IdleSubscribe == "own" ? $"/topic/{_o.TopicPrefix}-idle-{i}" : $"/topic/{_o.TopicPrefix}-idle";
                await client.SubscribeAsync(topic, "0", token).ConfigureAwait(false);
                Interlocked.Increment(ref _subscribers);
            }
        }, token).ConfigureAwait(false);
    }

    /// <summary>Holds the connections; the heart-beats go on in <see cref="SendHeartbeatsAsync"/>.</summary>
    private static Task RunIdleAsync(long until, CancellationToken token) => DelayUntilAsync(until, token);

    /// <summary>Sends every open connection an EOL heart-beat every 0.8 × the interval, until stopped.</summary>
    private async Task SendHeartbeatsAsync(CancellationToken stop)
    {
        if (_o.HeartbeatMs <= 0)
        {
            return;
        }

        var eol = "\n"u8.ToArray();
        var every = TimeSpan.FromMilliseconds(_o.HeartbeatMs * 0.8);
        try
        {
            while (true)
            {
                await Task.Delay(every, stop).ConfigureAwait(false);
                StompClient[] open;
                lock (_clients)
                {
                    open = [.. _clients.Where(c => c.IsOpen)];
                }

                foreach (var batch in open.Chunk(256))
                {
                    await Task.WhenAll(batch.Select(async c =>
                    {
                        try
                        {
                            await c.SendAsync(eol, stop).ConfigureAwait(false);
                        }
                        catch (Exception ex) when (ex is System.Net.WebSockets.WebSocketException or IOException or ObjectDisposedException or InvalidOperationException)
                        {
                            // Closed meanwhile: the receive loop counts it.
                        }
                    })).ConfigureAwait(false);
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    // ---- shared ----------------------------------------------------------------------------------------------

    /// <summary>Waits until deliveries stop growing (or all expected arrived), at most <c>--drain</c> seconds.</summary>
    private async Task DrainAsync(CancellationToken token)
    {
        var deadline = Stopwatch.GetTimestamp() + (long)(_o.Drain * TicksPerSecond);
        var last = -1L;
        var quietSince = Stopwatch.GetTimestamp();
        while (Stopwatch.GetTimestamp() < deadline)
        {
            await Task.Delay(100, token).ConfigureAwait(false);
            var now = Stats.Delivered;
            if (now != last)
            {
                last = now;
                quietSince = Stopwatch.GetTimestamp();
            }
            else if (Stopwatch.GetElapsedTime(quietSince) > TimeSpan.FromMilliseconds(500))
            {
                return;
            }
        }
    }

    private async Task<StompClient> OpenAsync(Uri url, string login, string passcode, CancellationToken token, int receiveBufferSize = 8192)
    {
        var client = new StompClient(Stats, receiveBufferSize);
        lock (_clients)
        {
            _clients.Add(client);
        }

        using var connectTimeout = CancellationTokenSource.CreateLinkedTokenSource(token);
        connectTimeout.CancelAfter(TimeSpan.FromSeconds(30));
        await client.ConnectAsync(url, _invoker, login, passcode, Heartbeat, connectTimeout.Token).ConfigureAwait(false);
        Stats.RecordConnect(client);
        return client;
    }

    private async Task<(string Login, string Passcode)> TopicCredentialsAsync(CancellationToken token) => _o.Auth switch
    {
        "customerchat" => ("lg", await LoginAsync(_o.Agent, token).ConfigureAwait(false)),
        _ => (_o.Login, _o.Passcode),
    };

    private async Task<string> LoginAsync(string username, CancellationToken token)
    {
        using var response = await _http.PostAsJsonAsync("/api/auth/login", new { username, password = _o.Password }, token).ConfigureAwait(false);
        response.EnsureSuccessStatusCode();
        return await TokenOfAsync(response, token).ConfigureAwait(false);
    }

    private async Task<string> GuestAsync(string name, CancellationToken token)
    {
        using var response = await _http.PostAsJsonAsync("/api/auth/guest", new { name }, token).ConfigureAwait(false);
        response.EnsureSuccessStatusCode();
        return await TokenOfAsync(response, token).ConfigureAwait(false);
    }

    private static async Task<string> TokenOfAsync(HttpResponseMessage response, CancellationToken token)
    {
        using var json = await JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync(token).ConfigureAwait(false), cancellationToken: token).ConfigureAwait(false);
        return json.RootElement.GetProperty("token").GetString() ?? throw new InvalidOperationException("no token in the auth response");
    }

    /// <summary>Runs <paramref name="action"/> for each item, <c>--connect-parallel</c> at a time; failures are counted, not thrown.</summary>
    private async Task ForEachParallelAsync(List<int> items, Func<int, Task> action, CancellationToken token)
    {
        await Parallel.ForEachAsync(items, new ParallelOptions { MaxDegreeOfParallelism = _o.ConnectParallel, CancellationToken = token }, async (item, _) =>
        {
            try
            {
                await action(item).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !token.IsCancellationRequested)
            {
                Stats.Error("setup: " + ex.GetType().Name + ": " + ex.Message);
            }
        }).ConfigureAwait(false);
    }

    private static async Task DelayUntilAsync(long timestamp, CancellationToken token)
    {
        var wait = (timestamp - Stopwatch.GetTimestamp()) / TicksPerSecond;
        if (wait > 0)
        {
            await Task.Delay(TimeSpan.FromSeconds(wait), token).ConfigureAwait(false);
        }
    }

    private static string? ConversationIdOf(ReadOnlySpan<byte> body)
    {
        try
        {
            var reader = new Utf8JsonReader(body);
            using var json = JsonDocument.ParseValue(ref reader);
            return json.RootElement.TryGetProperty("conversation", out var conversation)
                && conversation.ValueKind == JsonValueKind.Object
                && conversation.TryGetProperty("id", out var id) ? id.GetString() : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string? ReadString(ReadOnlySpan<byte> body, ReadOnlySpan<byte> prefix)
    {
        var at = body.IndexOf(prefix);
        if (at < 0)
        {
            return null;
        }

        var rest = body[(at + prefix.Length)..];
        var end = rest.IndexOf((byte)'"');
        return end < 0 ? null : Encoding.UTF8.GetString(rest[..end]);
    }

    private sealed record Publisher(StompClient Client, SendTemplate Template, SemaphoreSlim? Window);

    private sealed record Agent(StompClient Client, string Name);

    private sealed class Customer(StompClient client)
    {
        public StompClient Client { get; } = client;

        public TaskCompletionSource<string> ConversationId { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public SendTemplate? Template { get; set; }
    }
}
