using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Threading.Channels;

namespace CustomerChat.Broker.Tests.Workspace;

/// <summary>
/// A small, real SMTP server on 127.0.0.1 (a free port) for the transcript email tests: it speaks the plain
/// RFC 5321 dialogue (greeting, EHLO/HELO, MAIL, RCPT, DATA with dot-unstuffing, RSET, NOOP, QUIT), advertises
/// no extension (so the client must send 7-bit data) and hands every accepted message to
/// <see cref="NextMessageAsync"/>. <see cref="RefuseRecipients"/> makes it answer RCPT with 550.
/// </summary>
internal sealed class LoopbackSmtpServer : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly Channel<ReceivedMail> _received = Channel.CreateUnbounded<ReceivedMail>();
    private readonly Task _loop;
    private int _connections;

    private LoopbackSmtpServer()
    {
        _listener.Start();
        _loop = AcceptLoopAsync();
    }

    /// <summary>The port the server listens on.</summary>
    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    /// <summary>When true, every RCPT gets <c>550 mailbox unavailable</c>.</summary>
    public bool RefuseRecipients { get; set; }

    /// <summary>How many TCP connections the server has accepted.</summary>
    public int Connections => Volatile.Read(ref _connections);

    /// <summary>Starts a server.</summary>
    public static LoopbackSmtpServer Start() => new();

    /// <summary>The next message accepted after DATA, within 10 s.</summary>
    public async Task<ReceivedMail> NextMessageAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        return await _received.Reader.ReadAsync(timeout.Token);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        try
        {
            await _loop.WaitAsync(TimeSpan.FromSeconds(10));
        }
        catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // Stopping.
        }

        _stop.Dispose();
    }

    private async Task AcceptLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            Interlocked.Increment(ref _connections);
            _ = Task.Run(() => ServeAsync(client));
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        using var _ = client;
        using var session = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
        session.CancelAfter(TimeSpan.FromSeconds(30));
        var stream = client.GetStream();
        using var reader = new StreamReader(stream, Encoding.Latin1);
        async Task ReplyAsync(string line) => await stream.WriteAsync(Encoding.ASCII.GetBytes(line + "\r\n"), session.Token);

        try
        {
            await ReplyAsync("220 localhost ESMTP test server");
            string? from = null;
            var recipients = new List<string>();
            while (await reader.ReadLineAsync(session.Token) is { } line)
            {
                var verb = line.Split(' ', 2)[0].ToUpperInvariant();
                switch (verb)
                {
                    case "EHLO" or "HELO":
                        await ReplyAsync("250 localhost");
                        break;
                    case "MAIL":
                        from = Address(line);
                        recipients.Clear();
                        await ReplyAsync("250 2.1.0 OK");
                        break;
                    case "RCPT" when RefuseRecipients:
                        await ReplyAsync("550 5.1.1 mailbox unavailable");
                        break;
                    case "RCPT":
                        recipients.Add(Address(line));
                        await ReplyAsync("250 2.1.5 OK");
                        break;
                    case "DATA" when from is null || recipients.Count == 0:
                        await ReplyAsync("503 5.5.1 need MAIL and RCPT first");
                        break;
                    case "DATA":
                        await ReplyAsync("354 end data with <CR><LF>.<CR><LF>");
                        var data = new StringBuilder();
                        while (await reader.ReadLineAsync(session.Token) is { } dataLine && dataLine != ".")
                        {
                            data.Append(dataLine.StartsWith('.') ? dataLine[1..] : dataLine).Append("\r\n");
                        }

                        await _received.Writer.WriteAsync(new ReceivedMail(from, [.. recipients], Encoding.Latin1.GetBytes(data.ToString())), session.Token);
                        await ReplyAsync("250 2.0.0 queued");
                        from = null;
                        recipients.Clear();
                        break;
                    case "RSET":
                        from = null;
                        recipients.Clear();
                        await ReplyAsync("250 2.0.0 OK");
                        break;
                    case "NOOP":
                        await ReplyAsync("250 2.0.0 OK");
                        break;
                    case "QUIT":
                        await ReplyAsync("221 2.0.0 bye");
                        return;
                    default:
                        await ReplyAsync("502 5.5.2 command not implemented");
                        break;
                }
            }
        }
        catch (Exception ex) when (ex is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
        {
            // The client went away or the server stops.
        }
    }

    private static string Address(string line)
    {
        var start = line.IndexOf('<', StringComparison.Ordinal);
        var end = line.IndexOf('>', StringComparison.Ordinal);
        return start >= 0 && end > start ? line[(start + 1)..end] : "";
    }
}

/// <summary>A message the server accepted: the envelope and the raw data (dot-unstuffed, CRLF lines).</summary>
internal sealed record ReceivedMail(string From, IReadOnlyList<string> Recipients, byte[] Data);
