using System.Net;
using System.Net.Sockets;

namespace CustomerChat.Web.Tests.Reliability;

/// <summary>
/// A tiny TCP load balancer on a free loopback port: each accepted connection is piped, byte for byte, to the
/// backend current at the moment it was accepted (<see cref="SwitchTo"/> changes it for new connections only). When
/// either side of a pipe ends or fails, both sockets are closed, so when a backend process dies its clients' connections
/// close as they would behind a real balancer. HTTP and the pages' WebSocket (<c>/ws</c>, same origin) both go through it.
/// </summary>
public sealed class TcpBalancer : IAsyncDisposable
{
    private readonly TcpListener _listener;
    private readonly CancellationTokenSource _stop = new();
    private readonly Lock _lock = new();
    private readonly List<Pipe> _pipes = [];
    private readonly Dictionary<int, int> _accepted = [];
    private readonly Task _accepting;
    private volatile int _backendPort;

    private TcpBalancer(int backendPort)
    {
        _backendPort = backendPort;
        _listener = new TcpListener(IPAddress.Loopback, 0);
        _listener.Start();
        BaseUrl = new Uri($"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/");
        _accepting = AcceptAsync();
    }

    /// <summary>http://127.0.0.1:PORT/ of the balancer: where the pages are loaded from.</summary>
    public Uri BaseUrl { get; }

    /// <summary>Starts a balancer sending every connection to the backend on <paramref name="backendPort"/>.</summary>
    public static TcpBalancer Start(int backendPort) => new(backendPort);

    /// <summary>New connections go to the backend on <paramref name="backendPort"/> from now on; open ones stay where they are.</summary>
    public void SwitchTo(int backendPort) => _backendPort = backendPort;

    /// <summary>How many piped connections to the backend on <paramref name="backendPort"/> are open now.</summary>
    public int OpenConnections(int backendPort)
    {
        lock (_lock)
        {
            return _pipes.Count(p => p.BackendPort == backendPort);
        }
    }

    /// <summary>How many connections were accepted for each backend port, for diagnostics.</summary>
    public IReadOnlyDictionary<int, int> AcceptedByBackend
    {
        get
        {
            lock (_lock)
            {
                return new Dictionary<int, int>(_accepted);
            }
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        try
        {
            await _accepting;
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // Stopped.
        }

        List<Pipe> open;
        lock (_lock)
        {
            open = [.. _pipes];
            _pipes.Clear();
        }

        foreach (var pipe in open)
        {
            pipe.Close();
        }

        _stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await _listener.AcceptSocketAsync(_stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            _ = Task.Run(() => PipeAsync(client, _backendPort));
        }
    }

    private async Task PipeAsync(Socket client, int backendPort)
    {
        client.NoDelay = true;
        var backend = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            using var connectTimeout = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
            connectTimeout.CancelAfter(TimeSpan.FromSeconds(5));
            await backend.ConnectAsync(new IPEndPoint(IPAddress.Loopback, backendPort), connectTimeout.Token);
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException)
        {
            // The backend is down: the client sees its connection closed, as with a balancer that has no healthy target.
            client.Dispose();
            backend.Dispose();
            return;
        }

        var pipe = new Pipe(client, backend, backendPort);
        lock (_lock)
        {
            _pipes.Add(pipe);
            _accepted[backendPort] = _accepted.GetValueOrDefault(backendPort) + 1;
        }

        try
        {
            // Whichever direction ends first (EOF, reset, or the test stopping) ends both.
            await Task.WhenAny(CopyAsync(client, backend), CopyAsync(backend, client));
        }
        finally
        {
            pipe.Close();
            lock (_lock)
            {
                _pipes.Remove(pipe);
            }
        }
    }

    private async Task CopyAsync(Socket from, Socket to)
    {
        var buffer = new byte[16 * 1024];
        try
        {
            while (true)
            {
                var read = await from.ReceiveAsync(buffer, SocketFlags.None, _stop.Token);
                if (read == 0)
                {
                    return;
                }

                var sent = 0;
                while (sent < read)
                {
                    sent += await to.SendAsync(buffer.AsMemory(sent, read - sent), SocketFlags.None, _stop.Token);
                }
            }
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // The connection ended.
        }
    }

    /// <summary>One client connection and its backend connection.</summary>
    private sealed class Pipe(Socket client, Socket backend, int backendPort)
    {
        public int BackendPort => backendPort;

        public void Close()
        {
            client.Dispose();
            backend.Dispose();
        }
    }
}
